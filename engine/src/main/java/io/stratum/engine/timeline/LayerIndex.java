package io.stratum.engine.timeline;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable stabbing index over the key ranges of a timeline's layers, rebuilt by {@link LayerMap}
 * when its layers change (O(n log n)); lookups cost O(log S x log n) plus the layers that hold the key,
 * where S is the number of distinct key-range boundaries.
 *
 * <p>The distinct start and end keys of all layers cut the key space into elementary segments; a
 * segment tree over them stores each layer in the O(log S) nodes whose segments its key range covers
 * exactly (the textbook canonical decomposition), so the layers holding key k are those of the nodes on
 * the path from the root to k's segment: memory O(n log S). Each node keeps its deltas sorted by
 * {@code lsnStart} descending with the running maximum of {@code lsnEnd} (so a lookup finds the first
 * delta starting below its bound by binary search and stops once no later delta ends above its floor),
 * and its images by LSN descending.
 * <pre>
 *   bounds:  k0      k1      k2      k3         a key k in [k1, k2) lies in segment 1;
 *   segments:  [ 0 ]   [ 1 ]   [ 2 ]            its path: leaf 1, its parent, ..., the root
 * </pre>
 */
final class LayerIndex {
    /** What a delta lookup reports to (a reader's context: its floor rises as it finds a base). */
    interface DeltaVisitor {
        /** Versions at or below this LSN are no longer needed. */
        long floor();

        void visit(LayerFile delta);
    }

    static final LayerIndex EMPTY = build(List.of(), List.of());
    private static final LayerFile[] NONE = new LayerFile[0];
    private static final long[] NO_LONGS = new long[0];
    private static final Comparator<LayerFile> BY_START_DESC = Comparator
        .comparingLong((LayerFile l) -> l.desc().lsnStart()).reversed()
        .thenComparing(Comparator.comparingLong((LayerFile l) -> l.desc().lsnEnd()).reversed());

    /** Sorted distinct boundary keys, {@code bounds[2i], bounds[2i+1]} = key i. */
    private final long[] bounds;
    private final int boundCount;
    private final int leaves;
    private final int levels;
    private final LayerFile[][] deltas;
    private final long[][] maxEnd;
    private final LayerFile[][] images;

    private LayerIndex(final long[] bounds, final int boundCount, final int leaves, final LayerFile[][] deltas,
        final long[][] maxEnd, final LayerFile[][] images) {
        this.bounds = bounds;
        this.boundCount = boundCount;
        this.leaves = leaves;
        this.levels = Integer.numberOfTrailingZeros(leaves);
        this.deltas = deltas;
        this.maxEnd = maxEnd;
        this.images = images;
    }

    static LayerIndex build(final List<LayerFile> deltaLayers, final List<LayerFile> imageLayers) {
        final int n = deltaLayers.size() + imageLayers.size();
        long[] keys = new long[Math.max(2, 4 * n)];
        int k = 0;
        for (final List<LayerFile> list : List.of(deltaLayers, imageLayers)) {
            for (final LayerFile l : list) {
                final LayerDesc d = l.desc();
                keys[2 * k] = d.keyStartHi();
                keys[2 * k + 1] = d.keyStartLo();
                keys[2 * k + 2] = d.keyEndHi();
                keys[2 * k + 3] = d.keyEndLo();
                k += 2;
            }
        }
        final int m = KeySort.sortUnique(keys, k);
        final int segments = Math.max(1, m - 1);
        final int leaves = Integer.highestOneBit(segments) == segments ? segments : Integer.highestOneBit(segments) << 1;
        @SuppressWarnings("unchecked")
        final List<LayerFile>[] dl = new List[2 * leaves];
        @SuppressWarnings("unchecked")
        final List<LayerFile>[] il = new List[2 * leaves];
        for (final LayerFile l : deltaLayers) {
            insert(l, dl, keys, m, leaves);
        }
        for (final LayerFile l : imageLayers) {
            insert(l, il, keys, m, leaves);
        }
        final LayerFile[][] deltas = new LayerFile[2 * leaves][];
        final long[][] maxEnd = new long[2 * leaves][];
        final LayerFile[][] images = new LayerFile[2 * leaves][];
        for (int node = 1; node < 2 * leaves; node++) {
            deltas[node] = NONE;
            maxEnd[node] = NO_LONGS;
            images[node] = NONE;
            if (dl[node] != null) {
                dl[node].sort(BY_START_DESC);
                deltas[node] = dl[node].toArray(NONE);
                final long[] me = new long[deltas[node].length];
                long max = Long.MIN_VALUE;
                for (int i = me.length - 1; i >= 0; i--) {
                    max = Math.max(max, deltas[node][i].desc().lsnEnd());
                    me[i] = max;
                }
                // me[i] = the highest lsnEnd among deltas i.. (suffix maximum)
                maxEnd[node] = me;
            }
            if (il[node] != null) {
                il[node].sort(BY_START_DESC);
                images[node] = il[node].toArray(NONE);
            }
        }
        if (keys.length > 2 * m) {
            keys = java.util.Arrays.copyOf(keys, 2 * m);
        }
        return new LayerIndex(keys, m, leaves, deltas, maxEnd, images);
    }

