package io.stratum.mvcc.heap;

import io.stratum.mvcc.BufferPool;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.LockMode;
import io.stratum.mvcc.MvccException;
import io.stratum.mvcc.MvccException.Reason;
import io.stratum.mvcc.Outcome;
import io.stratum.mvcc.WaitPolicy;
import io.stratum.mvcc.txn.Txn;
import io.stratum.mvcc.txn.TxnManager;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Update, delete and row lock of one version, as PostgreSQL's heap_update/heap_delete/heap_lock_tuple:
 * under the page's exclusive latch the version's xmax decides. Free (none, aborted, a finished or own
 * lock): the change is logged. Ours: SELF_MODIFIED. A committed change: READ COMMITTED returns
 * UPDATED (newest TID in {@code out[0]}) or DELETED, REPEATABLE READ throws SERIALIZATION_FAILURE. In
 * progress: drop latch and pin, take the row's tuple lock (FIFO), wait for the xid, look again.
 * Also in-page pruning of versions dead to every snapshot.
 */
final class HeapWriter {
    private static final int FREE = 0;
    private static final int SELF = 1;
    private static final int BUSY = 2;
    private static final int GONE_UPDATED = 3;
    private static final int GONE_DELETED = 4;

    private final Heap heap;
    private final BufferPool pool;
    private final TxnManager mgr;

    HeapWriter(final Heap heap) {
        this.heap = heap;
        this.pool = heap.pool;
        this.mgr = heap.mgr;
    }

    private int classify(final Txn t, final long xmax, final int flags) {
        if (xmax == 0) {
            return FREE;
        }
        final boolean lockOnly = (flags & HeapPage.LOCK_ONLY) != 0;
        if (t.isMine(xmax)) {
            return lockOnly ? FREE : SELF;
        }
        final int s = mgr.state(xmax);
        if (s == TxnManager.IN_PROGRESS) {
            return BUSY;
        }
        if (s == TxnManager.ABORTED || lockOnly) {
            return FREE;
        }
        return (flags & HeapPage.UPDATED) != 0 ? GONE_UPDATED : GONE_DELETED;
    }

