package io.stratum.engine.redo;

import static io.stratum.engine.key.PageKey.PAGE_SIZE;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The engine's built-in resource managers, their ids and payload formats (all integers little-endian).
 * A record with {@link WalRecord#INFO_HAS_TIMESTAMP} starts its payload with the 8-byte timestamp; the
 * formats below start after it ({@link #bodyOffset}).
 * <pre>
 * id 0 NOOP       no page change; carries commit timestamps and markers. Payload: anything.
 * id 1 FULL_PAGE  one 8192-byte image per block reference, in block order. Redo: copy.
 * id 2 PATCH      u16 pieceCount, then pieceCount x { u16 block, u16 offset, u16 length, length bytes }.
 *                 Redo: copy the pieces whose block is this page's block index, in order.
 * id 3 ZERO       no payload. Redo: the page becomes all zeros (writers set BLOCK_WILL_INIT).
 * id 4 REL_SIZE   u32 nblocks per block reference, in block order; each block reference names a
 *                 relation's size entry (block 0xFFFFFFFF). Redo: page bytes 0..3 = nblocks.
 * </pre>
 * FULL_PAGE and ZERO initialise their pages whatever the block flags say.
 */
public final class EngineRmgr {
    public static final int NOOP = 0;
    public static final int FULL_PAGE = 1;
    public static final int PATCH = 2;
    public static final int ZERO = 3;
    public static final int REL_SIZE = 4;

    private EngineRmgr() {
    }

    /** Whether a record of this rmgr replaces the page whole, so no earlier version is needed. */
    public static boolean initialisesPage(final int rmgr) {
        return rmgr == FULL_PAGE || rmgr == ZERO || rmgr == REL_SIZE;
    }

    /** Offset of the rmgr-specific payload: after the timestamp when the record has one. */
    public static int bodyOffset(final WalRecordDecoder r) {
        return r.payloadOffset() + ((r.info() & WalRecord.INFO_HAS_TIMESTAMP) != 0 ? 8 : 0);
    }

    static int bodyLength(final WalRecordDecoder r) {
        return r.payloadLength() - ((r.info() & WalRecord.INFO_HAS_TIMESTAMP) != 0 ? 8 : 0);
    }

    static void registerBuiltins(final RedoRegistry registry) {
        registry.register(NOOP, (r, block, page, off) -> { });
        registry.register(FULL_PAGE, EngineRmgr::redoFullPage);
        registry.register(PATCH, EngineRmgr::redoPatch);
        registry.register(ZERO, (r, block, page, off) -> page.setMemory(off, PAGE_SIZE, (byte) 0));
        registry.register(REL_SIZE, EngineRmgr::redoRelSize);
    }

    private static void redoFullPage(final WalRecordDecoder r, final int block, final MutableDirectBuffer page,
        final int off) {
        final int at = bodyOffset(r) + block * PAGE_SIZE;
        if (bodyLength(r) < (block + 1) * PAGE_SIZE) {
            throw malformed(r, "full page image payload too short");
        }
        page.putBytes(off, r.buffer(), at, PAGE_SIZE);
    }

    private static void redoPatch(final WalRecordDecoder r, final int block, final MutableDirectBuffer page,
        final int off) {
        final DirectBuffer b = r.buffer();
        int at = bodyOffset(r);
        final int end = at + bodyLength(r);
        if (end - at < 2) {
            throw malformed(r, "patch payload too short");
        }
        final int pieces = b.getShort(at, WalRecord.ORDER) & 0xFFFF;
        at += 2;
        for (int i = 0; i < pieces; i++) {
            if (end - at < 6) {
                throw malformed(r, "patch piece header overruns the payload");
            }
            final int pieceBlock = b.getShort(at, WalRecord.ORDER) & 0xFFFF;
            final int offset = b.getShort(at + 2, WalRecord.ORDER) & 0xFFFF;
            final int length = b.getShort(at + 4, WalRecord.ORDER) & 0xFFFF;
            at += 6;
            if (end - at < length || offset + length > PAGE_SIZE) {
                throw malformed(r, "patch piece out of bounds");
            }
            if (pieceBlock == block) {
                page.putBytes(off + offset, b, at, length);
            }
            at += length;
        }
    }

    private static void redoRelSize(final WalRecordDecoder r, final int block, final MutableDirectBuffer page,
        final int off) {
        if (bodyLength(r) < (block + 1) * 4) {
            throw malformed(r, "relation size payload too short");
        }
        page.setMemory(off, PAGE_SIZE, (byte) 0);
        page.putInt(off, r.buffer().getInt(bodyOffset(r) + block * 4, WalRecord.ORDER), WalRecord.ORDER);
    }

    private static StratumException malformed(final WalRecordDecoder r, final String what) {
        return StratumException.of(ErrorCode.CORRUPT, what, "rmgr", r.rmgr(), "length", r.length());
    }
}
