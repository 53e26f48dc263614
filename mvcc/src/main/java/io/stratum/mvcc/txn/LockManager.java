package io.stratum.mvcc.txn;

import io.stratum.mvcc.MvccException;
import io.stratum.mvcc.MvccException.Reason;
import io.stratum.mvcc.WaitPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Waits between transactions, as PostgreSQL's lock manager does for rows: a writer that meets a row held
 * by an in-progress transaction first takes the row's <em>tuple lock</em> (a FIFO queue per row, so a hot
 * row is handed from waiter to waiter in arrival order, not raced for), then waits for the holder's xid
 * to end. A wait that lasts {@code deadlockTimeout} runs deadlock detection once: every waiting
 * transaction waits for exactly one other (the tuple lock's owner or the xid's transaction), so the
 * wait-for graph is followed from the waiter; a path back to it is a deadlock and the waiter fails with
 * DEADLOCK_DETECTED. A lock timeout fails with LOCK_NOT_AVAILABLE, {@link Txn#cancel()} with CANCELED.
 * Nothing here holds a page latch or pin. One lock guards all state; waiters sleep on their own condition.
 * Threads: none (waits block the caller).
 */
public final class LockManager {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<TupleKey, TupleLock> tuples = new HashMap<>();
    private final Map<TupleKey, Sharers> sharers = new HashMap<>();
    private final List<Txn> waiting = new ArrayList<>();
    private final long deadlockTimeoutNanos;
    private TxnManager manager;

    private record TupleKey(int relation, long tid) { }

    /** Further FOR SHARE lockers of a row whose on-page xmax is another share locker (no multixact on the page). */
    private static final class Sharers {
        long[] xids = new long[4];
        int count;
    }

    private static final class TupleLock {
        Txn owner;
        final ArrayDeque<Txn> queue = new ArrayDeque<>();
    }

    public LockManager(final long deadlockTimeoutNanos) {
        this.deadlockTimeoutNanos = deadlockTimeoutNanos;
    }

    void bind(final TxnManager m) {
        this.manager = m;
    }

    ReentrantLock lock() {
        return lock;
    }

    /**
     * Takes the tuple lock of {@code (relation, tid)} for {@code me}, queueing behind earlier waiters.
     * Returns false only for {@link WaitPolicy#SKIP_LOCKED} when another transaction holds it.
     */
    public boolean lockTuple(final Txn me, final int relation, final long tid, final WaitPolicy policy) {
        final TupleKey key = new TupleKey(relation, tid);
        lock.lock();
        try {
            TupleLock tl = tuples.get(key);
            if (tl == null) {
                tl = new TupleLock();
                tl.owner = me;
                tuples.put(key, tl);
                return true;
            }
            if (tl.owner == me) {
                return true;
            }
            if (policy == WaitPolicy.NOWAIT) {
                throw MvccException.of(Reason.LOCK_NOT_AVAILABLE, "could not obtain lock on row", "relation", relation,
                    "tid", tid);
            }
            if (policy == WaitPolicy.SKIP_LOCKED) {
                return false;
            }
            tl.queue.addLast(me);
            final TupleLock held = tl;
            try {
                await(me, () -> held.owner, () -> held.owner == me);
            } catch (final RuntimeException e) {
                if (held.owner == me) {
                    release(key, held);
                } else {
                    held.queue.remove(me);
                }
                throw e;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Releases the tuple lock, handing it to the first waiter. */
    public void unlockTuple(final Txn me, final int relation, final long tid) {
        final TupleKey key = new TupleKey(relation, tid);
        lock.lock();
        try {
            final TupleLock tl = tuples.get(key);
            if (tl != null && tl.owner == me) {
                release(key, tl);
            }
        } finally {
            lock.unlock();
        }
    }

    private void release(final TupleKey key, final TupleLock tl) {
        final Txn next = tl.queue.pollFirst();
        if (next == null) {
            tuples.remove(key);
            return;
        }
        tl.owner = next;
        next.wake.signal();
        for (final Txn w : tl.queue) {
            w.wake.signal(); // their wait-for edge moved to the new owner
        }
    }

    /**
     * Waits until transaction {@code xid} (or the subtransaction) has ended.
     *
     * @return false for SKIP_LOCKED when it is still running
     */
    public boolean waitForXid(final Txn me, final long xid, final WaitPolicy policy) {
        lock.lock();
        try {
            if (!manager.isActive(xid)) {
                return true;
            }
            if (policy == WaitPolicy.NOWAIT) {
                throw MvccException.of(Reason.LOCK_NOT_AVAILABLE, "could not obtain lock: transaction holds the row",
                    "xid", xid);
            }
            if (policy == WaitPolicy.SKIP_LOCKED) {
                return false;
            }
            await(me, () -> manager.owner(xid), () -> !manager.isActive(xid));
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void await(final Txn me, final java.util.function.Supplier<Txn> holder,
                       final java.util.function.BooleanSupplier done) {
        final long start = System.nanoTime();
        boolean detected = false;
        waiting.add(me);
        try {
            while (!done.getAsBoolean()) {
                me.waitingFor = holder.get();
                if (me.canceled) {
                    me.canceled = false;
                    throw MvccException.of(Reason.CANCELED, "canceling statement due to user request");
                }
                final long now = System.nanoTime();
                final long timeout = me.lockTimeoutNanos;
                if (timeout > 0 && now - start >= timeout) {
                    throw MvccException.of(Reason.LOCK_NOT_AVAILABLE, "canceling statement due to lock timeout");
                }
                if (!detected && now - start >= deadlockTimeoutNanos) {
                    detected = true;
                    if (cycleFrom(me)) {
                        throw MvccException.of(Reason.DEADLOCK_DETECTED, "deadlock detected", "xid", me.xid());
                    }
                }
                long sleep = detected ? Long.MAX_VALUE : start + deadlockTimeoutNanos - now;
                if (timeout > 0) {
                    sleep = Math.min(sleep, start + timeout - now);
                }
                sleep = Math.min(Math.max(sleep, 1), 1_000_000_000L);
                try {
                    me.wake.awaitNanos(sleep);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw MvccException.of(Reason.CANCELED, "canceling statement: thread interrupted");
                }
            }
        } finally {
            me.waitingFor = null;
            waiting.remove(me);
        }
    }

    private boolean cycleFrom(final Txn me) {
        Txn t = me.waitingFor;
        for (int i = 0; t != null && i <= waiting.size(); i++) {
            if (t == me) {
                return true;
            }
            t = t.waitingFor;
        }
        return false;
    }

    /**
     * Records {@code xid} (of {@code me}) as one more FOR SHARE locker of a row already share-locked on the page
     * by another in-progress transaction. Kept in memory only: row locks do not outlive their holders.
     */
    public void addShareLocker(final Txn me, final int relation, final long tid, final long xid) {
        final TupleKey key = new TupleKey(relation, tid);
        lock.lock();
        try {
            final Sharers s = sharers.computeIfAbsent(key, k -> new Sharers());
            for (int i = 0; i < s.count; i++) {
                if (s.xids[i] == xid) {
                    return;
                }
            }
            if (s.count == s.xids.length) {
                s.xids = java.util.Arrays.copyOf(s.xids, s.count * 2);
            }
            s.xids[s.count++] = xid;
            me.shareKeys.add(key);
        } finally {
            lock.unlock();
        }
    }

    /** An in-progress extra FOR SHARE locker of the row other than {@code me}'s xids, or 0. */
    public long activeShareLocker(final Txn me, final int relation, final long tid) {
        final TupleKey key = new TupleKey(relation, tid);
        lock.lock();
        try {
            final Sharers s = sharers.get(key);
            if (s == null) {
                return 0;
            }
            compact(key, s);
            for (int i = 0; i < s.count; i++) {
                if (!me.isMine(s.xids[i])) {
                    return s.xids[i];
                }
            }
            return 0;
        } finally {
            lock.unlock();
        }
    }

    private void compact(final TupleKey key, final Sharers s) {
        int keep = 0;
        for (int i = 0; i < s.count; i++) {
            if (manager.isActive(s.xids[i])) {
                s.xids[keep++] = s.xids[i];
            }
        }
        s.count = keep;
        if (keep == 0) {
            sharers.remove(key);
        }
    }

    /** Wakes every transaction waiting for {@code ended} (called after it left the active set). */
    void ended(final Txn ended) {
        lock.lock();
        try {
            for (final Object k : ended.shareKeys) {
                final Sharers s = sharers.get(k);
                if (s != null) {
                    compact((TupleKey) k, s);
                }
            }
            if (ended.finished()) {
                ended.shareKeys.clear();
            }
            for (final Txn w : waiting) {
                if (w.waitingFor == ended || w.waitingFor == null) {
                    w.wake.signal();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes {@code t} if it waits (cancel). */
    void wake(final Txn t) {
        lock.lock();
        try {
            t.wake.signal();
        } finally {
            lock.unlock();
        }
    }
}