    /**
     * @param hot an update whose new version may be heap-only (the caller changes no indexed column):
     *     then {@code out[1]} is set to 1 when it was (the caller adds no index entry), else 0
     */
    Outcome modify(final Txn t, final long tid, final int op, final DirectBuffer src, final int off, final int len,
                   final LockMode mode, final WaitPolicy wait, final long[] out, final boolean hot) {
        t.checkWritable();
        if (hot) {
            out[1] = 0;
        }
        final long xid = t.writeXid();
        boolean tupleLocked = false;
        boolean pruned = false;
        try {
            for (;;) {
                final long blk = HeapPage.block(tid);
                final int slot = HeapPage.slot(tid);
                if (blk >= heap.blocks()) {
                    return gone(t, out);
                }
                long conflict = 0;
                final int b = pool.pin(heap.hi, heap.lo(blk));
                boolean latched = false;
                try {
                    pool.latchExclusive(b);
                    latched = true;
                    final MutableDirectBuffer p = pool.page(b);
                    final int o = pool.pageOffset(b);
                    if (!HeapPage.initialised(p, o) || !HeapPage.normal(p, o, slot)) {
                        return gone(t, out);
                    }
                    final int at = o + HeapPage.lpOffset(p, o, slot);
                    final long xmax = HeapPage.xmax(p, at);
                    final int flags = HeapPage.flags(p, at);
                    final boolean shareLocked = xmax != 0
                        && (flags & (HeapPage.LOCK_ONLY | HeapPage.LOCK_SHARE)) == (HeapPage.LOCK_ONLY | HeapPage.LOCK_SHARE);
                    final boolean wantShare = op == HeapRedo.OP_LOCK && mode == LockMode.SHARE;
                    if (shareLocked && wantShare && !t.isMine(xmax) && mgr.state(xmax) == TxnManager.IN_PROGRESS) {
                        mgr.locks().addShareLocker(t, heap.relation, tid, xid); // FOR SHARE does not block FOR SHARE
                        out[0] = tid;
                        return Outcome.OK;
                    }
                    int state = classify(t, xmax, flags);
                    long sharer = 0;
                    if (state == FREE && shareLocked && !wantShare) {
                        sharer = mgr.locks().activeShareLocker(t, heap.relation, tid);
                        if (sharer != 0) {
                            state = BUSY;
                        }
                    }
                    switch (state) {
                        case SELF:
                            return Outcome.SELF_MODIFIED;
                        case GONE_UPDATED:
                            if (t.isolation() != Isolation.READ_COMMITTED) {
                                throw serialization(tid);
                            }
                            out[0] = HeapPage.ctid(p, at);
                            return Outcome.UPDATED;
                        case GONE_DELETED:
                            return gone(t, out);
                        case BUSY:
                            conflict = sharer != 0 ? sharer : xmax;
                            break;
                        default:
                            if (op == HeapRedo.OP_LOCK) {
                                final boolean share = mode == LockMode.SHARE;
                                final boolean held = xmax != 0 && t.isMine(xmax) && (flags & HeapPage.LOCK_ONLY) != 0
                                    && (share || (flags & HeapPage.LOCK_SHARE) == 0);
                                if (!held) {
                                    final int n = HeapRedo.lock(t.encoder, t.record, heap.hi, heap.lo(blk), slot, xid,
                                        t.cid(), share);
                                    apply1(t, b, n);
                                }
                                out[0] = tid;
                                return Outcome.OK;
                            }
                            if (op == HeapRedo.OP_DELETE) {
                                apply1(t, b, HeapRedo.delete(t.encoder, t.record, heap.hi, heap.lo(blk), slot, xid,
                                    t.cid()));
                                out[0] = tid;
                                return Outcome.OK;
                            }
                            final int need = HeapPage.TUPLE_HEADER + len;
                            if (HeapPage.fits(p, o, need)) {
                                final int newSlot = HeapPage.chooseSlot(p, o);
                                apply1(t, b, hot
                                    ? HeapRedo.hotUpdate(t.encoder, t.record, heap.hi, heap.lo(blk), slot, newSlot, xid,
                                        t.cid(), src, off, len)
                                    : HeapRedo.update(t.encoder, t.record, heap.hi, heap.lo(blk), false,
                                        heap.lo(blk), slot, newSlot, xid, t.cid(), src, off, len));
                                heap.fsm.set(blk, HeapPage.freeTotal(p, o));
                                out[0] = HeapPage.tid(blk, newSlot);
                                if (hot) {
                                    out[1] = 1;
                                }
                                return Outcome.OK;
                            }
                            if (!pruned && prune(t, b, blk)) {
                                pruned = true;
                                continue; // the page was compacted: read the version again
                            }
                            pool.unlatch(b);
                            latched = false;
                            if (updateElsewhere(t, b, blk, slot, xmax, flags, xid, src, off, len, out)) {
                                return Outcome.OK;
                            }
                            continue; // the version changed while unlatched: look again
                    }
                } finally {
                    if (latched) {
                        pool.unlatch(b);
                    }
                    pool.unpin(b);
                }
                if (wait == WaitPolicy.NOWAIT) {
                    throw MvccException.of(Reason.LOCK_NOT_AVAILABLE, "could not obtain lock on row in relation",
                        "relation", heap.relation, "tid", tid);
                }
                if (wait == WaitPolicy.SKIP_LOCKED) {
                    return Outcome.SKIPPED;
                }
                if (!tupleLocked) {
                    tupleLocked = mgr.locks().lockTuple(t, heap.relation, tid, wait);
                    continue;
                }
                mgr.locks().waitForXid(t, conflict, wait);
            }
        } finally {
            if (tupleLocked) {
                mgr.locks().unlockTuple(t, heap.relation, tid);
            }
        }
    }

    private Outcome gone(final Txn t, final long[] out) {
        if (t.isolation() != Isolation.READ_COMMITTED) {
            throw serialization(0);
        }
        out[0] = 0;
        return Outcome.DELETED;
    }

    private static MvccException serialization(final long tid) {
        return MvccException.of(Reason.SERIALIZATION_FAILURE, "could not serialize access due to concurrent update",
            "tid", tid);
    }

    private void apply1(final Txn t, final int b, final int recordLength) {
        t.buffers[0] = b;
        t.logger.apply(t.record, 0, recordLength, t.buffers, 1);
    }

