package io.stratum.examples.kvstore;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.codec.WalRecordEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The store's WAL records, under the vendor resource-manager id {@link #RMGR} (128..255 are free for an
 * embedder). Each names one block, the key's bucket page; the info byte says what it does:
 * <pre>
 * info 1 PUT     u16 keyLength, u16 valueLength, key bytes, value bytes
 * info 2 DELETE  u16 keyLength, 0 (u16), key bytes
 * </pre>
 * Integers little-endian ({@link WalRecord#ORDER}). Not thread-safe: one instance per writer.
 */
final class KvRecords {
    /** Our resource-manager id. */
    static final int RMGR = 200;
    static final int PUT = 1;
    static final int DELETE = 2;
    static final int MAX_KEY = 255;
    static final int MAX_VALUE = 2048;
    /** Payload header: key and value lengths. */
    static final int HEADER = 4;

    private final WalRecordEncoder encoder = new WalRecordEncoder();

    private KvRecords() {
    }

    static KvRecords writer() {
        return new KvRecords();
    }

    /** Encodes one PUT (or, with a null value, DELETE) at {@code offset}; returns the record's length. */
    int encode(final MutableDirectBuffer buf, final int offset, final long pageHi, final long pageLo,
               final byte[] key, final byte[] value) {
        checkLengths(key.length, value == null ? 0 : value.length);
        encoder.wrap(buf, offset, buf.capacity() - offset).begin(RMGR, value == null ? DELETE : PUT, 0)
            .addBlock(pageHi, pageLo, 0);
        final int p = encoder.payloadOffset();
        buf.putShort(p, (short) key.length, WalRecord.ORDER);
        buf.putShort(p + 2, (short) (value == null ? 0 : value.length), WalRecord.ORDER);
        buf.putBytes(p + HEADER, key);
        if (value != null) {
            buf.putBytes(p + HEADER + key.length, value);
        }
        return encoder.finish(HEADER + key.length + (value == null ? 0 : value.length));
    }

    static void checkLengths(final int key, final int value) {
        if (key < 1 || key > MAX_KEY) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "key length out of range", "length", key,
                "max", MAX_KEY);
        }
        if (value < 0 || value > MAX_VALUE) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "value length out of range", "length", value,
                "max", MAX_VALUE);
        }
    }

    /** Checks a record's payload against its lengths; returns the key length. */
    static int keyLength(final WalRecordDecoder r) {
        final DirectBuffer b = r.buffer();
        final int p = r.payloadOffset();
        if (r.payloadLength() < HEADER) {
            throw corrupt(r, "payload shorter than its header");
        }
        final int k = b.getShort(p, WalRecord.ORDER) & 0xFFFF;
        final int v = b.getShort(p + 2, WalRecord.ORDER) & 0xFFFF;
        if (k < 1 || k > MAX_KEY || v > MAX_VALUE || HEADER + k + v != r.payloadLength()
            || r.info() == DELETE && v != 0 || r.info() != PUT && r.info() != DELETE) {
            throw corrupt(r, "bad lengths or op");
        }
        return k;
    }

    static int valueLength(final WalRecordDecoder r) {
        return r.buffer().getShort(r.payloadOffset() + 2, WalRecord.ORDER) & 0xFFFF;
    }

    static StratumException corrupt(final WalRecordDecoder r, final String what) {
        return StratumException.of(ErrorCode.CORRUPT, "bad key-value record: " + what, "info", r.info(),
            "payload", r.payloadLength());
    }
}
