package io.stratum.engine.timeline;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerCursor;
import io.stratum.engine.layer.LayerFile;
import java.util.ArrayList;
import java.util.List;

/**
 * The distinct keys of a key range {@code [start, end)} that have a version at or below a per-source
 * bound, in key order, merged from layer cursors (positioned by their block index, one decompressed
 * block each in memory) and sorted key lists (the keys of in-memory layers). A binary heap of source
 * numbers picks the smallest key; nothing is allocated per key or per version. Close it when done.
 */
final class KeyMerge implements AutoCloseable {
    private final long startHi;
    private final long startLo;
    private final long endHi;
    private final long endLo;
    private final List<LayerCursor> cursors = new ArrayList<>();
    private final List<KeyList> lists = new ArrayList<>();
    private long[] bounds = new long[8];
    /** Per source: its current key (valid while the source is in the heap); list sources also a position. */
    private long[] curHi = new long[8];
    private long[] curLo = new long[8];
    private int[] listPos = new int[8];
    private int[] heap = new int[8];
    private int heapSize;
    private int sources;
    private boolean started;
    private long keyHi;
    private long keyLo;

    KeyMerge(final long startHi, final long startLo, final long endHi, final long endLo) {
        this.startHi = startHi;
        this.startLo = startLo;
        this.endHi = endHi;
        this.endLo = endLo;
    }

    /** Adds the keys of {@code layer} with a version at or below {@code bound}. */
    void addLayer(final LayerFile layer, final long bound) {
        final LayerCursor c = new LayerCursor(layer);
        c.seek(startHi, startLo);
        final int s = newSource(bound);
        cursors.add(c);
        lists.add(null);
        if (advance(s)) {
            push(s);
        }
    }

    /** Adds keys from a sorted, de-duplicated list (each counts as having a version at or below any bound). */
    void addKeys(final KeyList keys) {
        final int s = newSource(Long.MAX_VALUE);
        cursors.add(null);
        lists.add(keys);
        listPos[s] = lowerBound(keys);
        if (advance(s)) {
            push(s);
        }
    }

    private int lowerBound(final KeyList keys) {
        int low = 0;
        int high = keys.size;
        while (low < high) {
            final int mid = (low + high) >>> 1;
            if (PageKey.compare(keys.hi(mid), keys.lo(mid), startHi, startLo) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private int newSource(final long bound) {
        if (sources == bounds.length) {
            final int n = sources * 2;
            bounds = java.util.Arrays.copyOf(bounds, n);
            curHi = java.util.Arrays.copyOf(curHi, n);
            curLo = java.util.Arrays.copyOf(curLo, n);
            listPos = java.util.Arrays.copyOf(listPos, n);
            heap = java.util.Arrays.copyOf(heap, n);
        }
        bounds[sources] = bound;
        return sources++;
    }

    /** Moves source {@code s} to its next key in range with a version at or below its bound; false when done. */
    private boolean advance(final int s) {
        final LayerCursor c = cursors.get(s);
        if (c == null) {
            final KeyList keys = lists.get(s);
            final int p = listPos[s]++;
            if (p >= keys.size || PageKey.compare(keys.hi(p), keys.lo(p), endHi, endLo) >= 0) {
                return false;
            }
            curHi[s] = keys.hi(p);
            curLo[s] = keys.lo(p);
            return true;
        }
        while (c.next()) {
            if (PageKey.compare(c.keyHi(), c.keyLo(), endHi, endLo) >= 0) {
                return false;
            }
            if (c.lsn() <= bounds[s] && PageKey.compare(c.keyHi(), c.keyLo(), startHi, startLo) >= 0) {
                curHi[s] = c.keyHi();
                curLo[s] = c.keyLo();
                return true;
            }
        }
        return false;
    }

    /** Advances to the next distinct key; false when the range is exhausted. */
    boolean next() {
        if (started) {
            // drop every source still at the key just returned
            while (heapSize > 0 && curHi[heap[0]] == keyHi && curLo[heap[0]] == keyLo) {
                final int s = heap[0];
                if (advance(s)) {
                    siftDown(0);
                } else {
                    heap[0] = heap[--heapSize];
                    siftDown(0);
                }
            }
        }
        started = true;
        if (heapSize == 0) {
            return false;
        }
        keyHi = curHi[heap[0]];
        keyLo = curLo[heap[0]];
        return true;
    }

    long keyHi() {
        return keyHi;
    }

    long keyLo() {
        return keyLo;
    }

    private boolean less(final int a, final int b) {
        return PageKey.compare(curHi[a], curLo[a], curHi[b], curLo[b]) < 0;
    }

    private void push(final int s) {
        int i = heapSize++;
        heap[i] = s;
        while (i > 0) {
            final int parent = (i - 1) >>> 1;
            if (!less(heap[i], heap[parent])) {
                break;
            }
            final int t = heap[i];
            heap[i] = heap[parent];
            heap[parent] = t;
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            final int l = 2 * i + 1;
            if (l >= heapSize) {
                return;
            }
            int m = l;
            if (l + 1 < heapSize && less(heap[l + 1], heap[l])) {
                m = l + 1;
            }
            if (!less(heap[m], heap[i])) {
                return;
            }
            final int t = heap[i];
            heap[i] = heap[m];
            heap[m] = t;
            i = m;
        }
    }

    @Override
    public void close() {
        for (final LayerCursor c : cursors) {
            if (c != null) {
                c.close();
            }
        }
        cursors.clear();
    }
}