    /**
     * The new version goes to another block: pin a target, latch both pages in block order, re-check
     * that the old version is unchanged, log one UPDATE over both. Old page {@code b} is pinned, not latched.
     */
    private boolean updateElsewhere(final Txn t, final int b, final long blk, final int slot, final long xmax,
                                    final int flags, final long xid, final DirectBuffer src, final int off,
                                    final int len, final long[] out) {
        final int need = HeapPage.TUPLE_HEADER + len;
        long target = heap.fsm.candidate(need, blk);
        if (target < 0) {
            target = heap.extend(t);
        }
        final int nb = pool.pin(heap.hi, heap.lo(target));
        try {
            final boolean newFirst = target < blk;
            pool.latchExclusive(newFirst ? nb : b);
            pool.latchExclusive(newFirst ? b : nb);
            try {
                final MutableDirectBuffer p = pool.page(b);
                final int o = pool.pageOffset(b);
                if (!HeapPage.normal(p, o, slot)) {
                    return false;
                }
                final int at = o + HeapPage.lpOffset(p, o, slot);
                if (HeapPage.xmax(p, at) != xmax || HeapPage.flags(p, at) != flags) {
                    return false;
                }
                final MutableDirectBuffer np = pool.page(nb);
                final int no = pool.pageOffset(nb);
                if (!HeapPage.fits(np, no, need)) {
                    heap.fsm.set(target, 0);
                    return false;
                }
                final int newSlot = HeapPage.chooseSlot(np, no);
                final int n = HeapRedo.update(t.encoder, t.record, heap.hi, heap.lo(target), !HeapPage.initialised(np, no),
                    heap.lo(blk), slot, newSlot, xid, t.cid(), src, off, len);
                t.buffers[0] = nb;
                t.buffers[1] = b;
                t.logger.apply(t.record, 0, n, t.buffers, 2);
                heap.fsm.set(target, HeapPage.freeTotal(np, no));
                out[0] = HeapPage.tid(target, newSlot);
                return true;
            } finally {
                pool.unlatch(b);
                pool.unlatch(nb);
            }
        } finally {
            pool.unpin(nb);
        }
    }

    /**
     * Prunes the exclusively latched page {@code b} of versions no snapshot can see (inserted by an aborted
     * xid, or deleted/updated by a committed xid below the oldest snapshot xmin), chain by chain: a chain
     * (a root slot and the heap-only versions HOT updates linked to it) whose versions are all dead leaves
     * a dead root line pointer (index entries may name it, VACUUM frees it) and frees its heap-only slots; a
     * chain whose first versions are dead redirects its root to the first survivor and frees the dead
     * heap-only slots at once (no index entry names them). Then the page is compacted. Returns whether
     * anything was pruned.
     */
    boolean prune(final Txn t, final int b, final long blk) {
        return prune(t, b, blk, false);
    }

