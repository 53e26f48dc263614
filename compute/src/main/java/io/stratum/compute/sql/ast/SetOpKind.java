package io.stratum.compute.sql.ast;

/**
 * Set operation of a {@link SetOp}.
 */
public enum SetOpKind {
    /** {@code UNION} */
    UNION,
    /** {@code INTERSECT} */
    INTERSECT,
    /** {@code EXCEPT} */
    EXCEPT
}
