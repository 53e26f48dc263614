package io.stratum.wal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class WalRecordCodecProperties {

    record Block(long hi, long lo, int flags) {
    }

    record Rec(int rmgr, int info, long xid, List<Block> blocks, byte[] payload) {
    }

    @Provide
    Arbitrary<Rec> records() {
        final Arbitrary<Block> block = Combinators.combine(Arbitraries.longs(), Arbitraries.longs(),
            Arbitraries.integers().between(0, 255)).as(Block::new);
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
            Arbitraries.longs(), block.list().ofMaxSize(20), Arbitraries.bytes().array(byte[].class).ofMaxSize(9000))
            .as(Rec::new);
    }

    private static int encode(final Rec r, final UnsafeBuffer buf, final int offset) {
        final WalRecordEncoder enc = new WalRecordEncoder().wrap(buf, offset, buf.capacity() - offset)
            .begin(r.rmgr(), r.info(), r.xid());
        for (final Block b : r.blocks()) {
            enc.addBlock(b.hi(), b.lo(), b.flags());
        }
        return enc.payload(r.payload(), 0, r.payload().length).finish();
    }

    @Property
    void roundTrip(@ForAll("records") final Rec r, @ForAll @IntRange(max = 64) final int offset) {
        final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(offset + 20 + 20 * 17 + 9000));
        final int len = encode(r, buf, offset);
        assertEquals(WalRecord.length(r.blocks().size(), r.payload().length), len);
        final WalRecordDecoder dec = new WalRecordDecoder().wrap(buf, offset, offset + len);
        assertEquals(len, dec.length());
        assertEquals(r.rmgr(), dec.rmgr());
        assertEquals(r.info(), dec.info());
        assertEquals(r.xid(), dec.xid());
        assertEquals(r.blocks().size(), dec.blockCount());
        for (int i = 0; i < dec.blockCount(); i++) {
            assertEquals(r.blocks().get(i), new Block(dec.blockKeyHi(i), dec.blockKeyLo(i), dec.blockFlags(i)));
        }
        final byte[] payload = new byte[dec.payloadLength()];
        dec.buffer().getBytes(dec.payloadOffset(), payload);
        assertArrayEquals(r.payload(), payload);
    }

    @Property
    void truncatedRecordIsIncomplete(@ForAll("records") final Rec r, @ForAll @IntRange(min = 1) final int cut) {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[20 + 20 * 17 + 9000]);
        final int len = encode(r, buf, 0);
        final int available = len - 1 - (cut % len);
        assertEquals(WalRecord.INCOMPLETE, new WalRecordDecoder().check(buf, 0, available));
    }

    /** Arbitrary bytes: only our error, never a read past the buffer (Agrona's bounds checks are on). */
    @Property(tries = 2000)
    void decodingArbitraryBytesFailsCleanly(@ForAll @Size(max = 300) final byte[] bytes,
                                            @ForAll final boolean plausibleLength) {
        if (plausibleLength && bytes.length >= 8) {
            ByteBuffer.wrap(bytes).order(WalRecord.ORDER).putInt(4, bytes.length);
        }
        final UnsafeBuffer buf = new UnsafeBuffer(bytes);
        final WalRecordDecoder dec = new WalRecordDecoder();
        final int status = dec.check(buf, 0, bytes.length);
        if (status < 0) {
            final StratumException e = assertThrows(StratumException.class, () -> dec.wrap(buf, 0, bytes.length));
            assertEquals(ErrorCode.CORRUPT, e.code());
        } else {
            dec.wrap(buf, 0, bytes.length);
            assertTrue(dec.payloadLength() >= 0);
        }
    }

    @Property(tries = 500)
    void everySingleBitFlipIsDetected(@ForAll("records") final Rec r, @ForAll @IntRange(min = 0) final int where) {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[20 + 20 * 17 + 9000]);
        final int len = encode(r, buf, 0);
        final int bit = where % (len * 8);
        buf.putByte(bit / 8, (byte) (buf.getByte(bit / 8) ^ (1 << (bit % 8))));
        final int status = new WalRecordDecoder().check(buf, 0, buf.capacity());
        assertNotEquals(len, status, "flip of bit " + bit + " went unnoticed");
    }

    @Test
    void refusesOversizedRecords() {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[4096]);
        final WalRecordEncoder enc = new WalRecordEncoder(1024);
        final StratumException e = assertThrows(StratumException.class,
            () -> enc.wrap(buf, 0, 4096).begin(1, 0, 1).finish(2000));
        assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
        // a record that is valid but longer than the decoder's limit is refused too
        final int len = new WalRecordEncoder().wrap(buf, 0, 4096).begin(1, 0, 1).finish(2000);
        assertEquals(WalRecord.BAD_LENGTH, new WalRecordDecoder(1024).check(buf, 0, len));
    }

    @Test
    void timestampIsReadOnlyWhenFlagged() {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[128]);
        final WalRecordEncoder enc = new WalRecordEncoder().wrap(buf, 0, 128).begin(3, WalRecord.INFO_HAS_TIMESTAMP, 7);
        buf.putLong(enc.payloadOffset(), 1_764_000_000_000_000L, WalRecord.ORDER);
        final int len = enc.finish(8);
        assertEquals(1_764_000_000_000_000L, new WalRecordDecoder().wrap(buf, 0, len).timestampMicros());
        final int len2 = new WalRecordEncoder().wrap(buf, 0, 128).begin(3, 0, 7).finish(8);
        assertEquals(-1, new WalRecordDecoder().wrap(buf, 0, len2).timestampMicros());
    }
}
