package io.stratum.engine.timeline;

import io.stratum.engine.key.PageKey;

/** In-place sort of keys held as pairs in a {@code long[]} ({@code keys[2i], keys[2i+1]}) with a parallel long array. */
final class KeySort {
    private KeySort() {
    }

    static void sort(final long[] keys, final long[] vals, final int n) {
        quick(keys, vals, 0, n - 1);
    }

    /** Sorts and removes duplicate keys (vals may be null); returns the new count. */
    static int sortUnique(final long[] keys, final int n) {
        if (n == 0) {
            return 0;
        }
        quick(keys, null, 0, n - 1);
        int w = 1;
        for (int i = 1; i < n; i++) {
            if (keys[2 * i] != keys[2 * (w - 1)] || keys[2 * i + 1] != keys[2 * (w - 1) + 1]) {
                keys[2 * w] = keys[2 * i];
                keys[2 * w + 1] = keys[2 * i + 1];
                w++;
            }
        }
        return w;
    }

    private static void quick(final long[] k, final long[] v, int lo, int hi) {
        while (hi - lo > 16) {
            final int mid = (lo + hi) >>> 1;
            final long pHi = k[2 * mid];
            final long pLo = k[2 * mid + 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (PageKey.compare(k[2 * i], k[2 * i + 1], pHi, pLo) < 0) {
                    i++;
                }
                while (PageKey.compare(k[2 * j], k[2 * j + 1], pHi, pLo) > 0) {
                    j--;
                }
                if (i <= j) {
                    swap(k, v, i++, j--);
                }
            }
            if (j - lo < hi - i) {
                quick(k, v, lo, j);
                lo = i;
            } else {
                quick(k, v, i, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && PageKey.compare(k[2 * j - 2], k[2 * j - 1], k[2 * j], k[2 * j + 1]) > 0; j--) {
                swap(k, v, j, j - 1);
            }
        }
    }

    private static void swap(final long[] k, final long[] v, final int a, final int b) {
        long t = k[2 * a];
        k[2 * a] = k[2 * b];
        k[2 * b] = t;
        t = k[2 * a + 1];
        k[2 * a + 1] = k[2 * b + 1];
        k[2 * b + 1] = t;
        if (v != null) {
            final long x = v[a];
            v[a] = v[b];
            v[b] = x;
        }
    }
}
