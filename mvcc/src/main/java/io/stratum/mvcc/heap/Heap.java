package io.stratum.mvcc.heap;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRecords;
import io.stratum.mvcc.BufferPool;
import io.stratum.mvcc.HeapScan;
import io.stratum.mvcc.HeapTable;
import io.stratum.mvcc.LockMode;
import io.stratum.mvcc.Outcome;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.TupleFetch;
import io.stratum.mvcc.WaitPolicy;
import io.stratum.mvcc.txn.Txn;
import io.stratum.mvcc.txn.TxnManager;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A {@link HeapTable} over the buffer pool. Inserts go to a block the free-space map suggests (checked
 * under the page's exclusive latch), else the heap extends by one block: a REL_SIZE record (the engine's
 * relation-size entry) and the block's first INSERT with BLOCK_WILL_INIT. The block count is cached here,
 * exactly (every extension of this relation goes through this object). Updates, deletes and row locks
 * are in {@link HeapWriter}; reads copy tuples out under a shared latch. Thread-safe. Threads: none.
 */
public final class Heap implements HeapTable {
    final TxnManager mgr;
    final BufferPool pool;
    final int database;
    final int relation;
    final long hi;
    final FreeSpace fsm = new FreeSpace();
    private final Object extendLock = new Object();
    private volatile long nblocks;
    private final HeapWriter writer;

    /**
     * @param nblocks the relation's size when opened (from the page source's relation-size entry)
     */
    public Heap(final TxnManager mgr, final int relation, final long nblocks) {
        this.mgr = mgr;
        this.pool = mgr.pool();
        this.database = mgr.database();
        this.relation = relation;
        this.hi = PageKey.relHi(database, relation);
        this.nblocks = nblocks;
        fsm.opened(nblocks);
        this.writer = new HeapWriter(this);
    }

    HeapWriter writer() {
        return writer;
    }

    long lo(final long block) {
        return PageKey.relLo(relation, 0, block);
    }

    @Override
    public int relation() {
        return relation;
    }

    @Override
    public long blocks() {
        return nblocks;
    }

    /** Logs the relation's size entry as 0 blocks (a new heap). */
    public void logCreate(final Txn t) {
        synchronized (extendLock) {
            final int len = EngineRecords.relSize(t.encoder, t.record, 0, hi, PageKey.sizeLo(relation, 0), 0);
            t.logger.log(t.record, 0, len);
        }
    }

