package io.stratum.compute.sql.ast;

/**
 * What a {@link LockingClause} does when a row is locked.
 */
public enum LockWait {
    /** nothing written: wait for the lock */
    BLOCK,
    /** {@code NOWAIT} */
    NOWAIT,
    /** {@code SKIP LOCKED} */
    SKIP_LOCKED
}
