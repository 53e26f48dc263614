package io.stratum.engine.timeline;

import io.stratum.engine.PageSource;
import io.stratum.engine.TimelineInfo;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import io.stratum.engine.layer.LayerWriter;
import io.stratum.engine.redo.EngineRmgr;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Internal;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.io.FileIo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A timeline: a linear WAL history with an optional ancestor and branch point. Ingests decoded WAL into
 * its in-memory layer, flushes frozen layers to delta layer files, serves pages as of any retained LSN
 * ({@link PageSource}), and runs compaction and GC on request (or after flushes when configured).
 *
 * <p>Threads: ingest from one thread at a time; reads from any number; flush, compaction and GC
 * serialise on a maintenance lock and never hold the read/write lock while doing I/O, only to swap
 * layers in and out.
 *
 * <p>Versions are stored at the end LSN of their record: reading at LSN {@code L} applies every record
 * whose end is at or below {@code L}.
 */
public final class Timeline implements PageSource {
    private static final Logger LOG = LoggerFactory.getLogger(Timeline.class);

    final EngineContext ctx;
    final FileIo io;
    final Path tenantDir;
    final Path dir;
    final TenantId tenant;
    final TimelineId id;
    final Timeline ancestor;
    final long ancestorLsn;
    final long instanceId;
    final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    final ReentrantLock maintenance = new ReentrantLock();
    final LayerMap layers = new LayerMap();
    final TimeIndex times;
    /** The time index on disk, appended to by flushes; guarded by {@link #maintenance}. */
    final TimeIndexFile timesFile;
    final List<Timeline> children = new CopyOnWriteArrayList<>();
    private final LsnWaiter waiter = new LsnWaiter(this);
    /** Orders branch creation against GC advancing the cutoff (held only briefly, never during I/O of layers). */
    private final Object branchLock = new Object();
    private final WalRecordDecoder decoder = new WalRecordDecoder(WalRecord.MAX_RECORD_LENGTH_LIMIT);
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    /** Background image creation under way (its slices are queued), or null; guarded by {@link #maintenance}. */
    ImageCreator.Job imageJob;
    private final List<InMemoryLayer> frozen = new ArrayList<>();
    private final PageReader reader;
    private InMemoryLayer open;
    private volatile long lastRecordLsn;
    private volatile long diskConsistentLsn;
    private volatile long gcCutoff;
    private volatile StratumException failure;
    private volatile boolean closed;
    private volatile LongConsumer persistedListener;

    Timeline(final EngineContext ctx, final Path tenantDir, final TimelineMeta meta, final Timeline ancestor,
        final TimeIndex times) {
        this.ctx = ctx;
        this.io = ctx.config.fileIo();
        this.tenantDir = tenantDir;
        this.dir = tenantDir.resolve(meta.timeline().toString());
        this.tenant = meta.tenant();
        this.id = meta.timeline();
        this.ancestor = ancestor;
        this.ancestorLsn = meta.ancestorLsn();
        this.instanceId = ctx.nextInstanceId();
        this.times = times;
        this.timesFile = new TimeIndexFile(io, dir);
        this.lastRecordLsn = meta.diskConsistentLsn();
        this.diskConsistentLsn = meta.diskConsistentLsn();
        this.gcCutoff = meta.gcCutoff();
        this.reader = new PageReader(this);
    }

    /**
     * Creates a child branching from this timeline at {@code lsn} (metadata only). Internal API; use
     * {@link io.stratum.engine.PageServer#createBranch}.
     */
    @Internal
    public Timeline branch(final EngineContext c, final Path dirOfTenant, final TimelineId newId, final long lsn) {
        synchronized (branchLock) {
            if (lsn < gcCutoff || lsn > lastRecordLsn) {
                throw StratumException.of(ErrorCode.OUT_OF_RANGE, "branch point outside the retained history",
                    "parent", id, "lsn", Lsn.format(lsn), "gcCutoff", Lsn.format(gcCutoff),
                    "lastRecordLsn", Lsn.format(lastRecordLsn));
            }
            return Timelines.create(c, dirOfTenant, tenant, newId, this, lsn);
        }
    }

