package io.stratum.mvcc.txn;

import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.MvccException;
import io.stratum.mvcc.MvccException.Reason;
import io.stratum.mvcc.PageLogger;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.clog.CommitLog;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecordEncoder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link Transaction}. Owns its scratch (a record buffer, an encoder, a {@link PageLogger}) so that
 * writes allocate nothing per row. Savepoint level {@code L} writes with its own subxid (assigned on its
 * first write); {@code mine} lists every live xid of the transaction with the level that owns it.
 * <p>Visibility of a version (xmin, xmax, cmin, cmax) under the current snapshot and command id:
 * xmin must be one of mine with {@code cmin < cid}, or committed and not in progress at snapshot time;
 * then the version is visible unless xmax is set, is not a mere row lock, and is either one of mine with
 * {@code cmax < cid} or committed and not in progress at snapshot time.
 */
public final class Txn implements Transaction {
    private static final int MAX_LEVELS = 64;

    final TxnManager mgr;
    private final Isolation isolation;
    private final boolean readOnly;
    /** Record scratch: a whole tuple plus headers fits. Recycled by the manager when the transaction ends. */
    public final UnsafeBuffer record;
    public final WalRecordEncoder encoder = new WalRecordEncoder();
    public final PageLogger logger;
    public final int[] buffers = new int[4];
    /** A reusable fetch holder for the heap's own reads (liveness checks). */
    public Object fetchScratch;
    private int[] pruneSlots = new int[64];
    private long[] clogPages = new long[4];
    private final long[] xidMemo = new long[4];
    private final UnsafeBuffer[] pageBuffers = new UnsafeBuffer[4];
    private int freePages;
    private long xid;
    private int cid;
    private int level;
    private final long[] levelXid = new long[MAX_LEVELS + 1];
    private long[] mine = new long[4];
    private int[] mineLevel = new int[4];
    private int mineCount;
    private long[] aborted = new long[4];
    private boolean finished;
    /** Set by logEnd once its end record may be on pages and in the WAL (commit's failure handling). */
    private boolean endWritten;
    private boolean statementStarted;
    private long horizon = -1; // this statement's view of TxnManager.oldestXmin, taken once
    // snapshot (filled by TxnManager.snapshot)
    long snapXmin;
    long snapXmax;
    long[] snapActive = new long[8];
    int snapCount;
    boolean hasSnapshot;
    int openIndex = -1;
    // lock waits (guarded by the lock manager's lock)
    final Condition wake;
    volatile boolean canceled;
    volatile Txn waitingFor;
    volatile long lockTimeoutNanos;
    /** Rows this transaction share-locks beside the on-page locker (see {@link LockManager#addShareLocker}). */
    final java.util.ArrayList<Object> shareKeys = new java.util.ArrayList<>(0);

    Txn(final TxnManager mgr, final Isolation isolation, final boolean readOnly) {
        this.mgr = mgr;
        this.isolation = isolation == Isolation.SERIALIZABLE ? Isolation.REPEATABLE_READ : isolation;
        this.readOnly = readOnly;
        this.logger = mgr.readOnly ? null : new PageLogger(mgr.redo, mgr.wal, mgr.pool);
        this.record = mgr.takeRecordBuffer();
        this.wake = mgr.locks.lock().newCondition();
    }

    @Override
    public long xid() {
        return xid;
    }

