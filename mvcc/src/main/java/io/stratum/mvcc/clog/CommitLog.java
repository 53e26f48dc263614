package io.stratum.mvcc.clog;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRmgr;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.mvcc.BufferPool;
import io.stratum.mvcc.record.MvccRmgr;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.codec.WalRecordEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The commit log. Page {@code p} (key kind {@link PageKey#KIND_CLOG}, the database, relation 0, block p)
 * holds xids {@code [p * 1024, p * 1024 + 1024)}, 8 bytes each (little-endian, no page header):
 * <pre>
 *  63 62 61                                                     0
 * +-----+--------------------------------------------------------+
 * |state|  commit (or abort) timestamp, micros since the epoch    |   state: 0 none, 1 committed, 2 aborted
 * +-----+--------------------------------------------------------+
 * </pre>
 * Records (rmgr 16, info = INFO_HAS_TIMESTAMP | op, op 1 COMMIT, 2 ABORT, record xid = the top xid):
 * payload {@code u64 timestamp, u32 count, count x u64 xid} (ascending: the transaction and the
 * subtransactions it ends); one block reference per distinct page those xids live on, ascending. Redo of
 * block b sets the entries of the xids that live on b's page. A page read at LSN L therefore says exactly
 * which transactions had committed by L. Lookups go through the buffer pool with a small direct-mapped
 * cache of final states. Thread-safe. Threads: none.
 */
public final class CommitLog {
    public static final int XIDS_PER_PAGE = 1024;
    public static final int NONE = 0;
    public static final int COMMITTED = 1;
    public static final int ABORTED = 2;
    public static final int OP_COMMIT = 1;
    public static final int OP_ABORT = 2;
    private static final long TS_MASK = (1L << 62) - 1;
    private static final int CACHE = 1 << 13;

    private final BufferPool pool;
    private final int database;
    private final long[] cache = new long[CACHE];

    public CommitLog(final BufferPool pool, final int database) {
        this.pool = pool;
        this.database = database;
    }

    public static long pageHi(final int database) {
        return PageKey.hi(PageKey.KIND_CLOG, database, 0);
    }

    public static long pageLo(final long page) {
        return PageKey.lo(0, 0, page);
    }

    /** The state (NONE, COMMITTED, ABORTED) of {@code xid} in its commit-log page at {@code offset}. */
    public static int stateIn(final DirectBuffer page, final int offset, final long xid) {
        return (int) (page.getLong(offset + (int) (xid % XIDS_PER_PAGE) * 8, WalRecord.ORDER) >>> 62);
    }

    public static long pageOf(final long xid) {
        return xid / XIDS_PER_PAGE;
    }

    /** The state of {@code xid} as the commit log says (NONE, COMMITTED or ABORTED). */
    public int status(final long xid) {
        final long c = cache[(int) xid & (CACHE - 1)];
        if (c >>> 2 == xid && c != 0) {
            return (int) (c & 3);
        }
        final int b = pool.pin(pageHi(database), pageLo(pageOf(xid)));
        final long entry;
        try {
            pool.latchShared(b);
            try {
                entry = pool.page(b).getLong(pool.pageOffset(b) + (int) (xid % XIDS_PER_PAGE) * 8, WalRecord.ORDER);
            } finally {
                pool.unlatch(b);
            }
        } finally {
            pool.unpin(b);
        }
        final int state = (int) (entry >>> 62);
        if (state != NONE) {
            cache[(int) xid & (CACHE - 1)] = xid << 2 | state;
        }
        return state;
    }

    /** Commit or abort timestamp of an ended xid (micros), or -1. */
    public long timestamp(final long xid) {
        final int b = pool.pin(pageHi(database), pageLo(pageOf(xid)));
        try {
            pool.latchShared(b);
            try {
                final long e = pool.page(b).getLong(pool.pageOffset(b) + (int) (xid % XIDS_PER_PAGE) * 8, WalRecord.ORDER);
                return e >>> 62 == NONE ? -1 : e & TS_MASK;
            } finally {
                pool.unlatch(b);
            }
        } finally {
            pool.unpin(b);
        }
    }

    /**
     * Encodes a COMMIT or ABORT record of {@code xids[0..count)} (ascending; {@code top} is the record's
     * xid) into {@code buf} at 0; returns its length. Its block references are the distinct pages of the
     * xids in ascending order, as {@link #pages} lists them (pin those buffers in that order).
     */
    public static int encode(final WalRecordEncoder enc, final MutableDirectBuffer buf, final int database,
                             final int op, final long top, final long[] xids, final int count,
                             final long timestampMicros) {
        enc.wrap(buf, 0, buf.capacity()).begin(MvccRmgr.TXN, WalRecord.INFO_HAS_TIMESTAMP | op, top);
        long last = -1;
        for (int i = 0; i < count; i++) {
            final long p = pageOf(xids[i]);
            if (p != last) {
                enc.addBlock(pageHi(database), pageLo(p), 0);
                last = p;
            }
        }
        final int at = enc.payloadOffset();
        buf.putLong(at, timestampMicros, WalRecord.ORDER);
        buf.putInt(at + 8, count, WalRecord.ORDER);
        for (int i = 0; i < count; i++) {
            buf.putLong(at + 12 + i * 8, xids[i], WalRecord.ORDER);
        }
        return enc.finish(12 + count * 8);
    }

    /** Number of distinct pages of {@code xids[0..count)} (ascending), written to {@code pages}. */
    public static int pages(final long[] xids, final int count, final long[] pages) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            final long p = pageOf(xids[i]);
            if (n == 0 || pages[n - 1] != p) {
                pages[n++] = p;
            }
        }
        return n;
    }

    public static void register(final RedoRegistry registry) {
        registry.register(MvccRmgr.TXN, CommitLog::redo);
    }

    private static void redo(final WalRecordDecoder r, final int block, final MutableDirectBuffer page, final int off) {
        final int op = MvccRmgr.op(r.info());
        if (op != OP_COMMIT && op != OP_ABORT) {
            throw StratumException.of(ErrorCode.CORRUPT, "unknown transaction record op", "info", r.info());
        }
        final DirectBuffer b = r.buffer();
        final int at = EngineRmgr.bodyOffset(r);
        final int end = r.offset() + r.length();
        final long ts = r.timestampMicros();
        if (end - at < 4) {
            throw StratumException.of(ErrorCode.CORRUPT, "transaction record too short", "length", r.length());
        }
        final int count = b.getInt(at, WalRecord.ORDER);
        if (count < 0 || (long) count * 8 > end - at - 4) {
            throw StratumException.of(ErrorCode.CORRUPT, "transaction record xid count out of range", "count", count);
        }
        final long pageNo = PageKey.block(r.blockKeyLo(block));
        final long entry = (long) (op == OP_COMMIT ? COMMITTED : ABORTED) << 62 | ts & TS_MASK;
        for (int i = 0; i < count; i++) {
            final long xid = b.getLong(at + 4 + i * 8, WalRecord.ORDER);
            if (pageOf(xid) == pageNo) {
                page.putLong(off + (int) (xid % XIDS_PER_PAGE) * 8, entry, WalRecord.ORDER);
            }
        }
    }
}
