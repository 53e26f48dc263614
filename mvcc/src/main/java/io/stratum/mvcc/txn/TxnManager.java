package io.stratum.mvcc.txn;

import io.stratum.engine.redo.RedoRegistry;
import io.stratum.mvcc.BufferPool;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.MvccException;
import io.stratum.mvcc.PageLogger;
import io.stratum.mvcc.WalWriter;
import io.stratum.mvcc.clog.CommitLog;
import io.stratum.mvcc.meta.MetaPages;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecordEncoder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Xid assignment, the active set, snapshots and xid states of one store.
 * <p>Xids are 64-bit, start at {@link #FIRST_XID} and are never reused: they are handed out in batches of
 * {@link #XID_BATCH}, each batch's limit WAL-logged on the xid metadata page before its first xid is
 * used, and a new incarnation starts at the recovered limit. <b>Recovery rule:</b> an xid below this
 * incarnation's first xid whose commit log entry is not COMMITTED is aborted (its transaction died with
 * an earlier incarnation; no later transaction can be in progress with it). Opening also writes ABORT
 * records for such xids from the oldest one in progress when the limit was logged (at most
 * {@link #LEFTOVER_SCAN} below the limit), so the page server's commit log says so explicitly.
 * An xid of this incarnation is in progress while in the active set, otherwise the commit log (written
 * before the xid leaves the set) is final. A read-only store (at LSN L) has no active set: an xid is
 * committed for it iff the commit-log page read at L says so.
 * Thread-safe (this object's monitor guards xids and the active set). Threads: none.
 */
public final class TxnManager {
    public static final long FIRST_XID = 16;
    public static final long XID_BATCH = 1024;
    /** How many xids below the recovered limit get explicit abort records at open. */
    public static final long LEFTOVER_SCAN = 64 * 1024;
    /** {@link #state} results. */
    public static final int IN_PROGRESS = 0;
    public static final int COMMITTED = 1;
    public static final int ABORTED = 2;

    final BufferPool pool;
    final WalWriter wal;
    final RedoRegistry redo;
    final int database;
    final boolean readOnly;
    final CommitLog clog;
    final LockManager locks;
    private final long firstXid;
    private long nextXid;
    private long xidLimit;
    private long[] active = new long[64];
    private int activeCount;
    private final Long2ObjectHashMap<Txn> owners = new Long2ObjectHashMap<>();
    private Txn[] open = new Txn[16];
    private int openCount;
    private final UnsafeBuffer metaRecord = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final WalRecordEncoder metaEncoder = new WalRecordEncoder();
    private final PageLogger metaLogger;
    private final int[] metaBuffers = new int[1];
    /** Told of every commit and rollback (metrics); never null. */
    public volatile io.stratum.mvcc.CommitObserver observer = io.stratum.mvcc.CommitObserver.NONE;

    public TxnManager(final BufferPool pool, final WalWriter wal, final RedoRegistry redo, final int database,
                      final long deadlockTimeoutNanos) {
        this.pool = pool;
        this.wal = wal;
        this.redo = redo;
        this.database = database;
        this.readOnly = wal == null;
        this.clog = new CommitLog(pool, database);
        this.locks = new LockManager(deadlockTimeoutNanos);
        locks.bind(this);
        this.metaLogger = wal == null ? null : new PageLogger(redo, wal, pool);
        final int b = pool.pin(MetaPages.xidHi(database), MetaPages.xidLo());
        long limit;
        long oldest;
        try {
            pool.latchShared(b);
            try {
                limit = MetaPages.xidLimit(pool.page(b), pool.pageOffset(b));
                oldest = MetaPages.xidOldest(pool.page(b), pool.pageOffset(b));
            } finally {
                pool.unlatch(b);
            }
        } finally {
            pool.unpin(b);
        }
        this.firstXid = Math.max(FIRST_XID, limit);
        this.nextXid = firstXid;
        this.xidLimit = firstXid;
        if (!readOnly && limit > 0) {
            abortLeftovers(Math.max(Math.max(FIRST_XID, oldest), limit - LEFTOVER_SCAN), limit);
        }
    }

    /**
     * Writes ABORT records for the xids in {@code [from, to)} that the commit log does not show as ended:
     * transactions an earlier incarnation left in progress (and xids it never used). Only the last
     * {@link #LEFTOVER_SCAN} xids below the recovered limit are looked at; older ones are aborted by the rule
     * alone. One record per commit-log page.
     */
    private void abortLeftovers(final long from, final long to) {
        final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(
            io.stratum.wal.codec.WalRecord.length(1, 12 + 8 * CommitLog.XIDS_PER_PAGE)));
        final long[] xids = new long[CommitLog.XIDS_PER_PAGE];
        for (long page = CommitLog.pageOf(from); page <= CommitLog.pageOf(to - 1); page++) {
            final int b = pool.pin(CommitLog.pageHi(database), CommitLog.pageLo(page));
            try {
                pool.latchExclusive(b);
                try {
                    int n = 0;
                    final long lo = Math.max(from, page * CommitLog.XIDS_PER_PAGE);
                    final long hi = Math.min(to, (page + 1) * CommitLog.XIDS_PER_PAGE);
                    for (long x = lo; x < hi; x++) {
                        final long e = pool.page(b).getLong(pool.pageOffset(b)
                            + (int) (x % CommitLog.XIDS_PER_PAGE) * 8, io.stratum.wal.codec.WalRecord.ORDER);
                        if (e >>> 62 == CommitLog.NONE) {
                            xids[n++] = x;
                        }
                    }
                    if (n > 0) {
                        final int len = CommitLog.encode(metaEncoder, buf, database, CommitLog.OP_ABORT, xids[0], xids, n,
                            System.currentTimeMillis() * 1000);
                        metaBuffers[0] = b;
                        metaLogger.apply(buf, 0, len, metaBuffers, 1);
                    }
                } finally {
                    pool.unlatch(b);
                }
            } finally {
                pool.unpin(b);
            }
        }
    }

    public CommitLog commitLog() {
        return clog;
    }

    public LockManager locks() {
        return locks;
    }

    public BufferPool pool() {
        return pool;
    }

    public WalWriter wal() {
        return wal;
    }

    public RedoRegistry redo() {
        return redo;
    }

    public int database() {
        return database;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** The first xid this incarnation may hand out (everything below belongs to earlier ones). */
    public long firstXid() {
        return firstXid;
    }

    public synchronized long nextXid() {
        return nextXid;
    }

    public Txn begin(final Isolation isolation, final boolean readOnlyTxn) {
        if (readOnly && !readOnlyTxn) {
            throw MvccException.of(MvccException.Reason.READ_ONLY_TRANSACTION,
                "cannot start a read-write transaction on a read-only store");
        }
        final Txn t = new Txn(this, isolation, readOnlyTxn);
        synchronized (this) {
            if (openCount == open.length) {
                open = Arrays.copyOf(open, openCount * 2);
            }
            t.openIndex = openCount;
            open[openCount++] = t;
        }
        return t;
    }

    /** Hands out the next xid to {@code t} and enters it into the active set. */
    synchronized long assign(final Txn t) {
        if (readOnly) {
            throw MvccException.of(MvccException.Reason.READ_ONLY_TRANSACTION, "read-only store");
        }
        if (nextXid >= xidLimit) {
            final long limit = nextXid + XID_BATCH;
            final int len = MetaPages.xidLimitRecord(metaEncoder, metaRecord, database, limit,
                activeCount == 0 ? nextXid : active[0]);
            final int b = pool.pin(MetaPages.xidHi(database), MetaPages.xidLo());
            try {
                pool.latchExclusive(b);
                try {
                    metaBuffers[0] = b;
                    metaLogger.apply(metaRecord, 0, len, metaBuffers, 1);
                } finally {
                    pool.unlatch(b);
                }
            } finally {
                pool.unpin(b);
            }
            xidLimit = limit;
        }
        final long xid = nextXid++;
        if (activeCount == active.length) {
            active = Arrays.copyOf(active, activeCount * 2);
        }
        active[activeCount++] = xid;
        owners.put(xid, t);
        return xid;
    }

    /**
     * Fills {@code t}'s snapshot: xmin, xmax and the in-progress xids, and marks it taken in the same monitor,
     * so {@link #oldestXmin} never misses a snapshot that exists (marked outside it, a prune between the two
     * could remove versions the new snapshot still sees).
     */
    synchronized void snapshot(final Txn t) {
        t.hasSnapshot = true;
        t.snapXmax = nextXid;
        t.snapXmin = activeCount == 0 ? nextXid : active[0];
        if (t.snapActive.length < activeCount) {
            t.snapActive = new long[Math.max(activeCount, t.snapActive.length * 2)];
        }
        System.arraycopy(active, 0, t.snapActive, 0, activeCount);
        t.snapCount = activeCount;
    }

    /** Removes xids from the active set (after their commit or abort record). */
    void deactivate(final long[] xids, final int count) {
        synchronized (this) {
            for (int i = 0; i < count; i++) {
                removeActive(xids[i]);
            }
        }
    }

    private void removeActive(final long xid) {
        final int i = Arrays.binarySearch(active, 0, activeCount, xid);
        if (i >= 0) {
            System.arraycopy(active, i + 1, active, i, activeCount - i - 1);
            activeCount--;
            owners.remove(xid);
        }
    }

    /** The transaction ended: leaves the open set, wakes its waiters. */
    /** Bytes of a transaction's record scratch. */
    static final int RECORD_BUFFER = 16 << 10;
    /** Record buffers kept for reuse (a transaction per statement must not allocate direct memory each time). */
    private static final int KEEP_RECORD_BUFFERS = 64;
    private final java.util.ArrayDeque<UnsafeBuffer> recordBuffers = new java.util.ArrayDeque<>(); // guarded by this

    synchronized UnsafeBuffer takeRecordBuffer() {
        final UnsafeBuffer b = recordBuffers.pollLast();
        return b != null ? b : new UnsafeBuffer(ByteBuffer.allocateDirect(RECORD_BUFFER));
    }

    void finish(final Txn t) {
        synchronized (this) {
            if (recordBuffers.size() < KEEP_RECORD_BUFFERS && !recordBuffers.contains(t.record)) {
                recordBuffers.addLast(t.record);
            }
            final int i = t.openIndex;
            if (i >= 0 && i < openCount && open[i] == t) {
                final Txn last = open[--openCount];
                open[i] = last;
                last.openIndex = i;
                open[openCount] = null;
                t.openIndex = -1;
            }
        }
        locks.ended(t);
    }

    public synchronized boolean isActive(final long xid) {
        return Arrays.binarySearch(active, 0, activeCount, xid) >= 0;
    }

    synchronized Txn owner(final long xid) {
        return owners.get(xid);
    }

    /** IN_PROGRESS, COMMITTED or ABORTED now (read-write store); see the class comment. */
    public int state(final long xid) {
        if (!readOnly && isActive(xid)) {
            return IN_PROGRESS;
        }
        final int s = clog.status(xid);
        if (s == CommitLog.COMMITTED) {
            return COMMITTED;
        }
        if (s == CommitLog.ABORTED || !readOnly) {
            return ABORTED;
        }
        return IN_PROGRESS; // read-only store: not committed at its LSN
    }

    /**
     * As {@link #state}, for an xid below {@code horizon} (an {@link #oldestXmin}): no such xid is in progress
     * on a read-write store, so the commit log answers without the active-set lookup (and its monitor).
     */
    public int stateBelow(final long xid, final long horizon) {
        if (readOnly || xid >= horizon) {
            return state(xid);
        }
        return clog.status(xid) == CommitLog.COMMITTED ? COMMITTED : ABORTED;
    }

    /** Whether {@code xid} is committed as of the commit log (final for xids not in progress). */
    boolean committed(final long xid) {
        return clog.status(xid) == CommitLog.COMMITTED;
    }

    /**
     * The oldest xid any open transaction's snapshot may still consider in progress: versions deleted by a
     * committed xid below it are dead to everyone.
     */
    public synchronized long oldestXmin() {
        long min = activeCount == 0 ? nextXid : active[0];
        for (int i = 0; i < openCount; i++) {
            final Txn t = open[i];
            if (t.hasSnapshot && t.snapXmin < min) {
                min = t.snapXmin;
            }
        }
        return min;
    }

    void checkXid(final long xid) {
        if (xid < FIRST_XID) {
            throw StratumException.of(ErrorCode.CORRUPT, "invalid xid", "xid", xid);
        }
    }
}