    /**
     * As {@link #prune(Txn, int, long)}; unless {@code all} (VACUUM), a page whose prune xid is 0 (no version
     * on it was updated or deleted) is left unscanned, as PostgreSQL skips a page whose pd_prune_xid is unset.
     */
    boolean prune(final Txn t, final int b, final long blk, final boolean all) {
        final MutableDirectBuffer p = pool.page(b);
        final int o = pool.pageOffset(b);
        if (!HeapPage.initialised(p, o) || (!all && HeapPage.pruneXid(p, o) == 0)) {
            return false;
        }
        final long horizon = mgr.oldestXmin();
        if (!all && Long.compareUnsigned(HeapPage.pruneXid(p, o), horizon) >= 0) {
            return false; // no xmax on the page is below the horizon yet (PostgreSQL's prune_xid test)
        }
        final long[] memo = t.xidMemo();
        final int n = HeapPage.nslots(p, o);
        final int m = HeapPage.MAX_SLOTS;
        final int[] a = PRUNE_SCRATCH.get(); // per thread: a Txn's own would be allocated again per transaction
        final int unused = m;
        final int redirect = 2 * m;
        final int seen = 4 * m;
        final int chain = 5 * m;
        java.util.Arrays.fill(a, seen, seen + n, 0);
        int nDead = 0;
        int nUnused = 0;
        int nRedirect = 0;
        for (int r = 0; r < n; r++) {
            int first = HeapPage.redirect(p, o, r);
            if (first < 0) {
                if (!HeapPage.normal(p, o, r) || heapOnly(p, o, r)) {
                    continue;
                }
                first = r;
            } else if (!HeapPage.normal(p, o, first)) {
                continue;
            }
            int k = 0;
            int firstLive = -1;
            int lastLive = -1;
            for (int s = first; s >= 0 && k < n && a[seen + s] == 0; s = HeapPage.hotNext(p, o, s)) {
                a[seen + s] = 1;
                if (!deadToAll(p, o + HeapPage.lpOffset(p, o, s), horizon, memo)) {
                    if (firstLive < 0) {
                        firstLive = k;
                    }
                    lastLive = k;
                }
                a[chain + k++] = s;
            }
            if (firstLive < 0) {
                a[nDead++] = r;
                for (int j = 0; j < k; j++) {
                    if (a[chain + j] != r) {
                        a[unused + nUnused++] = a[chain + j];
                    }
                }
                continue;
            }
            for (int j = 0; j < k; j++) {
                if ((j < firstLive || j > lastLive) && a[chain + j] != r) {
                    a[unused + nUnused++] = a[chain + j];
                }
            }
            if (firstLive > 0) {
                a[redirect + 2 * nRedirect] = r;
                a[redirect + 2 * nRedirect + 1] = a[chain + firstLive];
                nRedirect++;
            }
        }
        for (int s = 0; s < n; s++) { // heap-only versions no chain reaches: their updater aborted
            if (a[seen + s] == 0 && HeapPage.normal(p, o, s) && heapOnly(p, o, s)
                && deadToAll(p, o + HeapPage.lpOffset(p, o, s), horizon, memo)) {
                a[unused + nUnused++] = s;
            }
        }
        if (nDead + nUnused + nRedirect == 0) {
            return false;
        }
        final int len = nUnused == 0 && nRedirect == 0
            ? HeapRedo.slots(t.encoder, t.record, HeapRedo.OP_PRUNE, heap.hi, heap.lo(blk), a, nDead)
            : HeapRedo.pruneHot(t.encoder, t.record, heap.hi, heap.lo(blk), a, 0, nDead, unused, nUnused, redirect,
                nRedirect);
        apply1(t, b, len);
        return true;
    }

    /** {@link #prune}'s slot lists: the dead, unused, redirected, seen and chain arrays, {@code 6 * MAX_SLOTS}. */
    private static final ThreadLocal<int[]> PRUNE_SCRATCH =
        ThreadLocal.withInitial(() -> new int[6 * HeapPage.MAX_SLOTS]);

    private static boolean heapOnly(final DirectBuffer p, final int o, final int slot) {
        return (HeapPage.flags(p, o + HeapPage.lpOffset(p, o, slot)) & HeapPage.HEAP_ONLY) != 0;
    }

    /**
     * Whether the version at {@code at} is dead to every snapshot: inserted by an aborted xid, or updated or
     * deleted by an xid committed below {@code horizon}. {@code memo} ({@link io.stratum.mvcc.txn.Txn#xidMemo})
     * remembers the last finished xmin and xmax looked up.
     */
    boolean deadToAll(final DirectBuffer p, final int at, final long horizon, final long[] memo) {
        final long xmin = HeapPage.xmin(p, at);
        if (state(xmin, horizon, memo, 0) == TxnManager.ABORTED) {
            return true;
        }
        final long xmax = HeapPage.xmax(p, at);
        if (xmax == 0 || (HeapPage.flags(p, at) & HeapPage.LOCK_ONLY) != 0 || xmax >= horizon) {
            return false;
        }
        return state(xmax, horizon, memo, 2) == TxnManager.COMMITTED;
    }

    private int state(final long xid, final long horizon, final long[] memo, final int slot) {
        if (xid != 0) { // both slots: along a HOT chain one version's xmax is the next one's xmin
            if (memo[0] == xid) {
                return (int) memo[1];
            }
            if (memo[2] == xid) {
                return (int) memo[3];
            }
        }
        final int s = mgr.stateBelow(xid, horizon);
        if (s != TxnManager.IN_PROGRESS) { // final: it cannot change
            memo[slot] = xid;
            memo[slot + 1] = s;
        }
        return s;
    }
}
