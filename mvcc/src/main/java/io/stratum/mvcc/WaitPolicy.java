package io.stratum.mvcc;

/** What a row lock or write does when another in-progress transaction holds the row. */
public enum WaitPolicy {
    /** Wait (bounded by the lock timeout, broken by deadlock detection). */
    BLOCK,
    /** Fail at once with {@link MvccException.Reason#LOCK_NOT_AVAILABLE}. */
    NOWAIT,
    /** Skip the row ({@link Outcome#SKIPPED}). */
    SKIP_LOCKED
}
