package io.stratum.engine.timeline;

import java.util.Arrays;

/** Open-addressing hash map from a 128-bit key (two longs) to a non-negative long; no object per entry. */
final class KeyIndex {
    private long[] his;
    private long[] los;
    private long[] values;
    private int mask;
    private int size;

    KeyIndex(final int initialCapacity) {
        final int cap = Integer.highestOneBit(Math.max(16, initialCapacity) * 2 - 1);
        his = new long[cap];
        los = new long[cap];
        values = new long[cap];
        Arrays.fill(values, -1L);
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    /** The value of the key, or -1. */
    long get(final long hi, final long lo) {
        int i = slot(hi, lo);
        while (values[i] >= 0) {
            if (his[i] == hi && los[i] == lo) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    void put(final long hi, final long lo, final long value) {
        int i = slot(hi, lo);
        while (values[i] >= 0) {
            if (his[i] == hi && los[i] == lo) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        his[i] = hi;
        los[i] = lo;
        values[i] = value;
        if (++size * 2 > values.length) {
            grow();
        }
    }

    /** Copies every key and value out: {@code keys[2i], keys[2i+1]} and {@code vals[i]}; returns the count. */
    int copyTo(final long[] keys, final long[] vals) {
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= 0) {
                keys[2 * n] = his[i];
                keys[2 * n + 1] = los[i];
                vals[n++] = values[i];
            }
        }
        return n;
    }

    private void grow() {
        final long[] oh = his;
        final long[] ol = los;
        final long[] ov = values;
        final int cap = ov.length * 2;
        his = new long[cap];
        los = new long[cap];
        values = new long[cap];
        Arrays.fill(values, -1L);
        mask = cap - 1;
        size = 0;
        for (int i = 0; i < ov.length; i++) {
            if (ov[i] >= 0) {
                put(oh[i], ol[i], ov[i]);
            }
        }
    }

    private int slot(final long hi, final long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        return (int) h & mask;
    }
}