    static Txn txn(final Transaction tx) {
        if (!(tx instanceof Txn t)) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "transaction of another store");
        }
        return t;
    }

    @Override
    public long insert(final Transaction tx, final DirectBuffer src, final int offset, final int length) {
        final Txn t = txn(tx);
        t.checkWritable();
        if (length < 0 || length > HeapPage.MAX_DATA) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "tuple too large for a heap page", "length", length,
                "max", HeapPage.MAX_DATA);
        }
        final long xid = t.writeXid();
        final int need = HeapPage.TUPLE_HEADER + length;
        for (;;) {
            long blk = fsm.candidate(need, -1);
            if (blk < 0) {
                blk = extend(t);
            }
            final int b = pool.pin(hi, lo(blk));
            try {
                pool.latchExclusive(b);
                try {
                    final MutableDirectBuffer p = pool.page(b);
                    final int o = pool.pageOffset(b);
                    if (HeapPage.fits(p, o, need)) {
                        final int slot = HeapPage.chooseSlot(p, o);
                        final int len = HeapRedo.insert(t.encoder, t.record, hi, lo(blk), !HeapPage.initialised(p, o),
                            slot, xid, t.cid(), src, offset, length);
                        t.buffers[0] = b;
                        t.logger.apply(t.record, 0, len, t.buffers, 1);
                        fsm.set(blk, HeapPage.freeTotal(p, o));
                        return HeapPage.tid(blk, slot);
                    }
                    if (!writer.prune(t, b, blk) || !HeapPage.fits(p, o, need)) {
                        fsm.set(blk, 0);
                    }
                } finally {
                    pool.unlatch(b);
                }
            } finally {
                pool.unpin(b);
            }
        }
    }

    /** Adds one (empty, uninitialised) block; returns its number. */
    long extend(final Txn t) {
        synchronized (extendLock) {
            final long blk = nblocks;
            if (blk >= 0xFFFF_FFFEL) {
                throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "heap has too many blocks", "relation", relation);
            }
            pool.unpin(pool.pinNew(hi, lo(blk)));
            final int len = EngineRecords.relSize(t.encoder, t.record, 0, hi, PageKey.sizeLo(relation, 0),
                (int) (blk + 1));
            t.logger.log(t.record, 0, len);
            nblocks = blk + 1;
            fsm.extended(blk);
            return blk;
        }
    }

    @Override
    public Outcome update(final Transaction tx, final long tid, final DirectBuffer src, final int offset,
                          final int length, final WaitPolicy wait, final long[] out) {
        if (length < 0 || length > HeapPage.MAX_DATA) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "tuple too large for a heap page", "length", length);
        }
        return writer.modify(txn(tx), tid, HeapRedo.OP_UPDATE, src, offset, length, null, wait, out, false);
    }

    @Override
    public Outcome updateHot(final Transaction tx, final long tid, final DirectBuffer src, final int offset,
                             final int length, final WaitPolicy wait, final long[] out) {
        if (length < 0 || length > HeapPage.MAX_DATA) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "tuple too large for a heap page", "length", length);
        }
        if (out.length < 2) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "updateHot needs out[2]", "length", out.length);
        }
        return writer.modify(txn(tx), tid, HeapRedo.OP_UPDATE, src, offset, length, null, wait, out, true);
    }

    @Override
    public Outcome delete(final Transaction tx, final long tid, final WaitPolicy wait, final long[] out) {
        return writer.modify(txn(tx), tid, HeapRedo.OP_DELETE, null, 0, 0, null, wait, out, false);
    }

    @Override
    public Outcome lock(final Transaction tx, final long tid, final LockMode mode, final WaitPolicy wait,
                        final long[] out) {
        return writer.modify(txn(tx), tid, HeapRedo.OP_LOCK, null, 0, 0, mode, wait, out, false);
    }

    /** Prunes block {@code blk} if some version on it is dead to every snapshot (read-write stores only). */
    void pruneOpportunistically(final Txn t, final long blk) {
        if (mgr.readOnly()) {
            return;
        }
        final int b = pool.pin(hi, lo(blk));
        try {
            pool.latchExclusive(b);
            try {
                if (writer.prune(t, b, blk)) {
                    fsm.set(blk, HeapPage.freeTotal(pool.page(b), pool.pageOffset(b)));
                }
            } finally {
                pool.unlatch(b);
            }
        } finally {
            pool.unpin(b);
        }
    }

    /** Copies the version at {@code tid} into {@code f}; false when the slot holds none. */
    boolean load(final long tid, final HeapFetch f) {
        final long blk = HeapPage.block(tid);
        final int slot = HeapPage.slot(tid);
        if (blk >= nblocks) {
            return false;
        }
        final int b = pool.pin(hi, lo(blk));
        try {
            pool.latchShared(b);
            try {
                final MutableDirectBuffer p = pool.page(b);
                final int o = pool.pageOffset(b);
                if (!HeapPage.initialised(p, o) || !HeapPage.normal(p, o, slot)) {
                    return false;
                }
                f.load(p, o, slot, tid);
                return true;
            } finally {
                pool.unlatch(b);
            }
        } finally {
            pool.unpin(b);
        }
    }

    @Override
    public boolean fetch(final Transaction tx, final long tid, final TupleFetch into) {
        final Txn t = txn(tx);
        t.ensureStatement();
        final HeapFetch f = (HeapFetch) into;
        if (!load(tid, f)) {
            return false;
        }
        final DirectBuffer c = f.copy;
        return t.visible(HeapPage.xmin(c, 0), HeapPage.xmax(c, 0), HeapPage.cmin(c, 0), HeapPage.cmax(c, 0),
            (HeapPage.flags(c, 0) & HeapPage.LOCK_ONLY) != 0);
    }

    @Override
    public boolean fetchLatest(final Transaction tx, final long tid, final TupleFetch into) {
        final Txn t = txn(tx);
        final HeapFetch f = (HeapFetch) into;
        long at = tid;
        for (int hops = 0; hops < 1_000_000; hops++) {
            if (!load(at, f)) {
                return false;
            }
            final DirectBuffer c = f.copy;
            final long xmin = HeapPage.xmin(c, 0);
            if (!t.isMine(xmin) && mgr.state(xmin) == TxnManager.ABORTED) {
                return false;
            }
            final long xmax = HeapPage.xmax(c, 0);
            final int flags = HeapPage.flags(c, 0);
            if (xmax == 0 || (flags & HeapPage.LOCK_ONLY) != 0) {
                return true;
            }
            final boolean gone = t.isMine(xmax) || mgr.state(xmax) == TxnManager.COMMITTED;
            if (!gone) {
                return true;
            }
            if ((flags & HeapPage.UPDATED) == 0) {
                return false;
            }
            at = HeapPage.ctid(c, 0);
        }
        throw StratumException.of(ErrorCode.CORRUPT, "update chain does not end", "tid", tid);
    }

    @Override
    public TupleFetch newFetch() {
        return new HeapFetch();
    }

    @Override
    public HeapScan scan(final Transaction tx) {
        return new HeapScanImpl(this, txn(tx), 0, Long.MAX_VALUE);
    }

    @Override
    public HeapScan scan(final Transaction tx, final long fromBlock, final long toBlock) {
        if (fromBlock < 0 || toBlock < fromBlock) {
            throw new IllegalArgumentException("block range [" + fromBlock + ", " + toBlock + ")");
        }
        return new HeapScanImpl(this, txn(tx), fromBlock, toBlock);
    }

    /**
     * Walks the HOT chain whose root is {@code tid} (following a redirect), loading each version into
     * {@code f} in turn: {@code step} says whether to stop ({@code true}) at the version loaded. The page
     * stays pinned and share-latched for the whole walk (the visibility checks of {@code step} included:
     * heap page before commit-log page, the order a prune already takes), so a concurrent prune, which frees
     * dead heap-only slots at once for reuse, cannot cut the chain between two hops. (It did: a walker
     * passing the dead versions before its visible one found the next slot freed, ended the walk and missed
     * the row, so an UPDATE of pgbench's one-row branches table updated nothing in about 1 run in 25 of
     * PgbenchTest.) A version reached through a link must be the heap-only one its predecessor's updater
     * inserted (else the walk ends). Returns the number
     * of versions loaded, positive when a step stopped the walk, negative (or 0) when it ran out.
     */
    private int walk(final Txn t, final long tid, final HeapFetch f, final ChainStep step) {
        final long blk = HeapPage.block(tid);
        if (blk >= nblocks) {
            return 0;
        }
        int slot = HeapPage.slot(tid);
        long expectXmin = -1;
        final int b = pool.pin(hi, lo(blk));
        try {
            pool.latchShared(b);
            try {
                final MutableDirectBuffer p = pool.page(b);
                final int o = pool.pageOffset(b);
                if (!HeapPage.initialised(p, o)) {
                    return 0;
                }
                for (int hops = 0; hops <= HeapPage.MAX_SLOTS; hops++) {
                    if (hops == 0) {
                        final int target = HeapPage.redirect(p, o, slot);
                        if (target >= 0) {
                            slot = target;
                        }
                    }
                    if (!HeapPage.normal(p, o, slot)) {
                        return -hops;
                    }
                    final int at = o + HeapPage.lpOffset(p, o, slot);
                    if (expectXmin != -1 && ((HeapPage.flags(p, at) & HeapPage.HEAP_ONLY) == 0
                        || HeapPage.xmin(p, at) != expectXmin)) {
                        return -hops;
                    }
                    f.load(p, o, slot, HeapPage.tid(blk, slot));
                    final int next = HeapPage.hotNext(p, o, slot);
                    if (step.stop(t, f)) {
                        return hops + 1;
                    }
                    if (next < 0) {
                        return -(hops + 1);
                    }
                    expectXmin = HeapPage.xmax(f.copy, 0);
                    slot = next;
                }
            } finally {
                pool.unlatch(b);
            }
            throw StratumException.of(ErrorCode.CORRUPT, "HOT chain does not end", "tid", tid);
        } finally {
            pool.unpin(b);
        }
    }

    /** One step of {@link #walk}. */
    private interface ChainStep {
        boolean stop(Txn t, HeapFetch f);
    }

    private static final ChainStep VISIBLE = (t, f) -> {
        final DirectBuffer c = f.copy;
        return t.visible(HeapPage.xmin(c, 0), HeapPage.xmax(c, 0), HeapPage.cmin(c, 0), HeapPage.cmax(c, 0),
            (HeapPage.flags(c, 0) & HeapPage.LOCK_ONLY) != 0);
    };

    @Override
    public boolean fetchIndexed(final Transaction tx, final long tid, final TupleFetch into) {
        final Txn t = txn(tx);
        t.ensureStatement();
        final int loaded = walk(t, tid, (HeapFetch) into, VISIBLE);
        if (Math.abs(loaded) > LONG_CHAIN) {
            // as PostgreSQL's heap_page_prune_opt: a hot row's chain grows by one version per update, and
            // every lookup walks it; prune the page now rather than when it fills
            pruneOpportunistically(t, HeapPage.block(tid));
        }
        return loaded > 0;
    }

    /** A chain walk that loads more versions than this prunes the page. */
    static final int LONG_CHAIN = 8;

    /** Liveness of the chain walked so far (see {@link #liveness}); reset per call, per transaction. */
    private static final class ChainLiveness implements ChainStep {
        final HeapFetch fetch = new HeapFetch();
        Heap heap;
        long inProgress;
        boolean allDead;

        @Override
        public boolean stop(final Txn t, final HeapFetch f) {
            final long l = heap.versionLiveness(t, f.copy);
            if (l == 1) {
                return true;
            }
            if (l != DEAD_TO_ALL) {
                allDead = false;
                if (l != 0 && inProgress == 0) {
                    inProgress = l;
                }
            }
            return false;
        }
    }

    @Override
    public long liveness(final Transaction tx, final long tid) {
        final Txn t = txn(tx);
        final ChainLiveness c = t.fetchScratch instanceof ChainLiveness h ? h
            : (ChainLiveness) (t.fetchScratch = new ChainLiveness());
        c.heap = this;
        c.inProgress = 0;
        c.allDead = true;
        if (walk(t, tid, c.fetch, c) > 0) {
            return 1;
        }
        return c.inProgress != 0 ? c.inProgress : c.allDead ? DEAD_TO_ALL : 0; // nothing loaded: a dead slot
    }

    /** {@link #liveness} of the one version copied into {@code c}. */
    long versionLiveness(final Txn t, final DirectBuffer c) {
        final long xmin = HeapPage.xmin(c, 0);
        if (!t.isMine(xmin)) {
            final int s = mgr.state(xmin);
            if (s == TxnManager.ABORTED) {
                return DEAD_TO_ALL;
            }
            if (s == TxnManager.IN_PROGRESS) {
                return xmin;
            }
        }
        final long xmax = HeapPage.xmax(c, 0);
        if (xmax == 0 || (HeapPage.flags(c, 0) & HeapPage.LOCK_ONLY) != 0) {
            return 1;
        }
        if (t.isMine(xmax)) {
            return 0;
        }
        final int s = mgr.state(xmax);
        if (s == TxnManager.COMMITTED) {
            return xmax < t.horizon() ? DEAD_TO_ALL : 0; // once per statement, not a locked scan per entry
        }
        return s == TxnManager.ABORTED ? 1 : s == TxnManager.IN_PROGRESS ? xmax : 0;
    }
}
