package io.stratum.wal;

import io.stratum.wal.io.FileIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment files of one {@link WalLog}: which segment holds an LSN, creating (and preallocating) the
 * next one when the log rolls over, and reading WAL bytes across segment boundaries.
 * <p>Threads: with preallocation on, the next segment is prepared on the config's preallocator (shared by many
 * logs, owned by the caller) or, without one, on a daemon thread of this log's own ({@code stratum-wal-prealloc});
 * {@link #close()} waits for a preparation it started (a queued one does nothing once the log is closed) and
 * stops its own thread, interrupting nothing. {@link #segmentFor}, {@link #write} and the dirty-segment lists are
 * used under the log's flush lock, except {@link #forceTaken}, which the flush role's holder runs without
 * it (while writers go on); reads may come from any thread.
 */
final class SegmentFiles {
    private static final Logger LOG = LoggerFactory.getLogger(WalLog.class);

    final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    final long segmentSize;
    private final FileIo io;
    private final Path dir;
    private final boolean preallocate;
    private final ExecutorService ownPreallocator; // null when the config names one
    private final Executor preallocator;
    private CompletableFuture<Void> preallocFuture;
    private long preallocStart = -1;
    private volatile boolean closed;
    private List<Segment> dirty = new ArrayList<>(4);  // written since the last takeDirty; guarded by the flush lock
    private List<Segment> taken = new ArrayList<>(4);  // being synced by the flush role's holder (forceTaken)
    private long lastWriteSegment = -1;                // guarded by the flush lock

    SegmentFiles(final WalConfig config, final boolean readOnly) {
        this.io = config.fileIo();
        this.dir = config.dir();
        this.segmentSize = config.segmentSize();
        this.preallocate = config.preallocate();
        this.ownPreallocator = preallocate && !readOnly && config.preallocator() == null
            ? Executors.newSingleThreadExecutor(r -> {
                final Thread t = new Thread(r, "stratum-wal-prealloc");
                t.setDaemon(true);
                return t;
            }) : null;
        this.preallocator = !preallocate || readOnly ? null
            : ownPreallocator != null ? ownPreallocator : config.preallocator();
    }

    /** The segment holding {@code lsn}, created (or taken from the preallocator) when it does not exist. */
    Segment segmentFor(final long lsn) throws IOException {
        final long start = lsn & -segmentSize;
        Segment seg = segments.get(start);
        if (seg == null) {
            seg = createSegment(start);
        }
        return seg;
    }

    private Segment createSegment(final long start) throws IOException {
        final Path path = dir.resolve(Segment.name(start));
        if (preallocFuture != null && preallocStart == start) {
            try {
                preallocFuture.get();
            } catch (final Exception e) {
                LOG.warn("preallocating WAL segment {} failed, creating it now: {}", path, e.toString());
            }
            preallocFuture = null;
        }
        if (!io.exists(path)) {
            Segment.create(io, dir, start, segmentSize, preallocate);
        }
        final Segment seg = Segment.open(io, path, segmentSize, false);
        segments.put(start, seg);
        schedulePrealloc(start + segmentSize);
        return seg;
    }

    private void schedulePrealloc(final long start) {
        if (preallocator == null || closed || io.exists(dir.resolve(Segment.name(start)))) {
            return;
        }
        try {
            preallocFuture = CompletableFuture.runAsync(() -> {
                if (closed) {
                    return; // queued behind other logs' preparations on a shared executor
                }
                try {
                    Segment.create(io, dir, start, segmentSize, true);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, preallocator);
            preallocStart = start;
        } catch (final RejectedExecutionException e) {
            LOG.debug("not preallocating WAL segment {}: the preallocator is shut down", Segment.name(start));
        }
    }

    /**
     * Writes {@code buf}, WAL bytes from {@code start}, into the segments (creating them as the log rolls
     * over), without a sync. Caller holds the log's flush lock.
     */
    void write(final ByteBuffer buf, final long start, final WalLog log) throws IOException {
        long lsn = start;
        while (buf.hasRemaining()) {
            final Segment seg = segmentFor(lsn);
            if (seg.start > lastWriteSegment) {
                lastWriteSegment = seg.start; // the durable mark follows at the next sync (syncTaken)
            }
            final int n = (int) Math.min(buf.remaining(), seg.end() - lsn);
            final int oldLimit = buf.limit();
            buf.limit(buf.position() + n);
            seg.file.write(buf, seg.fileOffset(lsn));
            buf.limit(oldLimit);
            if (!dirty.contains(seg)) {
                dirty.add(seg);
            }
            lsn += n;
        }
    }

    /**
     * Takes the segments written since the last sync for a sync outside the flush lock ({@link #forceTaken}),
     * so that appends can go on writing meanwhile. Caller holds the log's flush lock and the flush role.
     */
    void takeDirty() {
        final List<Segment> t = taken;
        taken = dirty;
        dirty = t;
        dirty.clear();
    }

    /** fsyncs the segments {@link #takeDirty} took. Called by the flush role's holder, without the flush lock. */
    void forceTaken() throws IOException {
        for (int i = 0; i < taken.size(); i++) {
            taken.get(i).file.force();
        }
    }

    /**
     * After {@link #forceTaken}: every byte written before {@link #takeDirty} is durable, so when no segment
     * below the one written last has been written since, all WAL below that segment is durable, and the
     * log's durable mark moves up to it (recorded in {@code wal.meta}, so recovery can tell a torn unsynced
     * tail from damage to durable records). Caller holds the flush lock and the flush role.
     */
    void syncTaken(final WalLog log) {
        taken.clear();
        if (lastWriteSegment <= log.syncedMark) {
            return;
        }
        for (int i = 0; i < dirty.size(); i++) {
            if (dirty.get(i).start < lastWriteSegment) {
                return; // written since the sync began: the next sync covers it
            }
        }
        log.syncedMark = lastWriteSegment;
        log.writeMeta(log.beginLsn, 0);
    }

    /** Forgets what was written (the log was reset and its segments deleted). Caller holds the flush lock. */
    void forgetWrites() {
        dirty.clear();
        taken.clear();
        lastWriteSegment = -1;
    }

    /** Waits for a running preallocation (its failure only means the segment is created when needed). */
    void awaitPrealloc() {
        if (preallocFuture != null) {
            try {
                preallocFuture.get();
            } catch (final Exception e) {
                LOG.warn("preallocating WAL segment {} failed: {}", Segment.name(preallocStart), e.toString());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
            preallocFuture = null;
            preallocStart = -1;
        }
    }

    /**
     * Forgets the segments after {@code start}, whose files are being deleted (the log was cut back into
     * the segment at {@code start}). Caller holds the flush lock.
     */
    void forgetAbove(final long start) {
        dirty.removeIf(s -> s.start > start);
        if (lastWriteSegment > start) {
            lastWriteSegment = start;
        }
    }

    /**
     * Reads WAL bytes {@code [lsn, lsn + dst.remaining())} into {@code dst}; bytes past the end of a
     * segment file read as zeros. Used by readers and recovery.
     */
    void readBytes(final long lsn, final ByteBuffer dst) throws IOException {
        long at = lsn;
        while (dst.hasRemaining()) {
            final Map.Entry<Long, Segment> e = segments.floorEntry(at);
            if (e == null || e.getValue().end() <= at) {
                throw new IOException("no WAL segment holds LSN " + Lsn.format(at));
            }
            final Segment seg = e.getValue();
            final int n = (int) Math.min(dst.remaining(), seg.end() - at);
            final int limit = dst.limit();
            dst.limit(dst.position() + n);
            while (dst.hasRemaining()) {
                final int r = seg.file.read(dst, seg.fileOffset(at) + (n - dst.remaining()));
                if (r < 0) {
                    while (dst.hasRemaining()) {
                        dst.put((byte) 0);
                    }
                }
            }
            dst.limit(limit);
            at += n;
        }
    }

    /** The segment holding {@code lsn}, for error messages. */
    String segmentName(final long lsn) {
        final Map.Entry<Long, Segment> e = segments.floorEntry(lsn);
        return e == null ? Segment.name(lsn & -segmentSize) : e.getValue().path.getFileName().toString();
    }

    long segmentOffset(final long lsn) {
        return Segment.HEADER + (lsn & (segmentSize - 1));
    }

    /** Stops the preallocator and closes every segment file (without syncing). */
    void close() {
        closed = true;
        final CompletableFuture<Void> f = preallocFuture;
        if (f != null) {
            try {
                f.get(10, TimeUnit.SECONDS); // no interrupt into its file I/O: it writes one segment at most
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (final ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("preallocating WAL segment {} failed or hangs at close: {}", Segment.name(preallocStart),
                    e.toString());
            }
        }
        if (ownPreallocator != null) {
            ownPreallocator.shutdown();
            try {
                ownPreallocator.awaitTermination(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (final Segment s : segments.values()) {
            try {
                s.file.close();
            } catch (final IOException e) {
                LOG.warn("closing WAL segment {} failed: {}", s.path, e.toString());
            }
        }
        segments.clear();
    }
}
