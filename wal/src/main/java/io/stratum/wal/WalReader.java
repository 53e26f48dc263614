package io.stratum.wal;

import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Iterates the durable records of a {@link WalLog} from a record-start LSN, following the log as it grows
 * ({@link #next()} returns false at the current flushed end and true again once more is flushed), or,
 * made by {@link WalLog#readerOfWritten}, every record handed to the OS. A flyweight: {@link #record()}
 * is valid until the next call. Not thread-safe; one per consumer.
 */
public final class WalReader implements AutoCloseable {
    private final WalLog log;
    private final WalRecordDecoder decoder;
    private final ByteBuffer bb;
    private final UnsafeBuffer buf;
    private long bufStart;
    private int bufLen;
    private long position;
    private long recordLsn = Lsn.INVALID;
    private boolean first = true;
    private final boolean written;

    WalReader(final WalLog log, final long fromLsn, final boolean written) {
        this.log = log;
        this.written = written;
        this.decoder = new WalRecordDecoder(log.config().maxRecordLength());
        final int cap = Math.max(256 << 10, 2 * log.config().maxRecordLength());
        this.bb = ByteBuffer.allocateDirect(cap);
        this.buf = new UnsafeBuffer(bb);
        this.position = fromLsn;
        this.bufStart = fromLsn;
    }

    /** Moves to the next durable record; false when there is none yet. */
    public boolean next() {
        final long limit = written ? log.writtenLsn() : log.flushedLsn();
        if (position >= limit) {
            return false;
        }
        if (position < log.beginLsn()) {
            throw StratumException.of(ErrorCode.OUT_OF_RANGE, "WAL was truncated past this reader",
                "lsn", Lsn.format(position), "begin", Lsn.format(log.beginLsn()));
        }
        int status = decoder.check(buf, (int) (position - bufStart), bufLen);
        if (status == WalRecord.INCOMPLETE || status == WalRecord.ZERO && bufStart + bufLen < limit) {
            refill(limit);
            status = decoder.check(buf, 0, bufLen);
        }
        if (status < 0 || position + status > limit) {
            if (first) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "LSN is not the start of a WAL record",
                    "lsn", Lsn.format(position), "reason", WalRecord.statusName(status));
            }
            throw StratumException.of(ErrorCode.CORRUPT, "WAL record is corrupt: " + WalRecord.statusName(status),
                "dir", log.dir(), "segment", log.files.segmentName(position), "offset", log.files.segmentOffset(position),
                "lsn", Lsn.format(position));
        }
        first = false;
        decoder.wrapTrusted(buf, (int) (position - bufStart), status);
        recordLsn = position;
        position += status;
        return true;
    }

    private void refill(final long limit) {
        bufStart = position;
        bb.clear().limit((int) Math.min(bb.capacity(), limit - position));
        try {
            log.files.readBytes(position, bb);
        } catch (final IOException e) {
            if (position < log.beginLsn()) {
                throw StratumException.of(ErrorCode.OUT_OF_RANGE, "WAL was truncated past this reader",
                    "lsn", Lsn.format(position), "begin", Lsn.format(log.beginLsn()));
            }
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot read WAL", "dir", log.dir(),
                "segment", log.files.segmentName(position), "lsn", Lsn.format(position), "error", e.getMessage());
        }
        bufLen = bb.position();
    }

    /** The current record (valid until the next call to {@link #next()}). */
    public WalRecordDecoder record() {
        return decoder;
    }

    /** Start LSN of the current record. */
    public long lsn() {
        return recordLsn;
    }

    /** End LSN of the current record, which is also where the next one starts. */
    public long endLsn() {
        return position;
    }

    /** The LSN the next call to {@link #next()} reads from. */
    public long position() {
        return position;
    }

    @Override
    public void close() {
        // buffers are released with the reader
    }
}
