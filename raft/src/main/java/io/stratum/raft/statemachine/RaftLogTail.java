package io.stratum.raft.statemachine;

import io.stratum.wal.TenantId;
import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.IoFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys.Log.CorruptionPolicy;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.server.raftlog.segmented.SegmentedRaftLogFormat;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.CodedInputStream;
import org.apache.ratis.thirdparty.com.google.protobuf.CodedOutputStream;
import org.apache.ratis.util.SizeInBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With the payload written once, the restart of a node whose WAL copy lost records that its Raft log holds: the
 * log's files are read before Ratis opens them, every entry above the snapshot is decided ({@link Tentative#replay}),
 * and the log is cut from the first accepted append whose records the copy does not hold.
 *
 * <p>Why cutting is safe and needed. Ratis acknowledges an entry only after {@code flush} returned, which is after
 * the copy's fsync of the entry's records; so an entry whose records the copy lost (a power cut between the two
 * overlapping fsyncs, a failed fsync whose writes the kernel dropped, a fault while a segment was created) was
 * never acknowledged by this node, and no entry after it was either (Ratis acknowledges a prefix). Dropping them is
 * what a crash before Ratis's own fsync does: the node has not promised them, the leader sends them again with
 * their records (from its cache, or its copy through {@code read}), and the copy is rebuilt from that peer. Kept,
 * they would let this node win an election with entries it cannot serve, and commit them. An append skipped on
 * the leader's word (deleted, or below the persisted LSN) starts the copy again after it, durably, so it is never
 * taken for a lost one; an incarnation a later DELETE removes is not looked at. This relies on what Ratis relies on
 * for its own files: a completed fsync is durable, and files are not damaged or removed by hand.
 *
 * <p>The cut, like Ratis's own truncation: segments that start at or above the index deleted (newest first), the
 * one holding it truncated to the entry's offset (checked against the length prefix found there) and renamed to
 * the closed segment ending before it, then the directory fsynced. A crash in between leaves a prefix of the log.
 *
 * <p>Threads: called once per start of the group, from {@link WalStateMachine#initialize} on the thread Ratis
 * initializes the division on, before the Raft log is opened; nothing else touches the files then.
 */
final class RaftLogTail {
    private static final Logger LOG = LoggerFactory.getLogger(RaftLogTail.class);
    private static final Pattern OPEN = Pattern.compile("log_inprogress_(\\d+)");
    private static final Pattern CLOSED = Pattern.compile("log_(\\d+)-(\\d+)");

    private RaftLogTail() {
    }

    /** One segment file: where it starts, and whether it is Ratis's open (in-progress) segment. */
    private record Segment(LogSegmentPath path, long start, boolean open) {
        Path file() {
            return path.getPath();
        }
    }

    /**
     * Decides the log's entries into {@code tentative} and cuts the log before the first one whose records the copy
     * lost; returns how many entries were cut (0: none).
     */
    static long dropUnheld(final Tentative tentative, final RaftStorage storage, final RaftProperties properties,
                           final TenantId tenant) throws IOException {
        final SizeInBytes maxOp = RaftServerConfigKeys.Log.Appender.bufferByteLimit(properties);
        final CorruptionPolicy policy = CorruptionPolicy.get(storage, RaftStorage::getLogCorruptionPolicy);
        final List<Segment> segments = segments(storage);
        final boolean[] contiguous = {true};
        final long[] last = {-1};
        for (final Segment s : segments) {
            LogSegment.readSegmentFile(s.file().toFile(), s.path.getStartEnd(), maxOp, policy, null, e -> {
                if (contiguous[0]) {
                    contiguous[0] = tentative.replay(e);
                    last[0] = e.getIndex();
                }
            });
            if (!contiguous[0]) {
                LOG.warn("tenant {}: the Raft log's entries do not follow the snapshot in {}: not checked against the "
                    + "WAL copies here", tenant, s.file());
                return 0;
            }
        }
        final long cut = tentative.firstUnheld();
        if (cut < 0) {
            return 0;
        }
        LOG.warn("tenant {}: the WAL copy here lacks the records of entry {} and maybe later ones (lost before this "
            + "node acknowledged them: a crash between its two fsyncs, or a failed write): cutting this node's Raft "
            + "log from entry {}; the leader sends those entries again", tenant, cut, cut);
        cut(segments, cut, maxOp, policy);
        tentative.truncate(cut);
        return last[0] - cut + 1;
    }

    private static List<Segment> segments(final RaftStorage storage) throws IOException {
        final List<Segment> out = new ArrayList<>();
        for (final LogSegmentPath p : LogSegmentPath.getLogSegmentPaths(storage)) {
            final String name = p.getPath().getFileName().toString();
            final Matcher open = OPEN.matcher(name);
            final Matcher closed = CLOSED.matcher(name);
            if (open.matches()) {
                out.add(new Segment(p, Long.parseLong(open.group(1)), true));
            } else if (closed.matches()) {
                out.add(new Segment(p, Long.parseLong(closed.group(1)), false));
            } else {
                throw new IOException("unexpected Raft log segment name " + p.getPath());
            }
        }
        out.sort(Comparator.comparingLong(Segment::start));
        return out;
    }

    private static void cut(final List<Segment> segments, final long index, final SizeInBytes maxOp,
                            final CorruptionPolicy policy) throws IOException {
        final FileIo io = FileIo.real();
        Path dir = null;
        Segment holding = null;
        for (int i = segments.size() - 1; i >= 0; i--) {
            final Segment s = segments.get(i);
            dir = s.file().getParent();
            if (s.start >= index) {
                io.delete(s.file());
                LOG.info("deleted Raft log segment {} (cut from entry {})", s.file(), index);
            } else if (holding == null) {
                holding = s;
            }
        }
        if (holding != null) {
            final long offset = offsetOf(holding, index, maxOp, policy);
            if (offset >= 0) {
                try (IoFile f = io.open(holding.file(), false)) {
                    f.truncate(offset);
                    f.force();
                }
                final Path closed = holding.file().resolveSibling("log_" + holding.start + "-" + (index - 1));
                io.rename(holding.file(), closed);
                LOG.info("cut Raft log segment {} at entry {} (byte {}), now {}", holding.file(), index, offset,
                    closed);
            }
        }
        if (dir != null) {
            io.syncDirectory(dir);
        }
    }

    /**
     * The byte offset of entry {@code index} in the segment (each entry: its length as a varint, the entry, a 4-byte
     * checksum), checked against the length prefix found there; -1 when the segment ends before it.
     */
    private static long offsetOf(final Segment s, final long index, final SizeInBytes maxOp,
                                 final CorruptionPolicy policy) throws IOException {
        final long[] offset = {SegmentedRaftLogFormat.getHeaderLength()};
        final int[] size = {-1};
        LogSegment.readSegmentFile(s.file().toFile(), s.path.getStartEnd(), maxOp, policy, null, e -> {
            if (e.getIndex() < index) {
                final int n = e.getSerializedSize();
                offset[0] += CodedOutputStream.computeUInt32SizeNoTag(n) + n + 4L;
            } else if (e.getIndex() == index) {
                size[0] = e.getSerializedSize();
            }
        });
        if (size[0] < 0) {
            return -1;
        }
        final ByteBuffer prefix = ByteBuffer.allocate(5);
        try (IoFile f = FileIo.real().openReadOnly(s.file())) {
            f.read(prefix, offset[0]);
        }
        prefix.flip();
        final int found = prefix.hasRemaining()
            ? CodedInputStream.newInstance(prefix).readRawVarint32() : -1;
        if (found != size[0]) {
            throw new IOException("entry " + index + " is not where it should be in " + s.file() + " (byte "
                + offset[0] + ": length " + found + ", expected " + size[0] + ")");
        }
        return offset[0];
    }

}
