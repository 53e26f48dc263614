package io.stratum.engine.timeline;

import java.util.Arrays;

/** A growable list of keys as long pairs, sortable and de-duplicable. */
final class KeyList {
    long[] keys = new long[1024];
    int size;

    void add(final long hi, final long lo) {
        if (2 * size + 2 > keys.length) {
            keys = Arrays.copyOf(keys, keys.length * 2);
        }
        keys[2 * size] = hi;
        keys[2 * size + 1] = lo;
        size++;
    }

    void sortUnique() {
        size = KeySort.sortUnique(keys, size);
    }

    long hi(final int i) {
        return keys[2 * i];
    }

    long lo(final int i) {
        return keys[2 * i + 1];
    }
}
