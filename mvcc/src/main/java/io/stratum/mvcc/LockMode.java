package io.stratum.mvcc;

/** Row lock strengths of {@code SELECT ... FOR SHARE / FOR UPDATE}. */
public enum LockMode {
    SHARE,
    UPDATE
}