    private static void insert(final LayerFile l, final List<LayerFile>[] nodes, final long[] keys, final int m,
        final int leaves) {
        final LayerDesc d = l.desc();
        final int a = find(keys, m, d.keyStartHi(), d.keyStartLo());
        final int b = find(keys, m, d.keyEndHi(), d.keyEndLo());
        int lo = a + leaves;
        int hi = b + leaves;
        while (lo < hi) {
            if ((lo & 1) != 0) {
                add(nodes, lo++, l);
            }
            if ((hi & 1) != 0) {
                add(nodes, --hi, l);
            }
            lo >>= 1;
            hi >>= 1;
        }
    }

    private static void add(final List<LayerFile>[] nodes, final int node, final LayerFile l) {
        if (nodes[node] == null) {
            nodes[node] = new ArrayList<>(2);
        }
        nodes[node].add(l);
    }

    /** The index of the last boundary at or below the key, or -1. */
    private static int find(final long[] keys, final int m, final long hi, final long lo) {
        int low = 0;
        int high = m - 1;
        int found = -1;
        while (low <= high) {
            final int mid = (low + high) >>> 1;
            if (PageKey.compare(keys[2 * mid], keys[2 * mid + 1], hi, lo) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** The elementary segment holding the key, or -1 when no layer's key range does. */
    private int segment(final long hi, final long lo) {
        final int j = find(bounds, boundCount, hi, lo);
        return j < 0 || j >= boundCount - 1 ? -1 : j;
    }

    /** The newest image layer at or below {@code lsn} whose key range holds the key, or null. */
    LayerFile newestImage(final long hi, final long lo, final long lsn) {
        final int seg = segment(hi, lo);
        if (seg < 0) {
            return null;
        }
        LayerFile best = null;
        for (int node = seg + leaves; node >= 1; node >>= 1) {
            final LayerFile[] list = images[node];
            final int i = firstStartingAtOrBelow(list, lsn);
            if (i < list.length && (best == null || list[i].desc().imageLsn() > best.desc().imageLsn())) {
                best = list[i];
            }
        }
        return best;
    }

    /**
     * Reports every delta layer whose key range holds the key, with {@code lsnStart < bound} and
     * {@code lsnEnd > visitor.floor()} (the floor is re-read after each visit; it only rises). The order
     * is unspecified; callers sort what they collect.
     */
    void deltas(final long hi, final long lo, final long bound, final DeltaVisitor visitor) {
        final int seg = segment(hi, lo);
        if (seg < 0) {
            return;
        }
        for (int s = levels; s >= 0; s--) { // root first: it holds the wide (level-0) layers, the newest
            final int node = (seg + leaves) >> s;
            final LayerFile[] list = deltas[node];
            final long[] me = maxEnd[node];
            for (int i = firstStartingAtOrBelow(list, bound - 1); i < list.length && me[i] > visitor.floor(); i++) {
                if (list[i].desc().lsnEnd() > visitor.floor()) {
                    visitor.visit(list[i]);
                }
            }
        }
    }

    /** In a list sorted by lsnStart descending, the first index whose lsnStart is at or below {@code lsn}. */
    private static int firstStartingAtOrBelow(final LayerFile[] list, final long lsn) {
        int low = 0;
        int high = list.length;
        while (low < high) {
            final int mid = (low + high) >>> 1;
            if (list[mid].desc().lsnStart() > lsn) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
