package io.stratum.wal;

import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.io.DirectoryLock;
import io.stratum.wal.io.FileIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local write-ahead log: whole {@link WalRecord}s laid end to end in fixed-size segment files, the LSN of
 * a record being its byte position. One instance per directory.
 *
 * <ul>
 *   <li>{@link #append} copies records into a bounded in-memory buffer and returns their end LSN;</li>
 *   <li>{@link #flush(long)} writes what is buffered and {@code fdatasync}s it; concurrent callers share
 *       one sync (group commit: whoever holds the flush lock syncs everything appended so far);</li>
 *   <li>{@link #reader(long)} iterates durable records from a record-start LSN;
 *       {@link #writeOut(long)} hands buffered records to the OS without a sync, and
 *       {@link #readerOfWritten(long)} iterates those too (for a log whose records are durable elsewhere,
 *       such as a WAL node's copy of its Raft log);</li>
 *   <li>{@link #truncateBelow(long)} drops segments that lie wholly below an LSN;
 *       {@link #truncateAbove(long)} discards the records at and above one (file work in {@link TailCut}).</li>
 * </ul>
 * On open the tail is recovered: records are scanned from the begin LSN to the first length or CRC that
 * is bad; what follows is cut (and logged) when it is a torn write, and the open fails with CORRUPT
 * naming segment and offset when a good record follows the bad one, or when the log was closed cleanly
 * at a different end. After an I/O error the log refuses every further call until it is reopened.
 * Opening and recovery live in {@link WalRecovery} and {@link TailRecovery}, segment files (rolling,
 * preallocation, reads across segments) in {@link SegmentFiles}, iteration in {@link WalReader}.
 * <p>Threads: with {@code preallocate} on, one daemon thread ({@code stratum-wal-prealloc}) prepares the
 * next segment; {@link #close()} stops it. Every public method is thread-safe.
 */
public final class WalLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalLog.class);

    private final WalConfig config;
    private final FileIo io;
    private final Path dir;
    final SegmentFiles files;
    private final ConcurrentSkipListMap<Long, Segment> segments;

    private final Object appendLock = new Object();
    private final Object flushLock = new Object();
    private final java.util.concurrent.locks.ReentrantLock syncState = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition synced = syncState.newCondition();
    private boolean syncing; // guarded by syncState
    private final WalRecordDecoder appendChecker;
    private ByteBuffer pending;          // guarded by appendLock
    private UnsafeBuffer pendingView;    // guarded by appendLock
    private long pendingStart;           // guarded by appendLock
    private long end;                    // guarded by appendLock
    private ByteBuffer spare;            // guarded by flushLock
    private UnsafeBuffer spareView;      // guarded by flushLock

    volatile long beginLsn;
    private volatile long endLsn;
    private volatile long flushedLsn;
    /** Everything below this LSN has been handed to the OS (at or above {@link #flushedLsn}). */
    private volatile long writtenLsn;
    private volatile StratumException failure;
    private volatile boolean closed;
    private volatile boolean closing;
    final boolean readOnly;
    long tailBytes;
    /** Everything below this LSN is known durable; moved up (and recorded in wal.meta) by the first sync after a segment switch. */
    long syncedMark;          // guarded by flushLock
    /** Largest record length the log may hold: the largest any configuration ever allowed. */
    int storedMaxRecord;
    /** The newest {@link #truncateAbove} that cut records; readers follow the chain from the one they saw. */
    volatile WalReader.Cut lastCut = new WalReader.Cut(Long.MAX_VALUE);
    DirectoryLock lock;

    private WalLog(final WalConfig config, final boolean readOnly) {
        this.readOnly = readOnly;
        this.config = config;
        this.io = config.fileIo();
        this.dir = config.dir();
        this.files = new SegmentFiles(config, readOnly);
        this.segments = files.segments;
        this.appendChecker = new WalRecordDecoder(config.maxRecordLength());
        this.pending = ByteBuffer.allocateDirect(config.writeBufferSize()).order(ByteOrder.LITTLE_ENDIAN);
        this.spare = ByteBuffer.allocateDirect(config.writeBufferSize()).order(ByteOrder.LITTLE_ENDIAN);
        this.pendingView = new UnsafeBuffer(pending);
        this.spareView = new UnsafeBuffer(spare);
    }

    /** Opens (creating when empty) the log in {@code config.dir()} and recovers its tail. */
    public static WalLog open(final WalConfig config) {
        config.validate();
        final WalLog log = new WalLog(config, false);
        try {
            new WalRecovery(log).load();
            return log;
        } catch (final RuntimeException e) {
            log.closeQuietly();
            throw e;
        }
    }

    /**
     * Opens an existing log for reading only, as tools do: nothing on disk changes. Recovery still checks
     * every record; a torn tail is reported by {@link #tailBytes()} instead of being cut.
     */
    public static WalLog openReadOnly(final Path dir, final FileIo io, final int maxRecordLength) {
        final WalMeta meta = WalMeta.read(io, dir);
        if (meta == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "no WAL here (wal.meta is missing)", "dir", dir);
        }
        final WalConfig config = WalConfig.builder(dir).fileIo(io).segmentSize(meta.segmentSize())
            .maxRecordLength(maxRecordLength).writeBufferSize(2 * maxRecordLength).build();
        final WalLog log = new WalLog(config, true);
        try {
            new WalRecovery(log).load();
            return log;
        } catch (final RuntimeException e) {
            log.closeQuietly();
            throw e;
        }
    }

    /** Bytes after the last whole record that recovery found (and, unless read-only, cut). */
    public long tailBytes() {
        return tailBytes;
    }

    /** Number of segment files in use. */
    public int segmentCount() {
        return segments.size();
    }

    public WalConfig config() {
        return config;
    }

    /** LSN of the first record that can be read (everything below was truncated). */
    public long beginLsn() {
        return beginLsn;
    }

    /** LSN just past the last appended record: where the next append starts. */
    public long endLsn() {
        return endLsn;
    }

    /** LSN up to which every record is durable. */
    public long flushedLsn() {
        return flushedLsn;
    }

    /**
     * Appends whole encoded records ({@code length} bytes: one record or several end to end); each one's
     * length and CRC are checked first. At most {@code writeBufferSize} bytes per call.
     *
     * @return the end LSN of the last record
     */
    public long append(final DirectBuffer src, final int offset, final int length) {
        return appendAt(-1, src, offset, length);
    }

    /**
     * As {@link #append}, but only when the log ends at {@code expectedStartLsn}.
     *
     * @throws StratumException CONFLICT when the log ends elsewhere
     */
    public long appendAt(final long expectedStartLsn, final DirectBuffer src, final int offset, final int length) {
        if (length <= 0 || length > config.writeBufferSize()) {
            throw StratumException.of(length <= 0 ? ErrorCode.INVALID_ARGUMENT : ErrorCode.LIMIT_EXCEEDED,
                "append size out of range", "length", length, "max", config.writeBufferSize());
        }
        boolean checked = false;
        while (true) {
            synchronized (appendLock) {
                checkWritable();
                if (closing) {
                    throw StratumException.of(ErrorCode.CLOSED, "WAL is closing", "dir", dir);
                }
                if (expectedStartLsn >= 0 && expectedStartLsn != end) {
                    throw StratumException.of(ErrorCode.CONFLICT, "append at the wrong LSN",
                        "expected", Lsn.format(expectedStartLsn), "end", Lsn.format(end));
                }
                if (!checked) {
                    checkRecords(src, offset, length);
                    checked = true;
                }
                if (pending.remaining() >= length) {
                    pendingView.putBytes(pending.position(), src, offset, length);
                    pending.position(pending.position() + length);
                    end += length;
                    endLsn = end;
                    return end;
                }
            }
            synchronized (flushLock) {
                writeOutLocked();
            }
        }
    }

    private void checkRecords(final DirectBuffer src, final int offset, final int length) {
        int at = offset;
        final int limit = offset + length;
        while (at < limit) {
            final int status = appendChecker.check(src, at, limit);
            if (status < 0) {
                throw StratumException.of(
                    status == WalRecord.BAD_LENGTH && src.getInt(at + WalRecord.LENGTH_OFFSET, WalRecord.ORDER)
                        > config.maxRecordLength() ? ErrorCode.LIMIT_EXCEEDED : ErrorCode.INVALID_ARGUMENT,
                    "refused to append: " + WalRecord.statusName(status), "offset", at - offset,
                    "maxRecordLength", config.maxRecordLength());
            }
            at += status;
        }
    }

    /**
     * Makes every record up to at least {@code lsn} durable; returns the flushed LSN. Group commit: one
     * caller at a time writes out and fsyncs everything appended so far, while the others wait on a
     * condition and return as soon as a sync covers them (no queueing behind the next sync).
     */
    public long flush(final long requested) {
        final long lsn = Math.min(requested, endLsn);
        if (lsn <= flushedLsn) {
            return flushedLsn;
        }
        syncState.lock();
        try {
            while (Math.min(lsn, endLsn) > flushedLsn) { // truncateAbove may have cut what was asked for
                checkWritable();
                if (syncing) {
                    synced.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                syncState.unlock();
                long target = -1;
                RuntimeException error = null;
                try {
                    target = writeAndSync();
                } catch (final RuntimeException e) {
                    error = e;
                } finally {
                    syncState.lock();
                    syncing = false;
                    if (target > flushedLsn) {
                        flushedLsn = target;
                        if (target > writtenLsn) {
                            writtenLsn = target;
                        }
                    }
                    synced.signalAll();
                }
                if (error != null) {
                    throw error;
                }
            }
            return flushedLsn;
        } finally {
            syncState.unlock();
        }
    }

    /**
     * The flush role's work: hands the buffered records to the OS under the flush lock, then fsyncs without
     * it, so that appends and {@link #writeOut} (on a WAL node, threads that hold the Raft log's lock) never
     * wait for a sync; then moves the durable mark if a segment was finished.
     */
    private long writeAndSync() {
        final long target;
        synchronized (flushLock) {
            checkWritable();
            target = writeOutLocked();
            files.takeDirty();
        }
        try {
            files.forceTaken();
        } catch (final IOException e) {
            throw fail(e, "fsync failed", null);
        }
        synchronized (flushLock) {
            checkWritable();
            files.syncTaken(this);
        }
        return target;
    }

    /** Makes everything appended so far durable; returns the flushed LSN. */
    public long flush() {
        return flush(endLsn);
    }

    /**
     * Hands every record up to at least {@code lsn} to the OS without a sync (the next {@link #flush} syncs
     * it), so {@link #readerOfWritten} can read it; returns the written LSN.
     */
    public long writeOut(final long requested) {
        final long lsn = Math.min(requested, endLsn);
        if (lsn <= writtenLsn) {
            return writtenLsn;
        }
        synchronized (flushLock) {
            if (lsn > writtenLsn) {
                checkWritable();
                final long target = writeOutLocked();
                if (target > writtenLsn) {
                    writtenLsn = target;
                }
            }
            return writtenLsn;
        }
    }

    /** The LSN below which every record has been handed to the OS (durable or not). */
    public long writtenLsn() {
        return writtenLsn;
    }

    /** Hands buffered records to the OS (no sync). Caller holds flushLock. Returns the LSN written up to. */
    private long writeOutLocked() {
        final ByteBuffer buf;
        final long start;
        final long target;
        synchronized (appendLock) {
            checkUsable();
            buf = pending;
            start = pendingStart;
            target = end;
            pending = spare;
            pending.clear();
            pendingStart = end;
            spare = buf;
            final UnsafeBuffer view = pendingView;
            pendingView = spareView;
            spareView = view;
        }
        buf.flip();
        try {
            files.write(buf, start, this);
        } catch (final IOException | RuntimeException e) {
            // the buffered records are gone from memory and not on disk: nothing may be acknowledged now
            throw fail(e, "write failed", null);
        } finally {
            buf.clear();
        }
        return target;
    }

    /** A reader of durable records from {@code fromLsn}, which must be the start of a record. */
    public WalReader reader(final long fromLsn) {
        return newReader(fromLsn, false);
    }

    /**
     * A reader of every record handed to the OS ({@link #writeOut}), durable or not, from {@code fromLsn}.
     * Only for a log whose records are durable elsewhere: after a crash the unsynced ones may be gone here.
     */
    public WalReader readerOfWritten(final long fromLsn) {
        return newReader(fromLsn, true);
    }

    private WalReader newReader(final long fromLsn, final boolean written) {
        final WalReader.Cut cut = lastCut; // before the range check: a later cut is seen by the reader
        checkUsable();
        final long limit = written ? writtenLsn : flushedLsn;
        if (fromLsn < beginLsn || fromLsn > limit) {
            throw StratumException.of(ErrorCode.OUT_OF_RANGE, "LSN outside the readable WAL",
                "lsn", Lsn.format(fromLsn), "begin", Lsn.format(beginLsn), written ? "written" : "flushed",
                Lsn.format(limit), "dir", dir);
        }
        return new WalReader(this, fromLsn, written, cut);
    }

    /**
     * Drops every segment that lies wholly below {@code lsn}, which becomes the begin LSN. {@code lsn} must
     * be durable and the start of a record (or the end of the log).
     */
    public void truncateBelow(final long lsn) {
        synchronized (flushLock) {
            checkWritable();
            if (lsn <= beginLsn) {
                return;
            }
            if (lsn > flushedLsn) {
                throw StratumException.of(ErrorCode.OUT_OF_RANGE, "cannot truncate above the flushed LSN",
                    "lsn", Lsn.format(lsn), "flushed", Lsn.format(flushedLsn));
            }
            if (lsn < flushedLsn) {
                try (WalReader r = new WalReader(this, lsn, false, lastCut)) {
                    r.next(); // throws unless lsn starts a record
                }
            }
            writeMeta(lsn, 0);
            beginLsn = lsn;
            for (final Map.Entry<Long, Segment> e : segments.headMap(lsn, true).entrySet()) {
                final Segment s = e.getValue();
                if (s.end() <= lsn) {
                    segments.remove(e.getKey());
                    try {
                        s.file.close();
                        io.delete(s.path);
                    } catch (final IOException ex) {
                        throw fail(ex, "cannot delete truncated segment", s);
                    }
                }
            }
        }
    }

    /**
     * Discards every record at or above {@code lsn}, a record start (or the end) at or above the begin LSN:
     * the log then ends at {@code lsn} as if they had never been appended (buffered, written or durable
     * ones, across segments). Durable on return; {@link TailCut} says how (durable mark lowered first).
     * A crash during it leaves a log that opens without CORRUPT and ends on a record boundary no higher
     * than the old end with only appended records: the old end if no data was cut yet, else {@code lsn}
     * or a prefix of the cut records (unsynced records below {@code lsn} may be lost, as in any crash).
     * An I/O error fails the log. A flush waiting for cut records returns the lower flushed LSN. A reader
     * positioned above {@code lsn} throws OUT_OF_RANGE from then on; one at or below it goes on with what
     * is appended after the cut.
     *
     * @throws StratumException OUT_OF_RANGE outside [begin, end], INVALID_ARGUMENT inside a record
     */
    public void truncateAbove(final long lsn) {
        syncRole(true);
        try {
            synchronized (flushLock) {
                synchronized (appendLock) {
                    checkWritable();
                    final long diskEnd = pendingStart;
                    final TailCut cut = new TailCut(this);
                    if (!cut.check(lsn, end, new long[] {beginLsn, flushedLsn, writtenLsn, diskEnd}, pendingView)) {
                        return; // lsn == end
                    }
                    pending.position(lsn >= diskEnd ? (int) (lsn - diskEnd) : 0);
                    pendingStart = Math.min(diskEnd, lsn);
                    end = lsn;
                    endLsn = lsn;
                    flushedLsn = Math.min(flushedLsn, lsn);
                    writtenLsn = Math.min(writtenLsn, lsn);
                    lastCut = lastCut.then(lsn);
                    if (lsn < diskEnd) {
                        if (syncedMark > lsn) {
                            syncedMark = lsn;
                            writeMeta(beginLsn, 0);
                        }
                        try {
                            cut.cut(lsn, diskEnd);
                        } catch (final RuntimeException e) {
                            throw fail(e, "tail cut failed", null);
                        }
                    }
                }
            }
        } finally {
            syncRole(false);
        }
    }

    /** Takes (or gives back) the flush role, as a flusher does, so no flush publishes an LSN from before a cut. */
    private void syncRole(final boolean take) {
        syncState.lock();
        try {
            while (take && syncing) {
                synced.awaitUninterruptibly();
            }
            syncing = take;
            synced.signalAll();
        } finally {
            syncState.unlock();
        }
    }

    /**
     * Discards the whole log and starts it again, empty, at {@code lsn} (used when a replica installs a
     * snapshot and its old WAL no longer matches).
     */
    public void resetTo(final long lsn) {
        if (!Lsn.isValid(lsn)) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid LSN", "lsn", Lsn.format(lsn));
        }
        syncRole(true); // no sync may be running on a segment about to be deleted
        try {
            resetLocked(lsn);
        } finally {
            syncRole(false);
        }
    }

    private void resetLocked(final long lsn) {
        synchronized (flushLock) {
            synchronized (appendLock) {
                checkWritable();
                writeMeta(lsn, 0);
                for (final Segment s : segments.values()) {
                    try {
                        s.file.close();
                        io.delete(s.path);
                    } catch (final IOException ex) {
                        throw fail(ex, "cannot delete segment", s);
                    }
                }
                segments.clear();
                files.forgetWrites();
                try {
                    io.syncDirectory(dir);
                } catch (final IOException ex) {
                    throw fail(ex, "cannot sync the WAL directory", null);
                }
                syncedMark = lsn;
                writeMeta(lsn, 0);
                pending.clear();
                pendingStart = lsn;
                end = lsn;
                endLsn = lsn;
                flushedLsn = lsn;
                writtenLsn = lsn;
                beginLsn = lsn;
            }
        }
    }

    Path dir() {
        return dir;
    }

    /** Flushes, records the clean end in {@code wal.meta}, and closes every file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (failure == null && !readOnly) {
                synchronized (appendLock) {
                    closing = true;
                }
                flush();
                synchronized (flushLock) {
                    synchronized (appendLock) {
                        writeMeta(beginLsn, end == flushedLsn ? end : 0);
                    }
                }
            }
        } finally {
            closeQuietly();
        }
    }

    /** Stops threads and closes files without flushing: what a crashed process leaves behind (tests). */
    void closeQuietly() {
        closed = true;
        files.close();
        releaseLock();
    }

    private void releaseLock() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    void setEnd(final long lsn) {
        end = lsn;
        endLsn = lsn;
        pendingStart = lsn;
        flushedLsn = lsn;
        writtenLsn = lsn;
    }

    void writeMeta(final long begin, final long cleanEnd) {
        try {
            new WalMeta(files.segmentSize, begin, cleanEnd, syncedMark, storedMaxRecord).write(io, dir);
        } catch (final StratumException e) {
            throw fail(e, "cannot write wal.meta", null);
        }
    }

    // ---------------------------------------------------------------- failure

    private void checkWritable() {
        if (readOnly) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "WAL is open read-only", "dir", dir);
        }
        checkUsable();
    }

    private void checkUsable() {
        if (closed) {
            throw StratumException.of(ErrorCode.CLOSED, "WAL is closed", "dir", dir);
        }
        final StratumException f = failure;
        if (f != null) {
            throw new StratumException(ErrorCode.FAILED, "WAL refuses use after an earlier I/O error; reopen it"
                + " [dir=" + dir + ", cause=" + f.getMessage() + "]", f);
        }
    }

    private StratumException fail(final Exception e, final String what, final Segment seg) {
        final StratumException ex = e instanceof StratumException se ? se
            : StratumException.withCause(ErrorCode.IO_ERROR, e, "WAL " + what, "dir", dir,
                "segment", seg == null ? "-" : seg.path.getFileName(), "error", e.getMessage());
        if (failure == null) {
            failure = ex;
            LOG.error("WAL marked failed: {}", ex.getMessage());
        }
        return ex;
    }
}
