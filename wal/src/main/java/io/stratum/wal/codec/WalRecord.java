package io.stratum.wal.codec;

import java.nio.ByteOrder;

/**
 * Layout of one WAL record. Records are laid end to end in a timeline's WAL with no padding, so the LSN
 * of a record is the byte position where it starts and its end LSN is start + length.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |            CRC32C over bytes [4, length) (int32 LE)           |  0
 * +---------------------------------------------------------------+
 * |           length: whole record, header included (int32 LE)    |  4
 * +---------------------------------------------------------------+
 * |                       xid (int64 LE)                          |  8
 * |                                                               |
 * +---------------+---------------+-------------------------------+
 * |  rmgr id (u8) |  info (u8)    |  block reference count (u16)  | 16
 * +---------------+---------------+-------------------------------+
 * |  block references, count x 17 bytes:                          | 20
 * |    page key high 8 bytes (BE), page key low 8 bytes (BE),     |
 * |    block flags (u8: bit 0 = WILL_INIT)                        |
 * +---------------------------------------------------------------+
 * |  payload (length - 20 - 17 x count bytes), owned by the rmgr  |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * Page keys are stored big-endian so that a hex dump shows the key bytes in sort order. The CRC covers
 * the length field, so a torn or garbled length is caught. Info bit 0x80 ({@link #INFO_HAS_TIMESTAMP})
 * says the first 8 payload bytes are a commit timestamp in microseconds since the Unix epoch (LE); the
 * page server indexes it to answer "the LSN at time T". The other info bits belong to the rmgr.
 */
public final class WalRecord {
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    public static final int CRC_OFFSET = 0;
    public static final int LENGTH_OFFSET = 4;
    public static final int XID_OFFSET = 8;
    public static final int RMGR_OFFSET = 16;
    public static final int INFO_OFFSET = 17;
    public static final int BLOCK_COUNT_OFFSET = 18;
    public static final int HEADER_LENGTH = 20;

    public static final int BLOCK_KEY_HI_OFFSET = 0;
    public static final int BLOCK_KEY_LO_OFFSET = 8;
    public static final int BLOCK_FLAGS_OFFSET = 16;
    public static final int BLOCK_REF_LENGTH = 17;

    /** Block flag: the record initialises the page, so redo needs no earlier image. */
    public static final int BLOCK_WILL_INIT = 0x01;

    /** Info flag: the payload starts with an 8-byte commit timestamp (micros since epoch, LE). */
    public static final int INFO_HAS_TIMESTAMP = 0x80;

    /** Default largest record accepted, header included. */
    public static final int DEFAULT_MAX_RECORD_LENGTH = 1 << 20;
    /** Largest value any configuration may raise the limit to. */
    public static final int MAX_RECORD_LENGTH_LIMIT = 64 << 20;
    /** Largest number of block references in one record. */
    public static final int MAX_BLOCK_REFS = 0xFFFF;

    /** {@link WalRecordDecoder#check} result: fewer bytes available than the record needs. */
    public static final int INCOMPLETE = -1;
    /** {@link WalRecordDecoder#check} result: a zero length field, what a preallocated file holds past the end. */
    public static final int ZERO = -2;
    /** {@link WalRecordDecoder#check} result: a length below the header size or above the limit. */
    public static final int BAD_LENGTH = -3;
    /** {@link WalRecordDecoder#check} result: block references do not fit the length. */
    public static final int BAD_STRUCTURE = -4;
    /** {@link WalRecordDecoder#check} result: the CRC does not match. */
    public static final int BAD_CRC = -5;

    private WalRecord() {
    }

    /** Length of a record with the given number of block references and payload bytes. */
    public static int length(final int blockCount, final int payloadLength) {
        return HEADER_LENGTH + blockCount * BLOCK_REF_LENGTH + payloadLength;
    }

    /** A short name for a {@link WalRecordDecoder#check} status. */
    public static String statusName(final int status) {
        switch (status) {
            case INCOMPLETE: return "incomplete record";
            case ZERO: return "zero length";
            case BAD_LENGTH: return "bad record length";
            case BAD_STRUCTURE: return "block references overrun the record";
            case BAD_CRC: return "record CRC mismatch";
            default: return status >= 0 ? "ok" : "unknown status " + status;
        }
    }
}
