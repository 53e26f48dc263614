package io.stratum.compute.sql.ast;

/**
 * The truth value an {@link IsBool} tests for.
 */
public enum BoolTestKind {
    /** {@code IS TRUE} */
    TRUE,
    /** {@code IS FALSE} */
    FALSE,
    /** {@code IS UNKNOWN} */
    UNKNOWN
}
