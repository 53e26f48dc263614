package io.stratum.compute.sql.ast;

/**
 * The pattern-matching form of a {@link Like}.
 */
public enum LikeKind {
    /** {@code LIKE} (operator ~~) */
    LIKE,
    /** {@code ILIKE} (operator ~~*) */
    ILIKE,
    /** {@code SIMILAR TO} */
    SIMILAR
}
