package io.stratum.compute.sql.ast;

/**
 * The kind of a {@link Join}.
 */
public enum JoinKind {
    /** {@code [INNER] JOIN} */
    INNER,
    /** {@code LEFT [OUTER] JOIN} */
    LEFT,
    /** {@code RIGHT [OUTER] JOIN} */
    RIGHT,
    /** {@code FULL [OUTER] JOIN} */
    FULL,
    /** {@code CROSS JOIN} and the comma of a FROM list is NOT this: see Select#from */
    CROSS
}
