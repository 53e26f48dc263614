package io.stratum.engine.redo;

import static io.stratum.engine.key.PageKey.PAGE_SIZE;

import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writers of the built-in records of {@link EngineRmgr} into a caller's buffer (no allocation); each
 * returns the record's length. For tests, benchmarks and modules that need generic page writes.
 */
public final class EngineRecords {
    private EngineRecords() {
    }

    /** A FULL_PAGE record of one page. */
    public static int fullPage(final WalRecordEncoder enc, final MutableDirectBuffer buf, final int offset,
        final long keyHi, final long keyLo, final DirectBuffer page, final int pageOffset) {
        return enc.wrap(buf, offset, buf.capacity() - offset).begin(EngineRmgr.FULL_PAGE, 0, 0)
            .addBlock(keyHi, keyLo, WalRecord.BLOCK_WILL_INIT).payload(page, pageOffset, PAGE_SIZE).finish();
    }

    /** A PATCH record of one piece on one page. */
    public static int patch(final WalRecordEncoder enc, final MutableDirectBuffer buf, final int offset,
        final long keyHi, final long keyLo, final int pageOffset, final DirectBuffer src, final int srcOffset,
        final int length) {
        enc.wrap(buf, offset, buf.capacity() - offset).begin(EngineRmgr.PATCH, 0, 0).addBlock(keyHi, keyLo, 0);
        final int p = enc.payloadOffset();
        buf.putShort(p, (short) 1, WalRecord.ORDER);
        buf.putShort(p + 2, (short) 0, WalRecord.ORDER);
        buf.putShort(p + 4, (short) pageOffset, WalRecord.ORDER);
        buf.putShort(p + 6, (short) length, WalRecord.ORDER);
        buf.putBytes(p + 8, src, srcOffset, length);
        return enc.finish(8 + length);
    }

    /** A ZERO record of one page. */
    public static int zero(final WalRecordEncoder enc, final MutableDirectBuffer buf, final int offset,
        final long keyHi, final long keyLo) {
        return enc.wrap(buf, offset, buf.capacity() - offset).begin(EngineRmgr.ZERO, 0, 0)
            .addBlock(keyHi, keyLo, WalRecord.BLOCK_WILL_INIT).finish(0);
    }

    /** A REL_SIZE record setting one relation size entry ({@code sizeHi, sizeLo}) to {@code nblocks}. */
    public static int relSize(final WalRecordEncoder enc, final MutableDirectBuffer buf, final int offset,
        final long sizeHi, final long sizeLo, final int nblocks) {
        enc.wrap(buf, offset, buf.capacity() - offset).begin(EngineRmgr.REL_SIZE, 0, 0)
            .addBlock(sizeHi, sizeLo, WalRecord.BLOCK_WILL_INIT);
        buf.putInt(enc.payloadOffset(), nblocks, WalRecord.ORDER);
        return enc.finish(4);
    }

    /** A NOOP record carrying a commit timestamp (micros since the epoch). */
    public static int commit(final WalRecordEncoder enc, final MutableDirectBuffer buf, final int offset,
        final long xid, final long timestampMicros) {
        enc.wrap(buf, offset, buf.capacity() - offset).begin(EngineRmgr.NOOP, WalRecord.INFO_HAS_TIMESTAMP, xid);
        buf.putLong(enc.payloadOffset(), timestampMicros, WalRecord.ORDER);
        return enc.finish(8);
    }
}
