package io.stratum.compute.sql.ast;

/**
 * The kind of object a {@link Drop} removes.
 */
public enum ObjectKind {
    /** table */
    TABLE,
    /** index */
    INDEX,
    /** sequence */
    SEQUENCE,
    /** schema */
    SCHEMA,
    /** view */
    VIEW,
    /** materialized view */
    MATERIALIZED_VIEW,
    /** type (enum) */
    TYPE
}
