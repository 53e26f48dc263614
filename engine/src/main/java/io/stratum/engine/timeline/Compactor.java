package io.stratum.engine.timeline;


import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerCursor;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import io.stratum.engine.layer.LayerFormat;
import io.stratum.engine.layer.LayerScratch;
import io.stratum.engine.layer.LayerWriter;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compaction of one timeline, under its maintenance lock.
 * <ul>
 * <li>Level 0 -> level 1: once there are {@code compactionThreshold} level-0 deltas (full key range,
 *     one flush each), they are merged, entry by entry in (key, lsn) order, into level-1 deltas, a new
 *     file every {@code targetLayerBytes}. Their key ranges run from the first key the inputs hold to
 *     just after the last, each file ending where the next starts: a level-1 run of a key-ordered load
 *     covers only the keys it loaded, so a read of any other key never consults it (with ranges out to
 *     both ends of the key space, every read of a 10 GiB timeline checked the key filter of the first or
 *     last file of each of the about 40 runs of its load). Memory: one block per input.
 *     The outputs are durable before the inputs are deleted; a crash in between leaves both, and readers
 *     ignore the duplicate versions.</li>
 * <li>Images ({@link ImageCreator}): for each key range whose reads would replay {@code imageThreshold}
 *     or more delta layers above their newest images, image layers of every key existing there (in this
 *     timeline or its ancestors) are written at the disk-consistent LSN, so reads stop there (and GC can
 *     then drop what lies below). In the background this runs in slices of one image layer, each its own
 *     task on the shared executor ({@link #background}), so one timeline's backlog never holds up
 *     another's flush for longer than one slice.</li>
 * </ul>
 */
final class Compactor {
    private static final java.nio.ByteOrder BE = java.nio.ByteOrder.BIG_ENDIAN;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Compactor.class);

    private Compactor() {
    }

    static boolean compact(final Timeline t) {
        t.maintenance.lock();
        try {
            boolean did = compactLevel0(t);
            did |= createImages(t, false) > 0;
            return did;
        } catch (final RuntimeException e) {
            throw t.latchIoFailure(e, "compaction");
        } finally {
            t.maintenance.unlock();
        }
    }

    static boolean compactLevel0(final Timeline t) {
        final List<LayerFile> inputs;
        t.rw.readLock().lock();
        try {
            inputs = t.layers.level0();
        } finally {
            t.rw.readLock().unlock();
        }
        if (inputs.size() < t.ctx.config.compactionThreshold()) {
            return false;
        }
        final long lsnStart = inputs.get(0).desc().lsnStart();
        long lsnEnd = 0;
        for (final LayerFile l : inputs) {
            lsnEnd = Math.max(lsnEnd, l.desc().lsnEnd());
        }
        final List<LayerFile> outputs = new ArrayList<>();
        final List<LayerCursor> cursors = new ArrayList<>();
        final LayerScratch lookup = new LayerScratch();
        final RecordCopy record = new RecordCopy();
        LayerWriter w = null;
        try {
            final boolean[] live = new boolean[inputs.size()];
            for (int i = 0; i < inputs.size(); i++) {
                final LayerCursor c = new LayerCursor(inputs.get(i));
                cursors.add(c);
                live[i] = c.next();
            }
            long startHi = 0;
            long startLo = 0;
            long lastHi = 0;
            long lastLo = 0;
            long lastLsn = -1;
            while (true) {
                int min = -1;
                for (int i = 0; i < cursors.size(); i++) {
                    if (live[i] && (min < 0 || before(cursors.get(i), cursors.get(min)))) {
                        min = i;
                    }
                }
                if (min < 0) {
                    break;
                }
                final LayerCursor c = cursors.get(min);
                final boolean sameKey = w != null && c.keyHi() == lastHi && c.keyLo() == lastLo;
                if (!(sameKey && c.lsn() == lastLsn)) {
                    if (w == null) {
                        w = new LayerWriter(t.io, t.dir, t.ctx.config.blockBytes());
                        startHi = c.keyHi();
                        startLo = c.keyLo();
                    } else if (!sameKey && w.bytesWritten() >= t.ctx.config.targetLayerBytes()) {
                        final LayerDesc d = LayerDesc.delta(startHi, startLo, c.keyHi(), c.keyLo(), lsnStart, lsnEnd);
                        outputs.add(new LayerFile(t.io, w.finish(d), d));
                        w.close();
                        w = new LayerWriter(t.io, t.dir, t.ctx.config.blockBytes());
                        startHi = c.keyHi();
                        startLo = c.keyLo();
                    }
                    if ((c.flags() & LayerFormat.FLAG_REF) != 0 && refersBefore(c, startHi, startLo)) {
                        // the record's entry went to an earlier output file: this one gets its own copy
                        record.reset();
                        c.layer().collect(lookup, c.buffer().getLong(c.valueOffset(), BE),
                            c.buffer().getLong(c.valueOffset() + 8, BE), c.lsn() - 1, c.lsn(), record);
                        if (record.length < 0) {
                            throw c.layer().corrupt("a multi-page record's reference names no entry", c.blockOffset());
                        }
                        w.add(c.keyHi(), c.keyLo(), c.lsn(), c.flags() & ~LayerFormat.FLAG_REF, record.buf, 0,
                            record.length);
                    } else {
                        w.add(c.keyHi(), c.keyLo(), c.lsn(), c.flags(), c.buffer(), c.valueOffset(), c.valueLength());
                    }
                    lastHi = c.keyHi();
                    lastLo = c.keyLo();
                    lastLsn = c.lsn();
                }
                live[min] = c.next();
            }
            if (w != null) {
                // the key range ends just after the last key: a read of a key outside what the inputs held
                // never consults the outputs (see the class comment)
                final long endLo = lastLo + 1;
                final LayerDesc d = LayerDesc.delta(startHi, startLo, endLo == 0 ? lastHi + 1 : lastHi, endLo,
                    lsnStart, lsnEnd);
                outputs.add(new LayerFile(t.io, w.finish(d), d));
            }
        } finally {
            if (w != null) {
                w.close();
            }
            for (final LayerCursor c : cursors) {
                c.close();
            }
            lookup.close();
            record.free();
        }
        swap(t, outputs, inputs);
        return true;
    }

    /** Whether a reference entry names a key before {@code start} (the first key of the output file). */
    private static boolean refersBefore(final LayerCursor c, final long startHi, final long startLo) {
        return PageKey.compare(c.buffer().getLong(c.valueOffset(), BE), c.buffer().getLong(c.valueOffset() + 8, BE),
            startHi, startLo) < 0;
    }

    /** Copies the whole record a reference names (the non-reference entry at that key and LSN). */
    private static final class RecordCopy implements LayerFile.VersionSink {
        final org.agrona.ExpandableDirectByteBuffer buf = new org.agrona.ExpandableDirectByteBuffer(64 << 10);
        int length = -1;

        void reset() {
            length = -1;
        }

        @Override
        public boolean accept(final long lsn, final int flags, final org.agrona.DirectBuffer b, final int off,
            final int len) {
            if ((flags & LayerFormat.FLAG_REF) != 0) {
                return true;
            }
            buf.putBytes(0, b, off, len);
            length = len;
            return false;
        }

        void free() {
            org.agrona.BufferUtil.free(buf.byteBuffer());
        }
    }

    private static boolean before(final LayerCursor a, final LayerCursor b) {
        final int c = PageKey.compare(a.keyHi(), a.keyLo(), b.keyHi(), b.keyLo());
        return c < 0 || (c == 0 && a.lsn() < b.lsn());
    }

    /** Adds {@code outputs}, removes and deletes {@code inputs}. */
    static void swap(final Timeline t, final List<LayerFile> outputs, final List<LayerFile> inputs) {
        final List<LayerFile> replaced = new ArrayList<>();
        t.rw.writeLock().lock();
        try {
            for (final LayerFile o : outputs) {
                final LayerFile r = t.layers.add(o);
                if (r != null) {
                    replaced.add(r);
                }
            }
            for (final LayerFile i : inputs) {
                t.layers.remove(i);
            }
        } finally {
            t.rw.writeLock().unlock();
        }
        for (final LayerFile r : replaced) {
            r.close();
        }
        try {
            for (final LayerFile i : inputs) {
                i.close();
                t.io.delete(i.path());
            }
            if (!inputs.isEmpty()) {
                t.io.syncDirectory(t.dir);
            }
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot delete layer file", "timeline", t.id,
                "error", e.getMessage());
        }
    }

    /**
     * Runs image creation to its end (caller holds the maintenance lock): with {@code all} every range at
     * the disk-consistent LSN, otherwise the background job under way or, if none, the due ranges.
     * Returns the number of image layers written.
     */
    static int createImages(final Timeline t, final boolean all) {
        final ImageCreator.Job job = !all && t.imageJob != null ? t.imageJob : ImageCreator.plan(t, all);
        t.imageJob = null;
        if (job == null) {
            return 0;
        }
        try {
            // the caller holds the lock throughout, so a slice has nothing to yield to
            while (ImageCreator.slice(t, job, false)) {
                // one image layer per slice
            }
        } catch (final RuntimeException e) {
            throw t.latchIoFailure(e, "image creation");
        }
        return job.written;
    }

    /**
     * The background part after a flush: level-0 compaction, then, when image creation is due, a job whose
     * slices (one image layer each) run as separate tasks, each re-queued at the tail of the executor all
     * timelines share: every flush queued meanwhile, of any tenant, runs between two slices.
     */
    static void background(final Timeline t) {
        final ImageCreator.Job job;
        t.maintenance.lock();
        try {
            if (t.isClosed() || t.failureReason() != null) {
                return;
            }
            if (compactLevel0(t)) {
                t.ctx.stats.compacted();
            }
            if (t.imageJob != null) {
                return; // its slices are queued already
            }
            job = ImageCreator.plan(t, false);
            t.imageJob = job;
        } finally {
            t.maintenance.unlock();
        }
        if (job != null) {
            queueSlice(t, job);
        }
    }

    private static void queueSlice(final Timeline t, final ImageCreator.Job job) {
        try {
            t.ctx.background.execute(() -> runSlice(t, job));
        } catch (final java.util.concurrent.RejectedExecutionException e) {
            // the page server is closing: the job is dropped (a later flush plans it again)
        }
    }

    private static void runSlice(final Timeline t, final ImageCreator.Job job) {
        boolean more = false;
        t.maintenance.lock();
        try {
            if (t.imageJob != job) {
                return; // taken over by a compact() call, or abandoned
            }
            more = ImageCreator.slice(t, job, true);
            if (!more) {
                t.imageJob = null;
                if (job.written > 0) {
                    t.ctx.stats.compacted();
                }
            }
        } catch (final RuntimeException e) {
            t.imageJob = null;
            t.latchIoFailure(e, "image creation");
            if (!t.isClosed()) {
                LOG.error("background image creation of timeline {} failed", t.id, e);
            }
        } finally {
            t.maintenance.unlock();
        }
        if (more) {
            queueSlice(t, job);
        }
    }
}