    @Override
    public Isolation isolation() {
        return isolation;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * The oldest xmin of any open snapshot, taken once per statement: versions deleted by a committed xid
     * below it are dead to everyone. A value taken earlier in the statement can only be lower than the
     * current one, so it errs on keeping a version.
     */
    public long horizon() {
        if (horizon < 0) {
            horizon = mgr.oldestXmin();
        }
        return horizon;
    }

    /** The command id of the current statement. */
    public int cid() {
        return cid;
    }

    public TxnManager manager() {
        return mgr;
    }

    @Override
    public void newStatement() {
        checkOpen();
        if (!mgr.readOnly && mgr.wal.failed()) {
            throw MvccException.of(Reason.STORE_FAILED, "the WAL writer failed: this store serves no more statements "
                + "and must be reopened", "xid", xid);
        }
        cid++;
        statementStarted = true;
        horizon = -1;
        canceled = false; // a cancel is for the statement that was running
        if (!mgr.readOnly && (isolation == Isolation.READ_COMMITTED || !hasSnapshot)) {
            mgr.snapshot(this); // also marks it taken, under the manager's monitor (see TxnManager.snapshot)
        }
    }

    /** Makes sure a statement (and snapshot) is current before a read or write. */
    public void ensureStatement() {
        if (!statementStarted) {
            newStatement();
        }
    }

    private void checkOpen() {
        if (finished) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "transaction has ended", "xid", xid);
        }
    }

    /** The xid to stamp a write with (the current savepoint level's), assigning xids on first use. */
    public long writeXid() {
        checkOpen();
        if (readOnly) {
            throw MvccException.of(Reason.READ_ONLY_TRANSACTION, "cannot execute a write in a read-only transaction");
        }
        ensureStatement();
        if (xid == 0) {
            xid = mgr.assign(this);
            levelXid[0] = xid;
            addMine(xid, 0);
        }
        if (levelXid[level] == 0) {
            final long sub = mgr.assign(this);
            levelXid[level] = sub;
            addMine(sub, level);
        }
        return levelXid[level];
    }

    private void addMine(final long x, final int lvl) {
        if (mineCount == mine.length) {
            mine = Arrays.copyOf(mine, mineCount * 2);
            mineLevel = Arrays.copyOf(mineLevel, mineCount * 2);
        }
        mine[mineCount] = x;
        mineLevel[mineCount++] = lvl;
    }

    /** Whether {@code x} is a live xid of this transaction (the top or a subtransaction not rolled back). */
    public boolean isMine(final long x) {
        // mine is ascending: xids are assigned in increasing order and removals keep the order
        if (mineCount == 0 || x < mine[0] || x > mine[mineCount - 1]) {
            return false;
        }
        return x == mine[0] || Arrays.binarySearch(mine, 0, mineCount, x) >= 0;
    }

    /** Whether {@code x} committed before this transaction's snapshot was taken. */
    public boolean committedForSnapshot(final long x) {
        if (mgr.readOnly) {
            return mgr.committed(x);
        }
        if (!hasSnapshot) {
            ensureStatement();
        }
        if (x >= snapXmax) {
            return false;
        }
        if (x >= snapXmin && Arrays.binarySearch(snapActive, 0, snapCount, x) >= 0) {
            return false;
        }
        return mgr.committed(x);
    }

    /** Whether a version with these header fields is visible to the current statement. */
    public boolean visible(final long xmin, final long xmax, final int cmin, final int cmax, final boolean lockOnly) {
        if (isMine(xmin)) {
            if (Integer.compareUnsigned(cmin, cid) >= 0) {
                return false;
            }
        } else if (!committedForSnapshot(xmin)) {
            return false;
        }
        if (xmax == 0 || lockOnly) {
            return true;
        }
        if (isMine(xmax)) {
            return Integer.compareUnsigned(cmax, cid) >= 0;
        }
        return !committedForSnapshot(xmax);
    }

    @Override
    public int savepoint() {
        checkOpen();
        if (level == MAX_LEVELS) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "too many nested savepoints", "max", MAX_LEVELS);
        }
        level++;
        levelXid[level] = 0;
        return level;
    }

    @Override
    public void rollbackTo(final int handle) {
        checkOpen();
        checkHandle(handle);
        int n = 0;
        int keep = 0;
        for (int i = 0; i < mineCount; i++) {
            if (mineLevel[i] >= handle) {
                if (n == aborted.length) {
                    aborted = Arrays.copyOf(aborted, n * 2);
                }
                aborted[n++] = mine[i];
            } else {
                mine[keep] = mine[i];
                mineLevel[keep++] = mineLevel[i];
            }
        }
        if (n > 0) {
            logEnd(CommitLog.OP_ABORT, aborted, n);
            mgr.deactivate(aborted, n);
            mgr.locks.ended(this);
        }
        mineCount = keep;
        for (int l = handle; l <= level; l++) {
            levelXid[l] = 0;
        }
        level = handle;
    }

    @Override
    public void release(final int handle) {
        checkOpen();
        checkHandle(handle);
        for (int i = 0; i < mineCount; i++) {
            if (mineLevel[i] >= handle) {
                mineLevel[i] = handle - 1;
            }
        }
        if (levelXid[handle - 1] == 0) {
            // the parent writes on with the newest released subxid, which is now its own
            for (int l = level; l >= handle; l--) {
                if (levelXid[l] != 0) {
                    levelXid[handle - 1] = levelXid[l];
                    break;
                }
            }
        }
        for (int l = handle; l <= level; l++) {
            levelXid[l] = 0;
        }
        level = handle - 1;
    }

    private void checkHandle(final int handle) {
        if (handle < 1 || handle > level) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "no such savepoint", "handle", handle, "level", level);
        }
    }

    private long logEnd(final int op, final long[] xids, final int count) {
        Arrays.sort(xids, 0, count);
        final long now = System.currentTimeMillis() * 1000;
        if (clogPages.length < count) {
            clogPages = new long[Math.max(count, clogPages.length * 2)];
        }
        final long[] pages = clogPages;
        final int np = CommitLog.pages(xids, count, pages);
        final int need = io.stratum.wal.codec.WalRecord.length(np, 12 + 8 * count);
        if (need > io.stratum.wal.codec.WalRecord.DEFAULT_MAX_RECORD_LENGTH) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "too many subtransactions in one transaction",
                "xids", count);
        }
        final UnsafeBuffer buf = need <= record.capacity() ? record : new UnsafeBuffer(ByteBuffer.allocateDirect(need));
        final int len = CommitLog.encode(encoder, buf, mgr.database, op, xid, xids, count, now);
        final int[] bufs = np <= buffers.length ? buffers : new int[np];
        int pinned = 0;
        try {
            for (; pinned < np; pinned++) {
                bufs[pinned] = mgr.pool.pin(CommitLog.pageHi(mgr.database), CommitLog.pageLo(pages[pinned]));
                mgr.pool.latchExclusive(bufs[pinned]);
            }
            endWritten = true; // from here on the end record may be on its pages and in the WAL
            return logger.apply(buf, 0, len, bufs, np);
        } finally {
            for (int i = pinned - 1; i >= 0; i--) {
                mgr.pool.unlatch(bufs[i]);
                mgr.pool.unpin(bufs[i]);
            }
        }
    }

    @Override
    public long commit() {
        checkOpen();
        long lsn = 0;
        final long start = System.nanoTime();
        boolean done = false;
        endWritten = false;
        try {
            if (mineCount > 0) {
                try {
                    lsn = logEnd(CommitLog.OP_COMMIT, mine, mineCount);
                } catch (final RuntimeException | Error e) {
                    if (!endWritten) {
                        // failed before its commit record existed (its commit-log page could not be read): the
                        // transaction is aborted; left active it would hold its rows forever (found by
                        // stratum chaos --seed 7). Once the record may exist, the outcome is in doubt and the
                        // xids stay active: the failed WAL writer ends this store (the branch is reopened).
                        mgr.deactivate(mine, mineCount);
                    }
                    throw e;
                }
                mgr.wal.awaitDurable(lsn);
                mgr.deactivate(mine, mineCount);
            }
            done = true;
        } finally {
            finished = true;
            mgr.finish(this);
            if (done) {
                mgr.observer.committed(lsn != 0, System.nanoTime() - start);
            }
        }
        return lsn;
    }

    @Override
    public void rollback() {
        if (finished) {
            return;
        }
        mgr.observer.rolledBack();
        try {
            if (mineCount > 0) {
                try {
                    logEnd(CommitLog.OP_ABORT, mine, mineCount);
                } finally {
                    // even without its abort record the transaction is over: an xid neither active nor
                    // committed reads as aborted (as after a crash); left active it would hold its rows forever
                    mgr.deactivate(mine, mineCount);
                }
            }
        } finally {
            finished = true;
            mgr.finish(this);
        }
    }

    @Override
    public void cancel() {
        canceled = true;
        mgr.locks.wake(this);
    }

    @Override
    public boolean finished() {
        return finished;
    }

    /** An 8 KiB page buffer for a scan (reused across the transaction's scans). */
    public UnsafeBuffer takePageBuffer() {
        if (freePages > 0) {
            final UnsafeBuffer b = pageBuffers[--freePages];
            pageBuffers[freePages] = null;
            return b;
        }
        return new UnsafeBuffer(new byte[io.stratum.engine.PageSource.PAGE_SIZE]); // heap: no Cleaner per scan
    }

    public void returnPageBuffer(final UnsafeBuffer b) {
        if (freePages < pageBuffers.length) {
            pageBuffers[freePages++] = b;
        }
    }

    /**
     * A scratch memo of the last two finished xids a prune looked up, as (xid, state) pairs: a page's
     * versions mostly share a few xmins (a bulk load's), so a prune asks the commit log once, not per version.
     */
    public long[] xidMemo() {
        java.util.Arrays.fill(xidMemo, 0);
        return xidMemo;
    }

    /** A scratch int array of at least {@code n} (pruning, vacuum). */
    public int[] pruneScratch(final int n) {
        if (pruneSlots.length < n) {
            pruneSlots = new int[Math.max(n, pruneSlots.length * 2)];
        }
        return pruneSlots;
    }

    public void setLockTimeoutNanos(final long nanos) {
        lockTimeoutNanos = nanos;
    }

    /** Rejects writes in a read-only transaction or store. */
    public void checkWritable() {
        checkOpen();
        if (readOnly || mgr.readOnly) {
            throw MvccException.of(Reason.READ_ONLY_TRANSACTION, "cannot execute a write in a read-only transaction");
        }
    }
}
