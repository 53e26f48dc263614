package io.stratum.mvcc.heap;

import java.util.Arrays;

/**
 * In-memory free-space map of one heap: approximate free bytes per block (0: full or unknown), the last
 * block, and a bounded stack of blocks that gained room (pruning, VACUUM). Not WAL-logged: after a
 * restart only the last block is tried until VACUUM or pruning refills it (PostgreSQL's FSM is not
 * crash-safe either). Every value is re-checked under the page latch. Thread-safe.
 */
final class FreeSpace {
    private static final int HINTS = 256;
    private static final int HINT_MIN = 512;
    private int[] free = new int[16];
    private long last = -1;
    private final long[] hints = new long[HINTS];
    private int hintCount;

    synchronized void opened(final long nblocks) {
        if (nblocks > 0) {
            grow(nblocks - 1);
            last = nblocks - 1;
            free[(int) last] = HeapPage.PAGE;
        }
    }

    private void grow(final long block) {
        if (block >= free.length) {
            free = Arrays.copyOf(free, (int) Math.max(block + 1, free.length * 2L));
        }
    }

    /** A block that may hold {@code need} bytes, or -1. */
    synchronized long candidate(final int need, final long exclude) {
        if (last >= 0 && last != exclude && free[(int) last] >= need) {
            return last;
        }
        while (hintCount > 0) {
            final long h = hints[hintCount - 1];
            if (h != exclude && h < free.length && free[(int) h] >= need) {
                return h;
            }
            if (h == exclude) {
                return -1;
            }
            hintCount--;
        }
        return -1;
    }

    synchronized void set(final long block, final int bytes) {
        grow(block);
        free[(int) block] = bytes;
        if (block != last && bytes >= HINT_MIN && hintCount < HINTS
            && (hintCount == 0 || hints[hintCount - 1] != block)) {
            hints[hintCount++] = block;
        }
    }

    synchronized void extended(final long block) {
        grow(block);
        free[(int) block] = HeapPage.PAGE - HeapPage.HEADER;
        if (block > last) {
            last = block;
        }
    }
}