    public TenantId tenantId() {
        return tenant;
    }

    public TimelineId id() {
        return id;
    }

    /** The ancestor's id, or null for a root timeline. */
    public TimelineId ancestorId() {
        return ancestor == null ? null : ancestor.id;
    }

    /** The branch point (LSN in the ancestor), or the start LSN of a root timeline. */
    public long ancestorLsn() {
        return ancestorLsn;
    }

    @Override
    public long lastRecordLsn() {
        return lastRecordLsn;
    }

    /** Everything at or below this LSN is in durable layer files; ingest resumes here after a restart. */
    public long diskConsistentLsn() {
        return diskConsistentLsn;
    }

    /** Reads below this LSN are refused (history GC may have removed); so are branches. */
    public long gcCutoff() {
        return gcCutoff;
    }

    public List<Timeline> children() {
        return List.copyOf(children);
    }

    /** Called with the new disk-consistent LSN after each durable flush (e.g. to report to the WAL service). */
    public void setPersistedListener(final LongConsumer listener) {
        this.persistedListener = listener;
    }

    /** What this timeline is and how far ingest, flush, compaction and GC have come (for listings). */
    public TimelineInfo info() {
        rw.readLock().lock();
        try {
            long bytes = open == null ? 0 : open.bytes();
            for (final InMemoryLayer f : frozen) {
                bytes += f.bytes();
            }
            return new TimelineInfo(id, ancestorId(), ancestorLsn, lastRecordLsn, diskConsistentLsn, gcCutoff,
                layers.deltas().size() + layers.images().size(), bytes, frozen.size(), layers.level0().size(),
                layers.imageFloor(diskConsistentLsn, PageKey.MIN_HI, PageKey.MIN_LO, LayerMap.KEYSPACE_END_HI,
                    LayerMap.KEYSPACE_END_LO), failureReason());
        } finally {
            rw.readLock().unlock();
        }
    }

    /** Descriptions of the current layer files, newest first (deltas, then images). */
    public List<LayerDesc> layerDescs() {
        rw.readLock().lock();
        try {
            final List<LayerDesc> out = new ArrayList<>();
            for (final LayerFile l : layers.all()) {
                out.add(l.desc());
            }
            return out;
        } finally {
            rw.readLock().unlock();
        }
    }

    /**
     * Ingests WAL records laid end to end in {@code buffer[offset, offset+length)}, the first starting at
     * {@code startLsn}. Records ending at or below {@link #lastRecordLsn()} are skipped (so a resumed
     * stream may overlap); a gap is refused.
     *
     * @throws StratumException CONFLICT on a gap or misaligned start, CORRUPT on a bad record, NOT_FOUND
     *     for a record of an unregistered resource manager, FAILED after an earlier flush failure
     */
    public void ingest(final long startLsn, final DirectBuffer buffer, final int offset, final int length) {
        checkUsable();
        boolean freeze = false;
        rw.writeLock().lock();
        try {
            long pos = startLsn;
            int at = offset;
            final int end = offset + length;
            while (at < end) {
                final int len = decoder.check(buffer, at, end);
                if (len < 0) {
                    throw StratumException.of(ErrorCode.CORRUPT, WalRecord.statusName(len), "timeline", id,
                        "lsn", Lsn.format(pos));
                }
                final long endLsn = pos + len;
                if (endLsn > lastRecordLsn) {
                    if (pos != lastRecordLsn) {
                        throw StratumException.of(ErrorCode.CONFLICT, "WAL does not continue where ingest stopped",
                            "timeline", id, "lsn", Lsn.format(pos), "expected", Lsn.format(lastRecordLsn));
                    }
                    decoder.wrapTrusted(buffer, at, len);
                    freeze |= ingestRecord(endLsn);
                    lastRecordLsn = endLsn;
                }
                pos = endLsn;
                at += len;
            }
        } finally {
            rw.writeLock().unlock();
        }
        waiter.wake();
        if (freeze) {
            afterFreeze();
        }
    }

