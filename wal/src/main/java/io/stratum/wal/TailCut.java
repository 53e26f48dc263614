package io.stratum.wal;

import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.io.FileIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;

/**
 * The file half of {@link WalLog#truncateAbove}: checks that the LSN starts a record, then cuts the
 * segment files back to it. The log has already lowered its durable mark in {@code wal.meta} to at most
 * the LSN, so recovery takes anything left above it by a crash for a torn tail and cuts it, never for
 * damage below the mark. Steps, each one safe to be interrupted:
 * <ol>
 *   <li>the preallocation of a next segment, if one is running, is waited for;</li>
 *   <li>every segment file after the one holding the LSN (the preallocated one too) is closed and
 *       deleted, newest first, so that whatever deletions a crash keeps leave a gap-free run of segments;
 *       then the directory is synced;</li>
 *   <li>the segment holding the LSN is zeroed from it up to where the log had written (truncated at it
 *       without preallocation, as a new segment would be), then synced. A zeroed region reads as the
 *       end of the log, a short file reads as zeros past its end.</li>
 * </ol>
 * <p>Threads: called under the log's flush and append locks; concurrent readers of a deleted segment see
 * an I/O error, which they ignore once they see the cut the log published before calling here.
 */
final class TailCut {
    private final WalLog log;
    private final SegmentFiles files;
    private final FileIo io;
    private final Path dir;

    TailCut(final WalLog log) {
        this.log = log;
        this.files = log.files;
        this.io = log.config().fileIo();
        this.dir = log.config().dir();
    }

    /**
     * Checks {@code lsn}: false when it is the end (nothing to cut), true when it starts a record below the
     * end. {@code known} holds record starts (begin LSN first, then the flushed and written LSNs, then the
     * LSN the write buffer starts at, {@code known[3]}); record lengths are walked from the highest one at
     * or below {@code lsn}, on disk below {@code known[3]}, in {@code buffered} above it.
     *
     * @throws StratumException OUT_OF_RANGE outside [begin, end], INVALID_ARGUMENT inside a record
     */
    boolean check(final long lsn, final long end, final long[] known, final DirectBuffer buffered) {
        if (lsn < known[0] || lsn > end) {
            throw StratumException.of(ErrorCode.OUT_OF_RANGE, "cannot truncate outside the WAL", "lsn", Lsn.format(lsn),
                "begin", Lsn.format(known[0]), "end", Lsn.format(end), "dir", dir);
        }
        if (lsn == end) {
            return false;
        }
        long at = known[0];
        for (final long k : known) {
            if (k <= lsn && k > at) {
                at = k;
            }
        }
        final long diskEnd = known[3];
        final ByteBuffer head = ByteBuffer.allocate(WalRecord.LENGTH_OFFSET + 4).order(ByteOrder.LITTLE_ENDIAN);
        long previous = at;
        try {
            while (at < lsn) {
                final int length;
                if (at >= diskEnd) {
                    length = buffered.getInt((int) (at - diskEnd) + WalRecord.LENGTH_OFFSET, WalRecord.ORDER);
                } else {
                    head.clear();
                    files.readBytes(at, head);
                    length = head.getInt(WalRecord.LENGTH_OFFSET);
                }
                if (length < WalRecord.HEADER_LENGTH) {
                    throw StratumException.of(ErrorCode.INTERNAL, "WAL record with a bad length below the end",
                        "lsn", Lsn.format(at), "length", length, "dir", dir);
                }
                previous = at;
                at += length;
            }
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot read WAL", "dir", dir,
                "segment", files.segmentName(at), "lsn", Lsn.format(at), "error", e.getMessage());
        }
        if (at != lsn) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "cannot truncate inside a WAL record",
                "lsn", Lsn.format(lsn), "recordStart", Lsn.format(previous), "recordEnd", Lsn.format(at), "dir", dir);
        }
        return true;
    }

    /** Cuts the segment files back to {@code lsn}; the log had written WAL bytes up to {@code diskEnd}. */
    void cut(final long lsn, final long diskEnd) {
        final long holding = lsn & -files.segmentSize;
        Path current = dir;
        try {
            files.awaitPrealloc();
            final List<Path> later = new ArrayList<>();
            for (final Path p : io.list(dir)) {
                if (Segment.parseName(p.getFileName().toString()) > holding) {
                    later.add(p);
                }
            }
            for (final Map.Entry<Long, Segment> e : files.segments.tailMap(holding, false).entrySet()) {
                files.segments.remove(e.getKey());
                e.getValue().file.close();
            }
            files.forgetAbove(holding);
            for (int i = later.size() - 1; i >= 0; i--) { // names sort in LSN order: delete the newest first
                current = later.get(i);
                io.delete(current);
            }
            current = dir;
            if (!later.isEmpty()) {
                io.syncDirectory(dir);
            }
            final Segment seg = files.segments.get(holding);
            if (seg == null) {
                return;
            }
            current = seg.path;
            if (log.config().preallocate()) {
                final int chunk = 1 << 20;
                final ByteBuffer zeros = ByteBuffer.allocateDirect(chunk);
                try {
                    final long to = Math.min(seg.end(), diskEnd);
                    for (long p = lsn; p < to; p += chunk) {
                        zeros.clear().limit((int) Math.min(chunk, to - p));
                        seg.file.write(zeros, seg.fileOffset(p));
                    }
                } finally {
                    org.agrona.BufferUtil.free(zeros);
                }
            } else {
                seg.file.truncate(seg.fileOffset(lsn));
            }
            seg.file.force();
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "WAL tail cut failed", "dir", dir,
                "segment", current.getFileName(), "lsn", Lsn.format(lsn), "error", e.getMessage());
        }
    }
}
