package io.stratum.engine.timeline;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The on-disk layers of one timeline: deltas sorted newest first by {@code lsnEnd}, images newest first
 * by LSN. Answers "which layers can hold versions of key k at or below lsn". Guarded by the timeline's
 * lock. Key-space convention: level-0 deltas (written by flushes) cover {@code [MIN, MAX)}; level-1 deltas
 * and images partition {@code [MIN, KEYSPACE_END)}, which holds every valid key (the two reserved bytes of
 * a key are zero, so no key reaches {@code KEYSPACE_END}).
 */
final class LayerMap {
    static final long KEYSPACE_END_HI = PageKey.MAX_HI;
    static final long KEYSPACE_END_LO = -2L;
    private static final Comparator<LayerFile> NEWEST_FIRST = Comparator
        .comparingLong((LayerFile l) -> l.desc().lsnEnd()).reversed()
        .thenComparingLong(l -> l.desc().lsnStart());

    private final List<LayerFile> deltas = new ArrayList<>();
    private final List<LayerFile> images = new ArrayList<>();

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
        return replaced;
    }

    void remove(final LayerFile layer) {
        (layer.desc().image() ? images : deltas).remove(layer);
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
        for (int i = 0; i < images.size(); i++) {
            final LayerFile l = images.get(i);
            if (l.desc().imageLsn() <= lsn && l.desc().containsKey(hi, lo)) {
                return l;
            }
        }
        return null;
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

    /** LSN of the newest image layer, or 0. */
    long newestImageLsn() {
        return images.isEmpty() ? 0 : images.get(0).desc().imageLsn();
    }

    /**
     * Whether the image layers at exactly {@code lsn} together cover {@code [start, end)} (clamped to the
     * key space).
     */
    boolean imagesCover(final long lsn, final LayerDesc range) {
        long curHi = range.keyStartHi();
        long curLo = range.keyStartLo();
        long endHi = range.keyEndHi();
        long endLo = range.keyEndLo();
        if (PageKey.compare(endHi, endLo, KEYSPACE_END_HI, KEYSPACE_END_LO) > 0) {
            endHi = KEYSPACE_END_HI;
            endLo = KEYSPACE_END_LO;
        }
        boolean progress = true;
        while (PageKey.compare(curHi, curLo, endHi, endLo) < 0 && progress) {
            progress = false;
            for (final LayerFile l : images) {
                final LayerDesc d = l.desc();
                if (d.imageLsn() == lsn && d.containsKey(curHi, curLo)) {
                    curHi = d.keyEndHi();
                    curLo = d.keyEndLo();
                    progress = true;
                    break;
                }
            }
        }
        return PageKey.compare(curHi, curLo, endHi, endLo) >= 0;
    }
}
