package io.stratum.engine.timeline;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The on-disk layers of one timeline: deltas sorted newest first by {@code lsnEnd}, images newest first
 * by LSN. Answers "which layers can hold versions of key k at or below lsn" through a {@link LayerIndex}
 * (logarithmic in the number of layers, rebuilt lazily after a change). Guarded by the timeline's lock.
 * Key-space convention: level-0 deltas (written by flushes) cover {@code [MIN, MAX)}; image layers cover
 * ranges of {@code [MIN, KEYSPACE_END)} (a full round partitions it), which holds every valid key (the two
 * reserved bytes of a key are zero, so no key reaches {@code KEYSPACE_END}); the level-1 deltas of one
 * compaction cover, end to end, the keys from the first to just after the last that its inputs held
 * (earlier versions wrote them out to {@code MIN} and {@code KEYSPACE_END}; such files are read as they are).
 */
final class LayerMap {
    static final long KEYSPACE_END_HI = PageKey.MAX_HI;
    static final long KEYSPACE_END_LO = -2L;
    private static final Comparator<LayerFile> NEWEST_FIRST = Comparator
        .comparingLong((LayerFile l) -> l.desc().lsnEnd()).reversed()
        .thenComparingLong(l -> l.desc().lsnStart());

    private final List<LayerFile> deltas = new ArrayList<>();
    private final List<LayerFile> images = new ArrayList<>();
    /** The lookup index, null after a change until the next lookup rebuilds it (mutations hold the write lock). */
    private volatile LayerIndex index = LayerIndex.EMPTY;

    /** Adds a layer, replacing one of the same name (which is returned, to be closed), else null. */
    LayerFile add(final LayerFile layer) {
        final List<LayerFile> list = layer.desc().image() ? images : deltas;
        LayerFile replaced = null;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).desc().equals(layer.desc())) {
                replaced = list.remove(i);
                break;
            }
        }
        list.add(layer);
        list.sort(NEWEST_FIRST);
        index = null;
        return replaced;
    }

    void remove(final LayerFile layer) {
        if ((layer.desc().image() ? images : deltas).remove(layer)) {
            index = null;
        }
    }

    /** The key-range index of the current layers (call under the timeline's read or write lock). */
    LayerIndex index() {
        final LayerIndex i = index;
        if (i != null) {
            return i;
        }
        synchronized (this) { // readers share the read lock: the first one rebuilds
            if (index == null) {
                index = LayerIndex.build(deltas, images);
            }
            return index;
        }
    }

    List<LayerFile> deltas() {
        return deltas;
    }

    List<LayerFile> images() {
        return images;
    }

    List<LayerFile> all() {
        final List<LayerFile> all = new ArrayList<>(deltas);
        all.addAll(images);
        return all;
    }

    /** The newest image layer at or below {@code lsn} whose key range holds the key, or null. */
    LayerFile newestImage(final long hi, final long lo, final long lsn) {
        return index().newestImage(hi, lo, lsn);
    }

    /** Level-0 deltas, oldest first. */
    List<LayerFile> level0() {
        final List<LayerFile> out = new ArrayList<>();
        for (int i = deltas.size() - 1; i >= 0; i--) {
            if (deltas.get(i).desc().fullKeyRange()) {
                out.add(deltas.get(i));
            }
        }
        return out;
    }

    /**
     * Whether image layers with LSNs in {@code [lsnLow, lsnHigh]} together cover the key range
     * {@code [startHi/Lo, endHi/Lo)} (clamped to the key space). Then a read of any key of the range at
     * or above {@code lsnHigh} finds an image at or above {@code lsnLow}.
     */
    boolean imagesCover(final long lsnLow, final long lsnHigh, final long startHi, final long startLo,
        final long endHi0, final long endLo0) {
        long curHi = startHi;
        long curLo = startLo;
        long endHi = endHi0;
        long endLo = endLo0;
        if (PageKey.compare(endHi, endLo, KEYSPACE_END_HI, KEYSPACE_END_LO) > 0) {
            endHi = KEYSPACE_END_HI;
            endLo = KEYSPACE_END_LO;
        }
        while (PageKey.compare(curHi, curLo, endHi, endLo) < 0) {
            long nextHi = curHi;
            long nextLo = curLo;
            for (final LayerFile l : images) {
                final LayerDesc d = l.desc();
                if (d.imageLsn() >= lsnLow && d.imageLsn() <= lsnHigh && d.containsKey(curHi, curLo)
                    && PageKey.compare(d.keyEndHi(), d.keyEndLo(), nextHi, nextLo) > 0) {
                    nextHi = d.keyEndHi();
                    nextLo = d.keyEndLo();
                }
            }
            if (nextHi == curHi && nextLo == curLo) {
                return false;
            }
            curHi = nextHi;
            curLo = nextLo;
        }
        return true;
    }

    /**
     * The highest LSN {@code I <= lsnHigh} such that images with LSNs in {@code [I, lsnHigh]} cover the key
     * range: reads of the range at or above {@code lsnHigh} never replay deltas at or below it. 0 if none.
     */
    long imageFloor(final long lsnHigh, final long startHi, final long startLo, final long endHi, final long endLo) {
        for (final LayerFile l : images) { // newest first
            final long i = l.desc().imageLsn();
            if (i <= lsnHigh && imagesCover(i, lsnHigh, startHi, startLo, endHi, endLo)) {
                return i;
            }
        }
        return 0;
    }

    /** Distinct LSN ranges of the deltas that overlap the key range and hold versions above {@code floor}. */
    int deltaDepth(final long floor, final long startHi, final long startLo, final long endHi, final long endLo) {
        final java.util.HashSet<Long> ranges = new java.util.HashSet<>();
        for (final LayerFile l : deltas) {
            final LayerDesc d = l.desc();
            if (d.lsnEnd() > floor && PageKey.compare(d.keyStartHi(), d.keyStartLo(), endHi, endLo) < 0
                && PageKey.compare(startHi, startLo, d.keyEndHi(), d.keyEndLo()) < 0) {
                ranges.add(d.lsnStart() * 0x9E3779B97F4A7C15L + d.lsnEnd());
            }
        }
        return ranges.size();
    }
}
