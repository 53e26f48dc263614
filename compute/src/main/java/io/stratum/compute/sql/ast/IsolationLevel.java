package io.stratum.compute.sql.ast;

/**
 * {@code ISOLATION LEVEL ...}.
 */
public enum IsolationLevel {
    /** {@code READ UNCOMMITTED} */
    READ_UNCOMMITTED,
    /** {@code READ COMMITTED} */
    READ_COMMITTED,
    /** {@code REPEATABLE READ} */
    REPEATABLE_READ,
    /** {@code SERIALIZABLE} */
    SERIALIZABLE
}
