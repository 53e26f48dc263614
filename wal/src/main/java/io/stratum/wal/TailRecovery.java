package io.stratum.wal;

import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tail half of {@link WalLog}'s recovery: what follows the last whole record, torn write or damage. */
final class TailRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(WalLog.class);
    private final WalLog log;

    TailRecovery(final WalLog log) {
        this.log = log;
    }

    /**
     * Looks at every byte from the end of the last good record to the end of the last segment: a valid
     * record there means corruption in the middle of the log; other non-zero bytes are a torn tail, zeroed
     * (or truncated, without preallocation). Returns how many bytes were cut.
     */
    long cut(final long endPos, final long limit, final WalRecordDecoder dec, final int status)
        throws IOException {
        final int chunk = 1 << 20;
        final int slack = 8;
        final ByteBuffer bb = ByteBuffer.allocateDirect(chunk + slack).order(ByteOrder.LITTLE_ENDIAN);
        final UnsafeBuffer buf = new UnsafeBuffer(bb);
        long lastNonZero = -1;
        long nextGood = -1;
        final byte[] candidate = new byte[log.storedMaxRecord];
        for (long c = endPos; c < limit; c += chunk) {
            bb.clear().limit((int) Math.min(chunk + slack, limit - c));
            log.files.readBytes(c, bb);
            final int n = bb.position();
            final int scan = (int) Math.min(chunk, limit - c);
            for (int i = 0; i < scan; i++) {
                if (buf.getByte(i) != 0) {
                    lastNonZero = c + i;
                }
                // every position may start a record (its first byte, a CRC byte, may well be zero)
                if (nextGood < 0 && c + i > endPos && i + 8 <= n) {
                    final int len = buf.getInt(i + WalRecord.LENGTH_OFFSET, WalRecord.ORDER);
                    if (len >= WalRecord.HEADER_LENGTH && len <= log.storedMaxRecord && c + i + len <= limit
                        && validRecordAt(c + i, len, dec, candidate)) {
                        nextGood = c + i;
                    }
                }
            }
        }
        if (nextGood >= 0) {
            if (badRecordEnd(endPos, status) <= log.syncedMark) {
                throw StratumException.of(ErrorCode.CORRUPT,
                    "WAL corrupt: a bad record in the durable part of the log is followed by good ones ("
                        + WalRecord.statusName(status) + ")",
                    "segment", log.files.segmentName(endPos), "offset", log.files.segmentOffset(endPos),
                    "lsn", Lsn.format(endPos), "nextGoodLsn", Lsn.format(nextGood), "durableBelow", Lsn.format(log.syncedMark));
            }
            // above the synced mark nothing was known durable: unsynced pages may reach the disk in any
            // order, so whole records after a hole are a torn write, not corruption
            LOG.warn("WAL recovery: records after the first bad one are past the last known sync and are cut as"
                + " a torn write [dir={}, lsn={}, nextValidLsn={}, durableBelow={}]", log.dir(), Lsn.format(endPos),
                Lsn.format(nextGood), Lsn.format(log.syncedMark));
        }
        if (lastNonZero < 0) {
            return 0;
        }
        final long cut = lastNonZero + 1 - endPos;
        if (log.readOnly) {
            return cut;
        }
        final ByteBuffer zeros = ByteBuffer.allocateDirect(chunk);
        for (final Segment s : log.files.segments.tailMap(endPos & -log.files.segmentSize, true).values()) {
            final long from = Math.max(endPos, s.start);
            final long to = Math.min(lastNonZero + 1, s.end());
            if (from >= to) {
                continue;
            }
            if (log.config().preallocate()) {
                for (long p = from; p < to; p += chunk) {
                    zeros.clear().limit((int) Math.min(chunk, to - p));
                    s.file.write(zeros, s.fileOffset(p));
                }
            } else {
                s.file.truncate(s.fileOffset(from));
            }
            s.file.force();
        }
        return cut;
    }

    /**
     * Where the bytes of the first bad record end: at its claimed length when that is plausible (a record
     * that starts below the durable mark and ends above it may have lost its tail in a crash: a torn
     * write, not damage to durable bytes), else after its length field.
     */
    private long badRecordEnd(final long endPos, final int status) throws IOException {
        final ByteBuffer head = ByteBuffer.allocate(WalRecord.LENGTH_OFFSET + 4).order(ByteOrder.LITTLE_ENDIAN);
        log.files.readBytes(endPos, head);
        final int len = head.getInt(WalRecord.LENGTH_OFFSET);
        final boolean plausible = status != WalRecord.BAD_LENGTH && status != WalRecord.ZERO
            && len >= WalRecord.HEADER_LENGTH && len <= log.storedMaxRecord;
        return endPos + (plausible ? len : WalRecord.LENGTH_OFFSET + 4);
    }

    private boolean validRecordAt(final long lsn, final int len, final WalRecordDecoder dec, final byte[] scratch)
        throws IOException {
        log.files.readBytes(lsn, ByteBuffer.wrap(scratch, 0, len));
        return dec.check(new UnsafeBuffer(scratch, 0, len), 0, len) == len;
    }

}