    /** Puts one record (wrapped in {@link #decoder}) into the open layer; returns whether a layer froze. */
    private boolean ingestRecord(final long endLsn) {
        final RedoRegistry redo = ctx.config.redo();
        final int rmgr = decoder.rmgr();
        final int blocks = decoder.blockCount();
        if (blocks > 0 && !redo.isRegistered(rmgr)) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "no redo handler for resource manager", "rmgr", rmgr,
                "timeline", id, "lsn", Lsn.format(endLsn - decoder.length()));
        }
        boolean froze = false;
        if (open == null) {
            open = new InMemoryLayer(lastRecordLsn, ctx.config.inMemoryLayerBytes());
        }
        final long need = blocks == 0 ? 0
            : InMemoryLayer.entrySize(decoder.length()) + (blocks - 1) * InMemoryLayer.refEntrySize();
        if (!open.fits(need) && !open.isEmpty()) {
            freezeOpen();
            open = new InMemoryLayer(lastRecordLsn, ctx.config.inMemoryLayerBytes());
            froze = true;
        }
        if (!open.fits(need)) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "record larger than the in-memory layer",
                "length", decoder.length(), "blocks", blocks, "inMemoryLayerBytes", ctx.config.inMemoryLayerBytes());
        }
        final boolean engineInit = rmgr < RedoRegistry.FIRST_EXTERNAL_ID && EngineRmgr.initialisesPage(rmgr);
        open.putRecord(decoder, endLsn, engineInit);
        open.advanceEnd(endLsn);
        final long ts = decoder.timestampMicros();
        if (ts >= 0) {
            times.add(endLsn, ts);
        }
        return froze;
    }

    private void freezeOpen() {
        open.advanceEnd(lastRecordLsn);
        frozen.add(open);
        open = null;
    }

    private void afterFreeze() {
        final int pending;
        rw.readLock().lock();
        try {
            pending = frozen.size();
        } finally {
            rw.readLock().unlock();
        }
        if (ctx.background == null) {
            flushFrozen();
            if (ctx.config.autoCompact()) {
                runCompaction();
            }
        } else if (pending > ctx.config.maxFrozenLayers()) {
            flushFrozen(); // backpressure: the ingesting thread helps
        } else if (flushScheduled.compareAndSet(false, true)) {
            ctx.background.execute(() -> {
                flushScheduled.set(false);
                try {
                    flushFrozen();
                    if (ctx.config.autoCompact()) {
                        Compactor.background(this); // image creation continues in slices of its own
                        Gc.run(this);
                    }
                } catch (final RuntimeException e) {
                    latchIoFailure(e, "background maintenance");
                    if (!closed) {
                        LOG.error("background flush of timeline {} failed", id, e);
                    }
                }
            });
        }
    }

    /** Freezes the open layer and writes every frozen layer to disk; returns the disk-consistent LSN. */
    public long flush() {
        checkUsable();
        rw.writeLock().lock();
        try {
            if (open != null) {
                freezeOpen();
            }
        } finally {
            rw.writeLock().unlock();
        }
        flushFrozen();
        if (ctx.background == null && ctx.config.autoCompact()) {
            runCompaction();
        }
        return diskConsistentLsn;
    }

    void flushFrozen() {
        maintenance.lock();
        try {
            while (true) {
                final InMemoryLayer f;
                rw.readLock().lock();
                try {
                    f = frozen.isEmpty() ? null : frozen.get(0);
                } finally {
                    rw.readLock().unlock();
                }
                if (f == null) {
                    return;
                }
                checkUsable();
                LayerFile file = null;
                try {
                    if (!f.isEmpty()) {
                        final LayerDesc d = LayerDesc.delta(PageKey.MIN_HI, PageKey.MIN_LO, PageKey.MAX_HI,
                            PageKey.MAX_LO, f.startLsn(), f.endLsn());
                        try (LayerWriter w = new LayerWriter(io, dir, ctx.config.blockBytes())) {
                            f.writeTo(w);
                            file = new LayerFile(io, w.finish(d), d);
                        }
                    }
                    timesFile.persist(times, f.endLsn()); // only the new entries: append, fsync
                    meta(f.endLsn(), gcCutoff).write(io, tenantDir);
                    timesFile.committed();
                } catch (final StratumException e) {
                    failure = StratumException.withCause(ErrorCode.FAILED, e, "timeline failed: a flush did not complete",
                        "timeline", id, "cause", e.getMessage());
                    throw e;
                }
                rw.writeLock().lock();
                try {
                    if (file != null) {
                        layers.add(file);
                    }
                    frozen.remove(0);
                    diskConsistentLsn = f.endLsn();
                } finally {
                    rw.writeLock().unlock();
                }
                f.free();
                final LongConsumer l = persistedListener;
                if (l != null) {
                    l.accept(diskConsistentLsn);
                }
            }
        } finally {
            maintenance.unlock();
        }
    }

    TimelineMeta meta(final long dcl, final long cutoff) {
        return new TimelineMeta(tenant, id, ancestor == null ? null : ancestor.id, ancestorLsn, dcl, cutoff,
            timesFile.generation(), timesFile.length());
    }

    /**
     * Makes a higher GC cutoff durable, then visible. A branch created concurrently either sees the old
     * cutoff and is registered as a child first, or sees the new one; GC only deletes layers wholly at
     * or below the cutoff that an image at or below it covers, which a branch at or above it never needs.
     */
    void setGcCutoff(final long cutoff) {
        synchronized (branchLock) {
            if (cutoff > gcCutoff) {
                timesFile.persist(times, diskConsistentLsn);
                meta(diskConsistentLsn, cutoff).write(io, tenantDir);
                timesFile.committed();
                gcCutoff = cutoff;
            }
        }
    }

    /** Merges level-0 layers and writes image layers when due; returns whether anything was written. */
    public boolean compact() {
        checkUsable();
        return runCompaction();
    }

    private boolean runCompaction() {
        final boolean did = Compactor.compact(this);
        if (did) {
            ctx.stats.compacted();
        }
        return did;
    }

    /** Runs GC with the configured PITR window and horizon; returns the number of layer files deleted. */
    public int gc() {
        checkUsable();
        final int deleted = Gc.run(this);
        ctx.stats.gcRan(deleted);
        return deleted;
    }

    /** Writes image layers of every key at the disk-consistent LSN now, whatever the thresholds say. */
    public void createImages() {
        checkUsable();
        maintenance.lock();
        try {
            Compactor.createImages(this, true);
        } finally {
            maintenance.unlock();
        }
    }

    /** The LSN of the last commit at or before {@code timestampMicros}, per the sparse time index. */
    public long lsnAtTime(final long timestampMicros) {
        final long lsn = times.lsnAt(timestampMicros);
        if (lsn < 0) {
            throw StratumException.of(ErrorCode.OUT_OF_RANGE, "no commit known at or before that time",
                "timeline", id, "micros", timestampMicros);
        }
        return lsn;
    }

    @Override
    public void getPage(final long keyHi, final long keyLo, final long lsn, final MutableDirectBuffer dst,
        final int offset) {
        checkReadable(lsn);
        reader.getPage(keyHi, keyLo, lsn, dst, offset);
    }

    @Override
    public long relationSize(final int database, final int relation, final int fork, final long lsn) {
        checkReadable(lsn);
        return reader.relationSize(PageKey.relHi(database, relation), PageKey.sizeLo(relation, fork), lsn);
    }

    private void checkReadable(final long lsn) {
        if (closed) {
            throw StratumException.of(ErrorCode.CLOSED, "timeline is closed", "timeline", id);
        }
        if (lsn < gcCutoff || lsn < ancestorLsn || !Lsn.isValid(lsn)) {
            throw StratumException.of(ErrorCode.OUT_OF_RANGE, "LSN below what this timeline retains",
                "timeline", id, "lsn", Lsn.format(lsn), "gcCutoff", Lsn.format(gcCutoff),
                "ancestorLsn", Lsn.format(ancestorLsn));
        }
        if (lsn > lastRecordLsn) {
            waiter.awaitWhileAdvancing(lsn, ctx.config.waitTimeoutMillis());
        }
    }

    /**
     * Waits until {@code lsn} is ingested, at most {@code timeoutMillis}; returns {@link #lastRecordLsn()}.
     *
     * @throws StratumException TIMEOUT naming the LSN when it is not ingested in time
     */
    public long waitForLsn(final long lsn, final long timeoutMillis) {
        if (lsn > lastRecordLsn) {
            waiter.await(lsn, timeoutMillis);
        }
        return lastRecordLsn;
    }

    /** Waits until this timeline has ingested {@code lsn}, failing after the configured timeout without progress. */
    void awaitIngested(final long lsn) {
        waiter.awaitWhileAdvancing(lsn, ctx.config.waitTimeoutMillis());
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Latches the timeline FAILED (the first reason wins): ingest, flush and maintenance are refused from
     * now on with FAILED naming the reason; reads of what was ingested keep working. Called by the WAL
     * receiver for an error that retrying cannot cure (e.g. a record of an unregistered resource manager).
     */
    public void fail(final String reason, final Throwable cause) {
        synchronized (branchLock) {
            if (failure == null) {
                failure = StratumException.withCause(ErrorCode.FAILED, cause, "timeline failed: " + reason,
                    "timeline", id);
            }
        }
    }

    /** After a maintenance I/O error (failed fsync, full disk) the timeline refuses writes, as after a failed flush. */
    RuntimeException latchIoFailure(final RuntimeException e, final String what) {
        if (e instanceof StratumException se && se.code() == ErrorCode.IO_ERROR) {
            fail(what + " did not complete [cause=" + se.getMessage() + "]", se);
        }
        return e;
    }

    /** Why the timeline is FAILED, or null while it is healthy. */
    public String failureReason() {
        final StratumException f = failure;
        return f == null ? null : f.getMessage();
    }

    private void checkUsable() {
        if (closed) {
            throw StratumException.of(ErrorCode.CLOSED, "timeline is closed", "timeline", id);
        }
        final StratumException f = failure;
        if (f != null) {
            throw StratumException.withCause(ErrorCode.FAILED, f, f.getMessage());
        }
    }

    /** Reconstructs a page without waiting or caching (compaction). Returns whether any version exists. */
    boolean reconstruct(final ReadContext rc, final long hi, final long lo, final long lsn) {
        return reader.reconstruct(rc, hi, lo, lsn);
    }

    /** Closes open files and frees memory; unflushed WAL is dropped (it is re-ingested after a restart). */
    public void close() {
        closed = true;
        waiter.wake();
        maintenance.lock();
        rw.writeLock().lock();
        try {
            for (final LayerFile l : layers.all()) {
                l.close();
            }
            for (final InMemoryLayer f : frozen) {
                f.free();
            }
            frozen.clear();
            if (open != null) {
                open.free();
                open = null;
            }
        } finally {
            rw.writeLock().unlock();
            maintenance.unlock();
        }
        ctx.cache.evictOwner(instanceId);
    }

    /** Deletes the timeline's files (after {@link #close()}): metadata first, so a crash leaves no half timeline. */
    public void deleteFiles() {
        Timelines.deleteFiles(this);
    }

    /** In-memory layers, newest first, for the reader (call under the read lock). */
    void inMemoryNewestFirst(final List<InMemoryLayer> out) {
        if (open != null) {
            out.add(open);
        }
        for (int i = frozen.size() - 1; i >= 0; i--) {
            out.add(frozen.get(i));
        }
    }

    /** Keys of the in-memory layers (call under the read lock). */
    void inMemoryKeys(final KeyList keys) {
        if (open != null) {
            open.addKeysTo(keys);
        }
        for (final InMemoryLayer f : frozen) {
            f.addKeysTo(keys);
        }
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
