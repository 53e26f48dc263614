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
 * <p>{@link #close()} frees the reader's direct read buffer (up to twice the largest record) at once; the
 * reader and the record it returned last must not be used afterwards ({@link #next()} then throws CLOSED),
 * and close must not race a call on another thread (the owner's lock covers both).
 * <p>After a {@link WalLog#truncateAbove} cut at an LSN below this reader's position, {@link #next()}
 * throws OUT_OF_RANGE from then on (records it returned were discarded); a reader at or below the cut
 * drops what it had buffered from the cut on and goes on with the records appended after it.
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
    /** The last cut this reader has taken into account. */
    private Cut seen;
    /** The cut that discarded records this reader had passed, or -1. */
    private long cutBelow = -1;
    private boolean closed;

    WalReader(final WalLog log, final long fromLsn, final boolean written, final Cut seen) {
        this.log = log;
        this.written = written;
        this.seen = seen;
        this.decoder = new WalRecordDecoder(log.config().maxRecordLength());
        final int cap = Math.max(256 << 10, 2 * log.config().maxRecordLength());
        this.bb = ByteBuffer.allocateDirect(cap);
        this.buf = new UnsafeBuffer(bb);
        this.position = fromLsn;
        this.bufStart = fromLsn;
    }

    /** Moves to the next durable record; false when there is none yet. */
    public boolean next() {
        if (closed) {
            throw StratumException.of(ErrorCode.CLOSED, "WAL reader is closed", "dir", log.dir());
        }
        while (true) {
            if (seen.next != null) {
                catchUpWithCuts();
            }
            if (cutBelow >= 0) {
                throw StratumException.of(ErrorCode.OUT_OF_RANGE, "WAL was truncated above an LSN below this reader",
                    "lsn", Lsn.format(position), "cut", Lsn.format(cutBelow), "dir", log.dir());
            }
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
                if (!refill(limit)) {
                    continue; // a cut interrupted the read
                }
                status = decoder.check(buf, 0, bufLen);
            }
            if (seen.next != null) {
                continue; // a cut came while this record was read: it may be gone
            }
            if (status < 0 || position + status > limit) {
                if (first) {
                    throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "LSN is not the start of a WAL record",
                        "lsn", Lsn.format(position), "reason", WalRecord.statusName(status));
                }
                throw StratumException.of(ErrorCode.CORRUPT, "WAL record is corrupt: " + WalRecord.statusName(status),
                    "dir", log.dir(), "segment", log.files.segmentName(position), "offset",
                    log.files.segmentOffset(position), "lsn", Lsn.format(position));
            }
            first = false;
            decoder.wrapTrusted(buf, (int) (position - bufStart), status);
            recordLsn = position;
            position += status;
            return true;
        }
    }

    /** Takes the cuts made since the last look into account: drops buffered bytes from the lowest one on. */
    private void catchUpWithCuts() {
        long lowest = Long.MAX_VALUE;
        for (Cut c = seen.next; c != null; c = c.next) {
            lowest = Math.min(lowest, c.lsn);
            seen = c;
        }
        if (position > lowest && cutBelow < 0) {
            cutBelow = lowest;
        }
        bufLen = (int) Math.max(0, Math.min(bufLen, lowest - bufStart));
    }

    /** Reads from the position up to {@code limit}; false when a cut made the read fail. */
    private boolean refill(final long limit) {
        bufStart = position;
        bb.clear().limit((int) Math.min(bb.capacity(), limit - position));
        try {
            log.files.readBytes(position, bb);
        } catch (final IOException e) {
            if (position < log.beginLsn()) {
                throw StratumException.of(ErrorCode.OUT_OF_RANGE, "WAL was truncated past this reader",
                    "lsn", Lsn.format(position), "begin", Lsn.format(log.beginLsn()));
            }
            if (seen.next != null) {
                bufLen = 0;
                return false;
            }
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot read WAL", "dir", log.dir(),
                "segment", log.files.segmentName(position), "lsn", Lsn.format(position), "error", e.getMessage());
        }
        bufLen = bb.position();
        return true;
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
        if (!closed) {
            closed = true;
            bufLen = 0;
            decoder.wrapTrusted(EMPTY, 0, 0); // the last record's view no longer points at the freed memory
            buf.wrap(EMPTY_BYTES);
            org.agrona.BufferUtil.free(bb);
        }
    }

    private static final byte[] EMPTY_BYTES = new byte[0];
    /** Zeros (a record header with no blocks), read only: what a closed reader's decoder points at. */
    private static final UnsafeBuffer EMPTY = new UnsafeBuffer(new byte[WalRecord.HEADER_LENGTH]);

    /**
     * One {@link WalLog#truncateAbove} that cut records, linked to the next one: the log keeps only the
     * newest, each reader the last it has seen, so nothing older than the slowest reader stays reachable.
     */
    static final class Cut {
        final long lsn;
        volatile Cut next;

        Cut(final long lsn) {
            this.lsn = lsn;
        }

        /** Links a cut at {@code at} after this one and returns it. */
        Cut then(final long at) {
            final Cut c = new Cut(at);
            next = c;
            return c;
        }
    }
}
