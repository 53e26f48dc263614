package io.stratum.wal.codec;

import static io.stratum.wal.codec.WalRecord.*;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight encoder of one {@link WalRecord} into a caller's buffer; reusable, no allocation per record.
 *
 * <pre>{@code
 * int len = encoder.wrap(buf, 0, buf.capacity())
 *     .begin(rmgr, info, xid)
 *     .addBlock(keyHi, keyLo, WalRecord.BLOCK_WILL_INIT)
 *     .payload(src, 0, n)
 *     .finish();
 * }</pre>
 * Or write the payload in place at {@link #payloadOffset()} and call {@link #finish(int)}.
 */
public final class WalRecordEncoder {
    private final Crc crc = new Crc();
    private final int maxRecordLength;
    private MutableDirectBuffer buffer;
    private int offset;
    private int capacity;
    private int blocks;
    private int payloadLength = -1;

    public WalRecordEncoder() {
        this(DEFAULT_MAX_RECORD_LENGTH);
    }

    public WalRecordEncoder(final int maxRecordLength) {
        if (maxRecordLength < HEADER_LENGTH || maxRecordLength > MAX_RECORD_LENGTH_LIMIT) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "max record length out of range",
                "maxRecordLength", maxRecordLength);
        }
        this.maxRecordLength = maxRecordLength;
    }

    /** Encode into {@code buffer} at {@code offset}, using at most {@code capacity} bytes. */
    public WalRecordEncoder wrap(final MutableDirectBuffer buffer, final int offset, final int capacity) {
        this.buffer = buffer;
        this.offset = offset;
        this.capacity = Math.min(capacity, maxRecordLength);
        this.blocks = 0;
        this.payloadLength = -1;
        return this;
    }

    public WalRecordEncoder begin(final int rmgr, final int info, final long xid) {
        if ((rmgr & ~0xFF) != 0 || (info & ~0xFF) != 0) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "rmgr and info must fit in a byte",
                "rmgr", rmgr, "info", info);
        }
        ensure(HEADER_LENGTH);
        blocks = 0;
        payloadLength = -1;
        buffer.putLong(offset + XID_OFFSET, xid, ORDER);
        buffer.putByte(offset + RMGR_OFFSET, (byte) rmgr);
        buffer.putByte(offset + INFO_OFFSET, (byte) info);
        return this;
    }

    /** Adds a block reference; all of them come before the payload. */
    public WalRecordEncoder addBlock(final long keyHi, final long keyLo, final int flags) {
        if (payloadLength >= 0) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "block references must precede the payload");
        }
        if (blocks == MAX_BLOCK_REFS) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "too many block references", "max", MAX_BLOCK_REFS);
        }
        final int at = HEADER_LENGTH + blocks * BLOCK_REF_LENGTH;
        ensure(at + BLOCK_REF_LENGTH);
        buffer.putLong(offset + at + BLOCK_KEY_HI_OFFSET, keyHi, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + at + BLOCK_KEY_LO_OFFSET, keyLo, ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + at + BLOCK_FLAGS_OFFSET, (byte) flags);
        blocks++;
        return this;
    }

    /** Where the payload starts, relative to the buffer (valid once all blocks are added). */
    public int payloadOffset() {
        return offset + HEADER_LENGTH + blocks * BLOCK_REF_LENGTH;
    }

    /** Bytes left for the payload. */
    public int payloadCapacity() {
        return capacity - HEADER_LENGTH - blocks * BLOCK_REF_LENGTH;
    }

    /** Copies the payload. */
    public WalRecordEncoder payload(final DirectBuffer src, final int srcOffset, final int length) {
        ensure(HEADER_LENGTH + blocks * BLOCK_REF_LENGTH + length);
        buffer.putBytes(payloadOffset(), src, srcOffset, length);
        payloadLength = length;
        return this;
    }

    /** Copies the payload. */
    public WalRecordEncoder payload(final byte[] src, final int srcOffset, final int length) {
        ensure(HEADER_LENGTH + blocks * BLOCK_REF_LENGTH + length);
        buffer.putBytes(payloadOffset(), src, srcOffset, length);
        payloadLength = length;
        return this;
    }

    /** Finishes a record whose payload was given with {@code payload(...)}; returns its length. */
    public int finish() {
        return finish(Math.max(payloadLength, 0));
    }

    /** Finishes a record whose payload of {@code length} bytes was written in place; returns its length. */
    public int finish(final int payloadLength) {
        final int length = HEADER_LENGTH + blocks * BLOCK_REF_LENGTH + payloadLength;
        ensure(length);
        buffer.putShort(offset + BLOCK_COUNT_OFFSET, (short) blocks, ORDER);
        buffer.putInt(offset + LENGTH_OFFSET, length, ORDER);
        buffer.putInt(offset + CRC_OFFSET, crc.compute(buffer, offset + LENGTH_OFFSET, length - LENGTH_OFFSET), ORDER);
        this.payloadLength = -1;
        return length;
    }

    private void ensure(final int length) {
        if (buffer == null) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "encoder is not wrapped over a buffer");
        }
        if (length > capacity) {
            throw StratumException.of(length > maxRecordLength ? ErrorCode.LIMIT_EXCEEDED : ErrorCode.INVALID_ARGUMENT,
                "record does not fit", "length", length, "capacity", capacity, "maxRecordLength", maxRecordLength);
        }
    }
}
