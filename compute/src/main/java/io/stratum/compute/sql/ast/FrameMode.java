package io.stratum.compute.sql.ast;

/**
 * Unit of a {@link WindowFrame}.
 */
public enum FrameMode {
    /** {@code RANGE} */
    RANGE,
    /** {@code ROWS} */
    ROWS,
    /** {@code GROUPS} */
    GROUPS
}
