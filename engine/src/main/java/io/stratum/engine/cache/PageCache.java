package io.stratum.engine.cache;

import static io.stratum.engine.key.PageKey.PAGE_SIZE;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The reconstructed-page cache: a fixed off-heap array of 8 KiB slots, direct-mapped by a hash of
 * (timeline, key, lsn); a new page evicts whatever held its slot. Bounded by construction
 * ({@code bytes / 8192} slots, at most 1 GiB). A page of a timeline at an LSN it has ingested never
 * changes, so entries never need invalidating. Thread-safe with striped locks; no allocation.
 */
public final class PageCache implements AutoCloseable {
    private static final int STRIPES = 64;
    private final ByteBuffer memory;
    private final UnsafeBuffer data;
    private final long[] tags;
    private final int mask;
    private final Object[] locks = new Object[STRIPES];
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /** A cache of about {@code bytes} (rounded down to a power of two slots; 0 disables it). */
    public PageCache(final long bytes) {
        final long slots = Math.min(bytes / PAGE_SIZE, (1L << 30) / PAGE_SIZE);
        final int n = slots < 1 ? 0 : Integer.highestOneBit((int) slots);
        memory = ByteBuffer.allocateDirect(n * PAGE_SIZE);
        data = new UnsafeBuffer(memory);
        tags = new long[n * 4];
        mask = n - 1;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    public long capacityBytes() {
        return (long) (mask + 1) * PAGE_SIZE;
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    /**
     * Copies the cached page into {@code dst} and returns true, or returns false.
     *
     * @param owner a non-zero id of the timeline instance
     */
    public boolean get(final long owner, final long hi, final long lo, final long lsn,
        final MutableDirectBuffer dst, final int offset) {
        if (probe(owner, hi, lo, lsn, dst, offset)) {
            return true;
        }
        misses.incrementAndGet();
        return false;
    }

    /**
     * As {@link #get}, for a lookup that may save work but is not a page request (an ancestor's page at a
     * branch point, as the base of a branch's page): a hit counts as one, a miss does not count.
     */
    public boolean probe(final long owner, final long hi, final long lo, final long lsn,
        final MutableDirectBuffer dst, final int offset) {
        if (mask < 0) {
            return false;
        }
        final int slot = slot(owner, hi, lo, lsn);
        synchronized (locks[slot & (STRIPES - 1)]) {
            final int t = slot * 4;
            if (tags[t] == owner && tags[t + 1] == hi && tags[t + 2] == lo && tags[t + 3] == lsn) {
                dst.putBytes(offset, data, slot * PAGE_SIZE, PAGE_SIZE);
                hits.incrementAndGet();
                return true;
            }
        }
        return false;
    }

    public void put(final long owner, final long hi, final long lo, final long lsn, final DirectBuffer src,
        final int offset) {
        if (mask < 0) {
            return;
        }
        final int slot = slot(owner, hi, lo, lsn);
        synchronized (locks[slot & (STRIPES - 1)]) {
            final int t = slot * 4;
            tags[t] = owner;
            tags[t + 1] = hi;
            tags[t + 2] = lo;
            tags[t + 3] = lsn;
            data.putBytes(slot * PAGE_SIZE, src, offset, PAGE_SIZE);
        }
    }

    /** Forgets every page of {@code owner} (when a timeline is deleted). */
    public void evictOwner(final long owner) {
        for (int slot = 0; slot <= mask; slot++) {
            synchronized (locks[slot & (STRIPES - 1)]) {
                if (tags[slot * 4] == owner) {
                    tags[slot * 4] = 0;
                }
            }
        }
    }

    private int slot(final long owner, final long hi, final long lo, final long lsn) {
        long h = owner * 0x9E3779B97F4A7C15L;
        h = (h ^ hi) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ lo) * 0x165667B19E3779F9L;
        h = (h ^ lsn) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    @Override
    public void close() {
        BufferUtil.free(memory);
    }
}
