package io.stratum.wal.codec;

import static io.stratum.wal.codec.WalRecord.*;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * Flyweight decoder of one {@link WalRecord}; reusable, no allocation per record. {@link #wrap} checks
 * length, structure and CRC before any field can be read, and never reads past {@code limit}.
 */
public final class WalRecordDecoder {
    private final Crc crc = new Crc();
    private final int maxRecordLength;
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int blocks;

    public WalRecordDecoder() {
        this(DEFAULT_MAX_RECORD_LENGTH);
    }

    public WalRecordDecoder(final int maxRecordLength) {
        if (maxRecordLength < HEADER_LENGTH || maxRecordLength > MAX_RECORD_LENGTH_LIMIT) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "max record length out of range",
                "maxRecordLength", maxRecordLength);
        }
        this.maxRecordLength = maxRecordLength;
    }

    public int maxRecordLength() {
        return maxRecordLength;
    }

    /**
     * Checks the record at {@code offset} with {@code limit} the end of readable bytes, without throwing.
     *
     * @return the record length when whole and valid, otherwise one of the negative statuses of
     *     {@link WalRecord} ({@code INCOMPLETE}, {@code ZERO}, {@code BAD_LENGTH}, {@code BAD_STRUCTURE},
     *     {@code BAD_CRC})
     */
    public int check(final DirectBuffer buffer, final int offset, final int limit) {
        final int available = limit - offset;
        if (available < LENGTH_OFFSET + 4) {
            return INCOMPLETE;
        }
        final int len = buffer.getInt(offset + LENGTH_OFFSET, ORDER);
        if (len == 0) {
            return ZERO;
        }
        if (len < HEADER_LENGTH || len > maxRecordLength) {
            return BAD_LENGTH;
        }
        if (available < len) {
            return INCOMPLETE;
        }
        final int count = buffer.getShort(offset + BLOCK_COUNT_OFFSET, ORDER) & 0xFFFF;
        if (HEADER_LENGTH + (long) count * BLOCK_REF_LENGTH > len) {
            return BAD_STRUCTURE;
        }
        final int expected = buffer.getInt(offset + CRC_OFFSET, ORDER);
        if (crc.compute(buffer, offset + LENGTH_OFFSET, len - LENGTH_OFFSET) != expected) {
            return BAD_CRC;
        }
        return len;
    }

    /**
     * Wraps the record at {@code offset}; {@code limit} is the end of readable bytes.
     *
     * @throws StratumException CORRUPT when the bytes are not a whole, valid record
     */
    public WalRecordDecoder wrap(final DirectBuffer buffer, final int offset, final int limit) {
        final int status = check(buffer, offset, limit);
        if (status < 0) {
            this.buffer = null;
            throw StratumException.of(ErrorCode.CORRUPT, WalRecord.statusName(status), "offset", offset,
                "available", limit - offset);
        }
        wrapTrusted(buffer, offset, status);
        return this;
    }

    /** Wraps a record already checked by {@link #check} (whose result is {@code length}). */
    public WalRecordDecoder wrapTrusted(final DirectBuffer buffer, final int offset, final int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.blocks = buffer.getShort(offset + BLOCK_COUNT_OFFSET, ORDER) & 0xFFFF;
        return this;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    /** Offset of the record's first byte in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public int crc() {
        return buffer.getInt(offset + CRC_OFFSET, ORDER);
    }

    public long xid() {
        return buffer.getLong(offset + XID_OFFSET, ORDER);
    }

    public int rmgr() {
        return buffer.getByte(offset + RMGR_OFFSET) & 0xFF;
    }

    public int info() {
        return buffer.getByte(offset + INFO_OFFSET) & 0xFF;
    }

    public int blockCount() {
        return blocks;
    }

    public long blockKeyHi(final int index) {
        return buffer.getLong(blockAt(index) + BLOCK_KEY_HI_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public long blockKeyLo(final int index) {
        return buffer.getLong(blockAt(index) + BLOCK_KEY_LO_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public int blockFlags(final int index) {
        return buffer.getByte(blockAt(index) + BLOCK_FLAGS_OFFSET) & 0xFF;
    }

    /** Offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return offset + HEADER_LENGTH + blocks * BLOCK_REF_LENGTH;
    }

    public int payloadLength() {
        return length - HEADER_LENGTH - blocks * BLOCK_REF_LENGTH;
    }

    /** The commit timestamp (micros since epoch) when {@link WalRecord#INFO_HAS_TIMESTAMP} is set, else -1. */
    public long timestampMicros() {
        if ((info() & INFO_HAS_TIMESTAMP) == 0 || payloadLength() < 8) {
            return -1;
        }
        return buffer.getLong(payloadOffset(), ORDER);
    }

    private int blockAt(final int index) {
        if (index < 0 || index >= blocks) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "block index out of range",
                "index", index, "count", blocks);
        }
        return offset + HEADER_LENGTH + index * BLOCK_REF_LENGTH;
    }
}
