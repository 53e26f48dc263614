package io.stratum.compute.sql.ast;

/**
 * Row-lock strength of a {@link LockingClause}.
 */
public enum LockStrength {
    /** {@code FOR UPDATE} */
    UPDATE,
    /** {@code FOR NO KEY UPDATE} */
    NO_KEY_UPDATE,
    /** {@code FOR SHARE} */
    SHARE,
    /** {@code FOR KEY SHARE} */
    KEY_SHARE
}
