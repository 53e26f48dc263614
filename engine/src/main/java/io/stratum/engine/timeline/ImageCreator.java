package io.stratum.engine.timeline;

import static io.stratum.engine.key.PageKey.PAGE_SIZE;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import io.stratum.engine.layer.LayerFormat;
import io.stratum.engine.layer.LayerWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Image creation, in bounded slices (caller holds the timeline's maintenance lock for each slice).
 *
 * <p>{@link #plan} splits the key space into ranges aligned to the newest image layers (one range when
 * there are none) and keeps those that are due: a read there would replay {@code imageThreshold} or
 * more delta layers above the range's image floor, counting only deltas whose block index shows keys
 * in the range (a level-0 delta spans every key but may hold none of this range). Planning reads
 * layer indexes only, never a block.
 *
 * <p>{@link #slice} writes one image layer of at most {@code targetLayerBytes / 8 KiB} keys at the plan's
 * LSN and remembers where the next slice starts. The keys come from a streaming merge ({@link KeyMerge})
 * over only what can hold keys of the range at that LSN: when images above the floor cover the range, those
 * images plus the deltas above the floor (work proportional to what changed since the last images);
 * otherwise every layer of the timeline and its ancestors overlapping the range (up to each branch point)
 * and the ancestors' in-memory keys. Memory: one block per source, nothing per key or version.
 * A slice is abandoned when the GC cutoff passes the plan's LSN or the timeline closes or fails.
 */
final class ImageCreator {
    /** The ranges still to write at {@code lsn}; the next slice starts at {@code resume} in range {@code next}. */
    static final class Job {
        final long lsn;
        final long[] ranges;
        final int count;
        int next;
        long resumeHi;
        long resumeLo;
        int written;

        Job(final long lsn, final long[] ranges, final int count) {
            this.lsn = lsn;
            this.ranges = ranges;
            this.count = count;
            this.resumeHi = ranges[0];
            this.resumeLo = ranges[1];
        }

        boolean done() {
            return next >= count;
        }
    }

    private ImageCreator() {
    }

    /** The due ranges (every range with {@code all}) at the disk-consistent LSN, or null if none. */
    static Job plan(final Timeline t, final boolean all) {
        final long lsn = t.diskConsistentLsn();
        final List<LayerFile> deltas;
        t.rw.readLock().lock();
        try {
            deltas = new ArrayList<>(t.layers.deltas());
        } finally {
            t.rw.readLock().unlock();
        }
        for (final LayerFile d : deltas) {
            d.load(); // block indexes, read outside the read/write lock (the maintenance lock keeps the set)
        }
        t.rw.readLock().lock();
        try {
            final LayerMap m = t.layers;
            if (!all && depth(t, m.imageFloor(lsn, PageKey.MIN_HI, PageKey.MIN_LO, LayerMap.KEYSPACE_END_HI,
                LayerMap.KEYSPACE_END_LO), PageKey.MIN_HI, PageKey.MIN_LO, LayerMap.KEYSPACE_END_HI,
                LayerMap.KEYSPACE_END_LO) < t.ctx.config.imageThreshold()) {
                return null; // cheap whole-key-space check: nothing anywhere is due
            }
            long[] out = new long[16];
            int n = 0;
            long curHi = PageKey.MIN_HI;
            long curLo = PageKey.MIN_LO;
            while (PageKey.compare(curHi, curLo, LayerMap.KEYSPACE_END_HI, LayerMap.KEYSPACE_END_LO) < 0) {
                long endHi = LayerMap.KEYSPACE_END_HI;
                long endLo = LayerMap.KEYSPACE_END_LO;
                final LayerFile img = m.newestImage(curHi, curLo, lsn);
                if (img != null) {
                    if (PageKey.compare(img.desc().keyEndHi(), img.desc().keyEndLo(), endHi, endLo) < 0) {
                        endHi = img.desc().keyEndHi();
                        endLo = img.desc().keyEndLo();
                    }
                } else {
                    for (final LayerFile l : m.images()) { // the gap runs to the next image start
                        final LayerDesc d = l.desc();
                        if (d.imageLsn() <= lsn && PageKey.compare(d.keyStartHi(), d.keyStartLo(), curHi, curLo) > 0
                            && PageKey.compare(d.keyStartHi(), d.keyStartLo(), endHi, endLo) < 0) {
                            endHi = d.keyStartHi();
                            endLo = d.keyStartLo();
                        }
                    }
                }
                if (all || due(t, lsn, curHi, curLo, endHi, endLo)) {
                    if (4 * n + 4 > out.length) {
                        out = java.util.Arrays.copyOf(out, out.length * 2);
                    }
                    out[4 * n] = curHi;
                    out[4 * n + 1] = curLo;
                    out[4 * n + 2] = endHi;
                    out[4 * n + 3] = endLo;
                    n++;
                }
                curHi = endHi;
                curLo = endLo;
            }
            return n == 0 ? null : new Job(lsn, out, n);
        } finally {
            t.rw.readLock().unlock();
        }
    }

    private static boolean due(final Timeline t, final long lsn, final long sHi, final long sLo, final long eHi,
        final long eLo) {
        final long floor = t.layers.imageFloor(lsn, sHi, sLo, eHi, eLo);
        return floor < lsn && depth(t, floor, sHi, sLo, eHi, eLo) >= t.ctx.config.imageThreshold();
    }

    /** Distinct LSN ranges of deltas above {@code floor} that may hold keys of the range (index only). */
    private static int depth(final Timeline t, final long floor, final long sHi, final long sLo, final long eHi,
        final long eLo) {
        final java.util.HashSet<Long> ranges = new java.util.HashSet<>();
        for (final LayerFile l : t.layers.deltas()) {
            final LayerDesc d = l.desc();
            if (d.lsnEnd() > floor && PageKey.compare(d.keyStartHi(), d.keyStartLo(), eHi, eLo) < 0
                && PageKey.compare(sHi, sLo, d.keyEndHi(), d.keyEndLo()) < 0 && l.mayHaveKeysIn(sHi, sLo, eHi, eLo)) {
                ranges.add(d.lsnStart() * 0x9E3779B97F4A7C15L + d.lsnEnd());
            }
        }
        return ranges.size();
    }

    /**
     * A background slice that has written this fraction of its keys ends early when another thread waits for the
     * maintenance lock: an ingest that must flush inline (its frozen layers are full) waits for a few hundred
     * page reconstructions, not for a whole image layer's. Under a 10 GiB load a full slice held the lock for
     * over a minute and ingest stopped for all of it (perf/RESULTS.md).
     */
    static final int YIELD_FRACTION = 32;

    /**
     * Writes the job's next image layer; returns whether more remain (false also when abandoned). With
     * {@code yield} (a background slice, which releases the maintenance lock between slices) the layer ends
     * early once {@code 1/}{@value #YIELD_FRACTION} of its keys are written and another thread waits for the
     * lock.
     */
    static boolean slice(final Timeline t, final Job job, final boolean yield) {
        if (job.done() || t.isClosed() || t.failureReason() != null || t.gcCutoff() > job.lsn) {
            return false;
        }
        final int r = job.next;
        final long sHi = job.resumeHi;
        final long sLo = job.resumeLo;
        final long eHi = job.ranges[4 * r + 2];
        final long eLo = job.ranges[4 * r + 3];
        final int per = (int) Math.max(1, Math.min(1 << 20, t.ctx.config.targetLayerBytes() / PAGE_SIZE));
        final List<Timeline> locked = new ArrayList<>();
        final ReadContext rc = t.ctx.acquire();
        boolean more = false;
        long endHi = eHi;
        long endLo = eLo;
        LayerFile out;
        try (KeyMerge keys = sources(t, job.lsn, sHi, sLo, eHi, eLo, locked);
             LayerWriter w = new LayerWriter(t.io, t.dir, t.ctx.config.blockBytes())) {
            int n = 0;
            final int yieldAfter = Math.max(1, per / YIELD_FRACTION);
            while (keys.next()) {
                if (n == per || yield && n >= yieldAfter && t.maintenance.hasQueuedThreads()) {
                    more = true;
                    endHi = keys.keyHi();
                    endLo = keys.keyLo();
                    break;
                }
                if (t.reconstruct(rc, keys.keyHi(), keys.keyLo(), job.lsn)) {
                    w.add(keys.keyHi(), keys.keyLo(), job.lsn, LayerFormat.FLAG_IMAGE, rc.page, 0, PAGE_SIZE);
                }
                n++;
            }
            final LayerDesc d = LayerDesc.image(sHi, sLo, endHi, endLo, job.lsn);
            out = new LayerFile(t.io, w.finish(d), d);
        } finally {
            t.ctx.release(rc);
            for (final Timeline l : locked) {
                l.maintenance.unlock();
            }
        }
        Compactor.swap(t, List.of(out), List.of());
        job.written++;
        if (more) {
            job.resumeHi = endHi;
            job.resumeLo = endLo;
        } else if (++job.next < job.count) {
            job.resumeHi = job.ranges[4 * job.next];
            job.resumeLo = job.ranges[4 * job.next + 1];
        }
        return !job.done();
    }

    /**
     * The key sources of {@code [s, e)} at {@code lsn}. Ancestors whose layers are read are locked
     * (maintenance, child first, as everywhere) and added to {@code locked} for the caller to release.
     */
    private static KeyMerge sources(final Timeline t, final long lsn, final long sHi, final long sLo, final long eHi,
        final long eLo, final List<Timeline> locked) {
        final KeyMerge keys = new KeyMerge(sHi, sLo, eHi, eLo);
        try {
            final long floor;
            final List<LayerFile> files;
            t.rw.readLock().lock();
            try {
                floor = t.layers.imageFloor(lsn, sHi, sLo, eHi, eLo);
                files = t.layers.all();
            } finally {
                t.rw.readLock().unlock();
            }
            if (floor > 0) { // images in [floor, lsn] cover the range: they hold every older key
                for (final LayerFile f : files) {
                    final LayerDesc d = f.desc();
                    final boolean useful = d.image() ? d.imageLsn() >= floor && d.imageLsn() <= lsn
                        : d.lsnEnd() > floor && d.lsnStart() < lsn;
                    if (useful && overlaps(d, sHi, sLo, eHi, eLo)) {
                        keys.addLayer(f, lsn);
                    }
                }
                return keys;
            }
            // this timeline's in-memory versions all lie above its disk-consistent LSN: not needed
            long bound = lsn;
            for (Timeline cur = t; cur != null; bound = cur.ancestorLsn, cur = cur.ancestor) {
                final List<LayerFile> layerFiles;
                if (cur != t) {
                    if (cur.lastRecordLsn() < bound) {
                        // a restarted ancestor catches up first: reads below must not wait under its lock
                        cur.awaitIngested(bound);
                    }
                    cur.maintenance.lock();
                    locked.add(cur);
                    final KeyList mem = new KeyList();
                    cur.rw.readLock().lock();
                    try {
                        layerFiles = cur.layers.all();
                        cur.inMemoryKeys(mem);
                    } finally {
                        cur.rw.readLock().unlock();
                    }
                    mem.sortUnique();
                    keys.addKeys(mem);
                } else {
                    layerFiles = files;
                }
                for (final LayerFile f : layerFiles) {
                    if (f.desc().lsnStart() <= bound && overlaps(f.desc(), sHi, sLo, eHi, eLo)) {
                        keys.addLayer(f, bound);
                    }
                }
            }
            return keys;
        } catch (final RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    private static boolean overlaps(final LayerDesc d, final long sHi, final long sLo, final long eHi, final long eLo) {
        return PageKey.compare(d.keyStartHi(), d.keyStartLo(), eHi, eLo) < 0
            && PageKey.compare(sHi, sLo, d.keyEndHi(), d.keyEndLo()) < 0;
    }
}
