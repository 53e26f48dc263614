package io.stratum.mvcc.btree;

import io.stratum.mvcc.Transaction;

/**
 * Blocks a unique-index inserter until transaction {@code xid} ends (mvcc wires {@code MvccStore.waitFor});
 * it may throw {@link io.stratum.mvcc.MvccException} DEADLOCK_DETECTED, LOCK_NOT_AVAILABLE or CANCELED.
 * Called with no page latch held.
 */
@FunctionalInterface
public interface XidWaiter {
    void waitFor(Transaction tx, long xid);
}
