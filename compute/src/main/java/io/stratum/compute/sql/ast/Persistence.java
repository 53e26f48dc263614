package io.stratum.compute.sql.ast;

/**
 * Persistence of a created table or sequence.
 */
public enum Persistence {
    /** plain {@code CREATE TABLE} */
    PERMANENT,
    /** {@code CREATE TEMP|TEMPORARY TABLE} */
    TEMPORARY,
    /** {@code CREATE UNLOGGED TABLE} */
    UNLOGGED
}
