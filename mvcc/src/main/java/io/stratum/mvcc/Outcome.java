package io.stratum.mvcc;

/**
 * Result of a heap write or row lock on a tuple found through a snapshot. Under READ COMMITTED the
 * executor re-checks its condition on {@link #UPDATED}'s newer version (PostgreSQL's EvalPlanQual)
 * and skips {@link #DELETED} rows; under REPEATABLE READ those cases throw
 * {@link MvccException.Reason#SERIALIZATION_FAILURE} instead of returning.
 */
public enum Outcome {
    /** Done. */
    OK,
    /** A transaction that committed after our snapshot updated the row; the newest version's TID is reported. */
    UPDATED,
    /** A transaction that committed after our snapshot deleted the row. */
    DELETED,
    /** The row was already changed by this transaction's current statement (leave it alone, as PostgreSQL does). */
    SELF_MODIFIED,
    /** {@link WaitPolicy#SKIP_LOCKED} and the row is locked. */
    SKIPPED
}
