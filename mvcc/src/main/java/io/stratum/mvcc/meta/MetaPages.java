package io.stratum.mvcc.meta;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRmgr;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.mvcc.record.MvccRmgr;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.codec.WalRecordEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Layouts and records of metadata pages (all integers little-endian). Keys: kind {@link PageKey#KIND_META},
 * the store's database, relation 0 block 0 for the xid page; relation {@code s} block 1 for sequence s.
 * <pre>
 * xid page:       0 u32 magic 'XIDM' | 4 u32 0 | 8 u64 xid limit (no xid at or above it was handed out)
 *                 16 u64 oldest xid that was in progress when the limit was logged
 * sequence page:  0 u32 magic 'SEQM' | 4 u32 0 | 8 u64 last value handed out (or start - increment)
 *                 16 u64 logged limit: values up to it may have been handed out | 24 u64 increment
 * record XID_LIMIT (op 1): block 0 = xid page; payload u64 limit, u64 oldest.  Redo: set magic, both.
 * record SEQ_SET   (op 2): block 0 = sequence page; payload u64 last, u64 logged limit, u64 increment.
 * </pre>
 */
public final class MetaPages {
    public static final int OP_XID_LIMIT = 1;
    public static final int OP_SEQ_SET = 2;
    public static final int XID_MAGIC = 0x4D444958;
    public static final int SEQ_MAGIC = 0x4D514553;

    private MetaPages() {
    }

    public static long xidHi(final int database) {
        return PageKey.hi(PageKey.KIND_META, database, 0);
    }

    public static long xidLo() {
        return PageKey.lo(0, 0, 0);
    }

    public static long seqHi(final int database, final int sequence) {
        return PageKey.hi(PageKey.KIND_META, database, sequence);
    }

    public static long seqLo(final int sequence) {
        return PageKey.lo(sequence, 0, 1);
    }

    /** The xid limit on an xid page (0 when the page was never written). */
    public static long xidLimit(final DirectBuffer page, final int offset) {
        return page.getInt(offset, WalRecord.ORDER) == XID_MAGIC ? page.getLong(offset + 8, WalRecord.ORDER) : 0;
    }

    /** The oldest xid in progress when the limit was logged (0 when the page was never written). */
    public static long xidOldest(final DirectBuffer page, final int offset) {
        return page.getInt(offset, WalRecord.ORDER) == XID_MAGIC ? page.getLong(offset + 16, WalRecord.ORDER) : 0;
    }

    public static boolean seqInitialised(final DirectBuffer page, final int offset) {
        return page.getInt(offset, WalRecord.ORDER) == SEQ_MAGIC;
    }

    public static long seqLast(final DirectBuffer page, final int offset) {
        return page.getLong(offset + 8, WalRecord.ORDER);
    }

    public static long seqLogged(final DirectBuffer page, final int offset) {
        return page.getLong(offset + 16, WalRecord.ORDER);
    }

    public static long seqIncrement(final DirectBuffer page, final int offset) {
        return page.getLong(offset + 24, WalRecord.ORDER);
    }

    public static int xidLimitRecord(final WalRecordEncoder enc, final MutableDirectBuffer buf, final int database,
                                     final long limit, final long oldest) {
        enc.wrap(buf, 0, buf.capacity()).begin(MvccRmgr.META, OP_XID_LIMIT, 0).addBlock(xidHi(database), xidLo(), 0);
        buf.putLong(enc.payloadOffset(), limit, WalRecord.ORDER);
        buf.putLong(enc.payloadOffset() + 8, oldest, WalRecord.ORDER);
        return enc.finish(16);
    }

    public static int seqRecord(final WalRecordEncoder enc, final MutableDirectBuffer buf, final int database,
                                final int sequence, final long last, final long logged, final long increment) {
        enc.wrap(buf, 0, buf.capacity()).begin(MvccRmgr.META, OP_SEQ_SET, 0)
            .addBlock(seqHi(database, sequence), seqLo(sequence), 0);
        final int p = enc.payloadOffset();
        buf.putLong(p, last, WalRecord.ORDER);
        buf.putLong(p + 8, logged, WalRecord.ORDER);
        buf.putLong(p + 16, increment, WalRecord.ORDER);
        return enc.finish(24);
    }

    public static void register(final RedoRegistry registry) {
        registry.register(MvccRmgr.META, MetaPages::redo);
    }

    private static void redo(final WalRecordDecoder r, final int block, final MutableDirectBuffer page, final int off) {
        final int at = EngineRmgr.bodyOffset(r);
        final int len = r.offset() + r.length() - at;
        switch (MvccRmgr.op(r.info())) {
            case OP_XID_LIMIT -> {
                check(len >= 16, r);
                page.putInt(off, XID_MAGIC, WalRecord.ORDER);
                page.putBytes(off + 8, r.buffer(), at, 16);
            }
            case OP_SEQ_SET -> {
                check(len >= 24, r);
                page.putInt(off, SEQ_MAGIC, WalRecord.ORDER);
                page.putBytes(off + 8, r.buffer(), at, 24);
            }
            default -> throw StratumException.of(ErrorCode.CORRUPT, "unknown metadata record op", "info", r.info());
        }
    }

    private static void check(final boolean ok, final WalRecordDecoder r) {
        if (!ok) {
            throw StratumException.of(ErrorCode.CORRUPT, "metadata record too short", "length", r.length());
        }
    }
}
