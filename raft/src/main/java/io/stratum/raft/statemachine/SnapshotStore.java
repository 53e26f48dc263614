package io.stratum.raft.statemachine;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TimelineId;
import io.stratum.wal.io.AtomicFiles;
import io.stratum.wal.io.FileIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The snapshot files of one tenant's state machine: the replicated metadata of every timeline (epoch,
 * committed end, persisted LSN) at a Raft index. The WAL bytes are not in them: they are in the timelines'
 * {@code WalLog}s, flushed before a snapshot file is written. Named {@code snapshot.TERM_INDEX} in the
 * state-machine directory (Ratis ships them to a follower that needs to be installed).
 *
 * <pre>
 * content (little-endian, inside an AtomicFiles envelope with its own checksum):
 *   term (8) index (8) count (4), then per timeline: id (16) createdAt (8) epoch (8) end (8) persisted (8)
 *   createIndex (8)
 * </pre>
 * Files written before the CREATE entry's index named the WAL directory have no createIndex (48 bytes per
 * timeline; read as -1, the bare timeline id).
 */
final class SnapshotStore {
    private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");
    private static final int OLD_ENTRY = 48;
    private static final int ENTRY = 56;

    /** One snapshot: per timeline {createdAt, epoch, end, persisted, createIndex}. */
    record Meta(long term, long index, Map<TimelineId, long[]> timelines, Path path) {
    }

    private final FileIo io;
    private final Path dir;
    private final List<Meta> snapshots = new ArrayList<>(); // oldest first

    SnapshotStore(final FileIo io, final Path dir) {
        this.io = io;
        this.dir = dir;
    }

    /** Reads every snapshot file of the directory (those that fail their checksum are skipped). */
    synchronized void load() throws IOException {
        snapshots.clear();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "snapshot.*")) {
            for (final Path p : ds) {
                final Matcher m = NAME.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                try {
                    final byte[] content = AtomicFiles.read(io, p);
                    if (content != null) {
                        snapshots.add(decode(content, p));
                    }
                } catch (final StratumException e) {
                    if (e.code() != ErrorCode.CORRUPT && e.code() != ErrorCode.NOT_FOUND) {
                        throw e;
                    }
                }
            }
        }
        snapshots.sort(Comparator.comparingLong(Meta::index));
    }

    synchronized Meta oldest() {
        return snapshots.isEmpty() ? null : snapshots.get(0);
    }

    synchronized Meta newest() {
        return snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1);
    }

    /**
     * The newest snapshot at or below {@code maxIndex} (the applied index) from which a replica can be rebuilt
     * without WAL the page server still needs: every timeline's end in it is at or below the timeline's
     * persisted LSN now. Snapshots above the applied index exist while a restarted node replays its log from
     * the oldest one; Ratis refuses a snapshot index above the applied one ("Bug in StateMachine"), and
     * pruning below such a snapshot would delete the one the replay started from.
     */
    synchronized Meta safe(final ToLongFunction<TimelineId> persistedNow, final long maxIndex) {
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            final Meta m = snapshots.get(i);
            if (m.index > maxIndex) {
                continue;
            }
            boolean ok = true;
            for (final Map.Entry<TimelineId, long[]> e : m.timelines.entrySet()) {
                if (e.getValue()[2] > persistedNow.applyAsLong(e.getKey())) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                return m;
            }
        }
        return null;
    }

    /** Writes a snapshot file (durably) and remembers it. */
    synchronized Meta write(final long term, final long index, final Map<TimelineId, long[]> timelines) {
        final ByteBuffer b = ByteBuffer.allocate(20 + timelines.size() * ENTRY).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(term).putLong(index).putInt(timelines.size());
        for (final Map.Entry<TimelineId, long[]> e : timelines.entrySet()) {
            if (e.getValue().length != 5) {
                throw new IllegalArgumentException("a snapshot entry has 5 values: " + e.getValue().length);
            }
            b.putLong(e.getKey().hi()).putLong(e.getKey().lo());
            for (final long v : e.getValue()) {
                b.putLong(v);
            }
        }
        final Path p = dir.resolve("snapshot." + term + "_" + index);
        AtomicFiles.write(io, p, b.array());
        final Meta m = new Meta(term, index, timelines, p);
        snapshots.add(m);
        return m;
    }

    /** Deletes snapshots older than {@code keep} and all but the newest {@code maxNewer} of those newer. */
    synchronized void prune(final Meta keep, final int maxNewer) {
        final List<Meta> drop = new ArrayList<>();
        int newer = 0;
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            final Meta m = snapshots.get(i);
            if (keep != null && m.index < keep.index) {
                drop.add(m);
            } else if (keep == null || m.index > keep.index) {
                if (++newer > maxNewer) {
                    drop.add(m);
                }
            }
        }
        for (final Meta m : drop) {
            snapshots.remove(m);
            try {
                Files.deleteIfExists(m.path);
                Files.deleteIfExists(m.path.resolveSibling(m.path.getFileName() + ".md5"));
            } catch (final IOException e) {
                // a leftover file is harmless: it is skipped or reloaded as an old snapshot
            }
        }
    }

    private static Meta decode(final byte[] content, final Path p) {
        final ByteBuffer b = ByteBuffer.wrap(content).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        final long term = b.getLong();
        final long index = b.getLong();
        final int n = b.getInt();
        final boolean old = n >= 0 && content.length == 20 + (long) n * OLD_ENTRY;
        if (n < 0 || !old && content.length != 20 + (long) n * ENTRY) {
            throw StratumException.of(ErrorCode.CORRUPT, "snapshot length does not match its timeline count",
                "file", p, "count", n, "length", content.length);
        }
        final Map<TimelineId, long[]> tl = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            final TimelineId id = new TimelineId(b.getLong(), b.getLong());
            tl.put(id, new long[] {b.getLong(), b.getLong(), b.getLong(), b.getLong(), old ? -1 : b.getLong()});
        }
        return new Meta(term, index, tl, p);
    }
}
