package io.stratum.wal;

import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.io.AtomicFiles;
import io.stratum.wal.io.DirectoryLock;
import io.stratum.wal.io.FileIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening a {@link WalLog}: locks the directory, checks {@code wal.meta} and the run of segment files, and
 * scans the records from the begin LSN to the first bad length or CRC; {@link TailRecovery} then decides
 * whether what follows is a torn write (cut) or damage (CORRUPT). Sets the log's begin, end and marks.
 * <p>Threads: none; runs once, on the opening thread, before the log is shared.
 */
final class WalRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(WalLog.class);
    private final WalLog log;
    private final FileIo io;
    private final Path dir;
    private final SegmentFiles files;

    WalRecovery(final WalLog log) {
        this.log = log;
        this.io = log.config().fileIo();
        this.dir = log.config().dir();
        this.files = log.files;
    }

    void load() {
        final boolean readOnly = log.readOnly;
        try {
            if (!readOnly) {
                AtomicFiles.createDirectories(io, dir);
                log.lock = DirectoryLock.acquire(dir, "WAL");
            }
            for (final Path p : io.list(dir)) {
                if (!readOnly && p.getFileName().toString().endsWith(".tmp")) {
                    io.delete(p);
                }
            }
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot open WAL directory", "dir", dir,
                "error", e.getMessage());
        }
        final WalMeta meta = WalMeta.read(io, dir);
        final List<Path> segmentFiles = listSegments();
        if (meta == null) {
            if (!segmentFiles.isEmpty()) {
                throw StratumException.of(ErrorCode.CORRUPT, "WAL segments without wal.meta", "dir", dir);
            }
            final long start = log.config().startLsn();
            log.storedMaxRecord = log.config().maxRecordLength();
            log.syncedMark = start;
            log.writeMeta(start, 0);
            log.beginLsn = start;
            log.setEnd(start);
            return;
        }
        final long segmentSize = files.segmentSize;
        final long metaSegmentSize = meta.segmentSize();
        final long begin = meta.beginLsn();
        final long cleanEnd = meta.cleanEnd();
        log.syncedMark = meta.durableMark();
        log.storedMaxRecord = Math.max(meta.maxRecordLength(), log.config().maxRecordLength());
        if (metaSegmentSize != segmentSize) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "WAL was created with another segment size",
                "dir", dir, "created", metaSegmentSize, "configured", segmentSize);
        }
        log.beginLsn = begin;
        long expected = begin & -segmentSize;
        for (final Path p : segmentFiles) {
            final long start = Segment.parseName(p.getFileName().toString());
            if (start + segmentSize <= begin) {
                if (readOnly) {
                    continue;
                }
                try {
                    io.delete(p); // left over by an interrupted truncation
                } catch (final IOException e) {
                    throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot delete segment", "segment", p);
                }
                continue;
            }
            if (start != expected) {
                throw StratumException.of(ErrorCode.CORRUPT, "WAL segment missing", "dir", dir,
                    "missing", Segment.name(expected), "found", p.getFileName());
            }
            files.segments.put(start, Segment.open(io, p, segmentSize, readOnly));
            expected += segmentSize;
        }
        recover(begin, cleanEnd);
    }

    private List<Path> listSegments() {
        try {
            final List<Path> out = new ArrayList<>();
            for (final Path p : io.list(dir)) {
                if (Segment.parseName(p.getFileName().toString()) >= 0) {
                    out.add(p);
                }
            }
            return out;
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot list WAL directory", "dir", dir);
        }
    }

    private void recover(final long begin, final long cleanEnd) {
        final long limit = files.segments.isEmpty() ? begin : files.segments.lastEntry().getValue().end();
        final WalRecordDecoder dec = new WalRecordDecoder(log.storedMaxRecord);
        final int cap = Math.max(1 << 20, 2 * log.storedMaxRecord);
        final ByteBuffer bb = ByteBuffer.allocateDirect(cap);
        final UnsafeBuffer buf = new UnsafeBuffer(bb);
        long pos = begin;
        long bufStart = begin;
        int bufLen = 0;
        int status = WalRecord.ZERO;
        try {
            while (pos < limit) {
                final int off = (int) (pos - bufStart);
                status = dec.check(buf, off, bufLen);
                if (status >= 0) {
                    pos += status;
                    continue;
                }
                if (status == WalRecord.INCOMPLETE && bufStart + bufLen < limit) {
                    bufStart = pos;
                    bb.clear().limit((int) Math.min(cap, limit - pos));
                    files.readBytes(pos, bb);
                    bufLen = bb.position();
                    continue;
                }
                break;
            }
            if (cleanEnd != 0 && pos != cleanEnd) {
                throw StratumException.of(ErrorCode.CORRUPT,
                    "WAL was closed cleanly but its records end elsewhere: " + WalRecord.statusName(status),
                    "segment", files.segmentName(pos), "offset", files.segmentOffset(pos), "lsn", Lsn.format(pos),
                    "cleanEnd", Lsn.format(cleanEnd));
            }
            final long cut = new TailRecovery(log).cut(pos, limit, dec, status);
            log.tailBytes = cut;
            if (cut > 0 && !log.readOnly) {
                LOG.warn("WAL recovery cut {} bytes after the last whole record [dir={}, segment={}, lsn={}, reason={}]",
                    cut, dir, files.segmentName(pos), Lsn.format(pos), WalRecord.statusName(status));
            }
            if (cleanEnd != 0 && !log.readOnly) {
                log.writeMeta(begin, 0);
            }
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot read WAL during recovery", "dir", dir,
                "error", e.getMessage());
        }
        if (!log.readOnly) {
            syncRecovered(pos);
        }
        log.setEnd(pos);
    }

    /**
     * Records found past the last known sync may sit only in the OS page cache (the previous process died
     * before its fsync, the machine did not); from now on they count as flushed, so they are made durable
     * first, or a power loss after the restart would take back records this log has reported durable.
     */
    private void syncRecovered(final long pos) {
        for (final Segment s : files.segments.tailMap(log.syncedMark & -files.segmentSize, true).values()) {
            if (s.start >= pos) {
                break;
            }
            try {
                s.file.force();
            } catch (final IOException e) {
                throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot fsync the recovered WAL", "dir", dir,
                    "segment", s.path.getFileName(), "error", e.getMessage());
            }
        }
    }
}
