package io.stratum.engine.timeline;

import static io.stratum.engine.key.PageKey.PAGE_SIZE;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerCursor;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import io.stratum.engine.layer.LayerFormat;
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
 *     one flush each), they are merged, entry by entry in (key, lsn) order, into level-1 deltas that
 *     partition the key space, a new file every {@code targetLayerBytes}. Memory: one block per input.
 *     The outputs are durable before the inputs are deleted; a crash in between leaves both, and readers
 *     ignore the duplicate versions.</li>
 * <li>Images: for each key range (partitions of about {@code targetLayerBytes} of pages) whose reads
 *     would replay {@code imageThreshold} or more delta layers above their newest images, an image layer
 *     of every key existing there (in this timeline or its ancestors) is written at the disk-consistent
 *     LSN, so reads stop there (and GC can then drop what lies below).</li>
 * </ul>
 */
final class Compactor {
    private Compactor() {
    }

    static boolean compact(final Timeline t) {
        t.maintenance.lock();
        try {
            boolean did = compactLevel0(t);
            did |= maybeCreateImages(t);
            return did;
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
        LayerWriter w = null;
        try {
            final boolean[] live = new boolean[inputs.size()];
            for (int i = 0; i < inputs.size(); i++) {
                final LayerCursor c = new LayerCursor(inputs.get(i));
                cursors.add(c);
                live[i] = c.next();
            }
            long startHi = PageKey.MIN_HI;
            long startLo = PageKey.MIN_LO;
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
                    } else if (!sameKey && w.bytesWritten() >= t.ctx.config.targetLayerBytes()) {
                        final LayerDesc d = LayerDesc.delta(startHi, startLo, c.keyHi(), c.keyLo(), lsnStart, lsnEnd);
                        outputs.add(new LayerFile(t.io, w.finish(d), d));
                        w.close();
                        w = new LayerWriter(t.io, t.dir, t.ctx.config.blockBytes());
                        startHi = c.keyHi();
                        startLo = c.keyLo();
                    }
                    w.add(c.keyHi(), c.keyLo(), c.lsn(), c.flags(), c.buffer(), c.valueOffset(), c.valueLength());
                    lastHi = c.keyHi();
                    lastLo = c.keyLo();
                    lastLsn = c.lsn();
                }
                live[min] = c.next();
            }
            if (w != null) {
                final LayerDesc d = LayerDesc.delta(startHi, startLo, LayerMap.KEYSPACE_END_HI, LayerMap.KEYSPACE_END_LO,
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
        }
        swap(t, outputs, inputs);
        return true;
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

    private static boolean maybeCreateImages(final Timeline t) {
        final long lsn = t.diskConsistentLsn();
        final int depth;
        t.rw.readLock().lock();
        try {
            final long floor = t.layers.imageFloor(lsn, PageKey.MIN_HI, PageKey.MIN_LO, LayerMap.KEYSPACE_END_HI,
                LayerMap.KEYSPACE_END_LO);
            depth = floor >= lsn ? 0 : t.layers.deltaDepth(floor, PageKey.MIN_HI, PageKey.MIN_LO,
                LayerMap.KEYSPACE_END_HI, LayerMap.KEYSPACE_END_LO);
        } finally {
            t.rw.readLock().unlock();
        }
        return depth >= t.ctx.config.imageThreshold() && createImages(t, false) > 0;
    }

    /**
     * Writes image layers at the disk-consistent LSN (caller holds the maintenance lock). The keys that
     * exist are split into partitions of about {@code targetLayerBytes} of pages, one image file each;
     * with {@code all} every partition is written, otherwise only those whose reads would replay
     * {@code imageThreshold} or more delta layers. Returns the number of files written.
     */
    static int createImages(final Timeline t, final boolean all) {
        final long lsn = t.diskConsistentLsn();
        final KeyList keys = new KeyList();
        collectKeys(t, lsn, keys);
        keys.sortUnique();
        final int per = (int) Math.max(1, Math.min(1 << 20, t.ctx.config.targetLayerBytes() / PAGE_SIZE));
        final List<LayerFile> outputs = new ArrayList<>();
        final ReadContext rc = t.ctx.acquire();
        try {
            for (int p = 0; p < Math.max(keys.size, 1); p += per) {
                final long sHi = p == 0 ? PageKey.MIN_HI : keys.hi(p);
                final long sLo = p == 0 ? PageKey.MIN_LO : keys.lo(p);
                final boolean last = p + per >= keys.size;
                final long eHi = last ? LayerMap.KEYSPACE_END_HI : keys.hi(p + per);
                final long eLo = last ? LayerMap.KEYSPACE_END_LO : keys.lo(p + per);
                if (!all && !due(t, lsn, sHi, sLo, eHi, eLo)) {
                    continue;
                }
                try (LayerWriter w = new LayerWriter(t.io, t.dir, t.ctx.config.blockBytes())) {
                    for (int i = p; i < Math.min(p + per, keys.size); i++) {
                        if (t.reconstruct(rc, keys.hi(i), keys.lo(i), lsn)) {
                            w.add(keys.hi(i), keys.lo(i), lsn, LayerFormat.FLAG_IMAGE, rc.page, 0, PAGE_SIZE);
                        }
                    }
                    final LayerDesc d = LayerDesc.image(sHi, sLo, eHi, eLo, lsn);
                    outputs.add(new LayerFile(t.io, w.finish(d), d));
                }
            }
        } finally {
            t.ctx.release(rc);
        }
        swap(t, outputs, List.of());
        return outputs.size();
    }

    private static boolean due(final Timeline t, final long lsn, final long sHi, final long sLo, final long eHi,
        final long eLo) {
        t.rw.readLock().lock();
        try {
            final long floor = t.layers.imageFloor(lsn, sHi, sLo, eHi, eLo);
            return floor < lsn && t.layers.deltaDepth(floor, sHi, sLo, eHi, eLo) >= t.ctx.config.imageThreshold();
        } finally {
            t.rw.readLock().unlock();
        }
    }

    /**
     * Adds every key with a version at or below {@code bound} in {@code t} and its ancestors (a superset is
     * fine: keys with no version read as absent). Holds each ancestor's maintenance lock while reading its
     * layers, so none is deleted underneath (locks are taken child first, as everywhere).
     */
    private static void collectKeys(final Timeline start, final long lsn, final KeyList keys) {
        final List<Timeline> locked = new ArrayList<>();
        try {
            long bound = lsn;
            for (Timeline cur = start; cur != null; bound = cur.ancestorLsn, cur = cur.ancestor) {
                if (cur != start) {
                    cur.maintenance.lock();
                    locked.add(cur);
                }
                final List<LayerFile> files;
                cur.rw.readLock().lock();
                try {
                    files = cur.layers.all();
                    cur.inMemoryKeys(keys);
                } finally {
                    cur.rw.readLock().unlock();
                }
                for (final LayerFile f : files) {
                    if (f.desc().lsnStart() > bound) {
                        continue;
                    }
                    try (LayerCursor c = new LayerCursor(f)) {
                        while (c.next()) {
                            if (c.lsn() <= bound) {
                                keys.add(c.keyHi(), c.keyLo());
                            }
                        }
                    }
                }
            }
        } finally {
            for (final Timeline l : locked) {
                l.maintenance.unlock();
            }
        }
    }
}
