package io.stratum.mvcc.pool;

/**
 * Page key to the end LSN of the last record that changed it, bounded: 8-way set-associative; an entry
 * pushed out (the smallest LSN of its set) folds into one maximum that answers for every key not held,
 * as Neon's last-written-LSN cache. {@link ClockBufferPool} puts a changed page's LSN here when the page
 * leaves the pool, not on every change. Thread-safe (one monitor); no allocation. Threads: none.
 */
public final class LastWrittenLsnCache {
    private static final int WAYS = 8;
    private final long[] his;
    private final long[] los;
    private final long[] lsns;
    private final int setMask;
    private long folded;

    /**
     * @param entries upper bound on entries held (rounded down to a power of two, at least 16)
     * @param initial the LSN every key not held reads at (the store's start LSN)
     */
    public LastWrittenLsnCache(final int entries, final long initial) {
        int sets = Integer.highestOneBit(Math.max(16, entries) / WAYS);
        setMask = sets - 1;
        his = new long[sets * WAYS];
        los = new long[sets * WAYS];
        lsns = new long[sets * WAYS];
        folded = initial;
    }

    public int capacity() {
        return lsns.length;
    }

    private int set(final long hi, final long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return ((int) h & setMask) * WAYS;
    }

    /** The last-written LSN of a key (the folded maximum when not held). */
    public synchronized long get(final long hi, final long lo) {
        final int base = set(hi, lo);
        for (int i = base; i < base + WAYS; i++) {
            if (lsns[i] != 0 && his[i] == hi && los[i] == lo) {
                return lsns[i];
            }
        }
        return folded;
    }

    /** Records that a record ending at {@code lsn} changed the key. */
    public synchronized void put(final long hi, final long lo, final long lsn) {
        final int base = set(hi, lo);
        int victim = base;
        for (int i = base; i < base + WAYS; i++) {
            if (lsns[i] == 0) {
                victim = i;
                break;
            }
            if (his[i] == hi && los[i] == lo) {
                lsns[i] = Math.max(lsns[i], lsn);
                return;
            }
            if (lsns[i] < lsns[victim]) {
                victim = i;
            }
        }
        if (lsns[victim] != 0) {
            folded = Math.max(folded, lsns[victim]);
        }
        his[victim] = hi;
        los[victim] = lo;
        lsns[victim] = lsn;
    }

    /** The maximum of the entries pushed out so far (and the initial LSN). */
    public synchronized long foldedMax() {
        return folded;
    }
}
