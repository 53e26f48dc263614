package io.stratum.mvcc.pool;

import io.stratum.engine.PageSource;
import io.stratum.mvcc.BufferPool;
import io.stratum.mvcc.WalWriter;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The {@link BufferPool}: {@code n} frames of 8 KiB in one off-heap area, a linear-probing key table,
 * clock-sweep replacement (usage counts 0..5), one read-write latch per frame ({@link FrameLatches}: an int
 * beside the frame's pin count). The page LSN lives here
 * (per frame), never in the page bytes. A miss reads the page at its last-written LSN (read-write) or at
 * the fixed LSN (read-only); a changed page's LSN is put in the {@link LastWrittenLsnCache} when its frame
 * is reused (only a miss asks the cache, and a pooled page never misses), and a frame whose page was changed
 * by WAL not yet durable is reused only after {@link WalWriter#awaitDurable}.
 * <p>Concurrency: a hit takes no lock. It probes the key table without the lock, pins the frame it finds
 * with a CAS on the frame's pin count (which refuses a frame being evicted: the clock claims a victim by
 * CAS from 0 to -1), then checks that the frame holds the key and is loaded; otherwise it drops the pin
 * and takes the locked path. Misses, eviction and the table's changes are under one lock, never held
 * across I/O. Unpin is one atomic decrement. (Measured: with the lock on every pin and unpin, four
 * pgbench sessions spent an eighth of the process's CPU waking each other in {@code unlock}.)
 * <p>Threads: none.
 */
public final class ClockBufferPool implements BufferPool {
    private static final int MAX_USAGE = 5;
    /** Table probes a lock-free hit tries before it takes the lock. */
    private static final int FAST_PROBES = 32;
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private final PageSource source;
    private final WalWriter wal;
    private final long readOnlyLsn;
    private final LastWrittenLsnCache lastWritten;
    private final int n;
    private final UnsafeBuffer memory;
    /** Per frame: its page key's halves at 2b and 2b + 1 (one cache line for a hit's key check). */
    private final long[] keys;
    /**
     * Per frame, {@link #STRIDE} ints from {@code STRIDE * b}: its pin count, its latch word ({@link FrameLatches}),
     * whether it holds a loaded page (valid), whether its key is in the table (mapped), its usage count; so a
     * hit touches one cache line of frame state.
     */
    private final int[] words;
    private static final int STRIDE = 8;
    private static final int PIN = 0;
    private static final int LATCH = 1;
    private static final int VALID = 2;
    private static final int MAPPED = 3;
    private static final int USAGE = 4;
    private final FrameLatches latches;
    private final long[] pageLsn;
    private final int[] table;
    private final int tableMask;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition loaded = lock.newCondition();
    private int hand;
    private final LongAdder hits = new LongAdder();
    private long misses;

    /**
     * @param source where missing pages are read
     * @param wal the WAL writer (null for a read-only pool)
     * @param readOnlyLsn the LSN a read-only pool reads at
     * @param bytes pool size (at least 64 pages, at most 2 GiB)
     * @param lastWritten the last-written-LSN cache (read-write pools)
     */
    public ClockBufferPool(final PageSource source, final WalWriter wal, final long readOnlyLsn, final long bytes,
                           final LastWrittenLsnCache lastWritten) {
        final long frames = bytes / PageSource.PAGE_SIZE;
        if (frames < 64 || frames * PageSource.PAGE_SIZE > Integer.MAX_VALUE) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "buffer pool must be 64 pages to 2 GiB",
                "field", "bufferPoolBytes", "value", bytes);
        }
        this.source = source;
        this.wal = wal;
        this.readOnlyLsn = readOnlyLsn;
        this.lastWritten = lastWritten;
        this.n = (int) frames;
        this.memory = PoolMemory.allocate(this, n * PageSource.PAGE_SIZE); // not zeroed: every frame is written whole first
        keys = new long[2 * n];
        words = new int[STRIDE * n];
        latches = new FrameLatches(words, LATCH, STRIDE, n);
        pageLsn = new long[n];
        final int size = Integer.highestOneBit(n * 2) << 1;
        table = new int[size];
        tableMask = size - 1;
    }

    private static int w(final int frame, final int field) {
        return frame * STRIDE + field;
    }

    private int slot(final long hi, final long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        return (int) h & tableMask;
    }

    private int lookup(final long hi, final long lo) {
        for (int s = slot(hi, lo);; s = (s + 1) & tableMask) {
            final int e = table[s];
            if (e == 0) {
                return -1;
            }
            if (keys[2 * (e - 1)] == hi && keys[2 * (e - 1) + 1] == lo) {
                return e - 1;
            }
        }
    }

    private void insert(final int b) {
        int s = slot(keys[2 * b], keys[2 * b + 1]);
        while (table[s] != 0) {
            s = (s + 1) & tableMask;
        }
        table[s] = b + 1;
        words[w(b, MAPPED)] = 1;
    }

    private void remove(final int b) {
        int s = slot(keys[2 * b], keys[2 * b + 1]);
        while (table[s] != b + 1) {
            s = (s + 1) & tableMask;
        }
        table[s] = 0;
        words[w(b, MAPPED)] = 0;
        // backward-shift deletion keeps every probe chain unbroken
        int hole = s;
        for (int j = (s + 1) & tableMask; table[j] != 0; j = (j + 1) & tableMask) {
            final int e = table[j] - 1;
            final int home = slot(keys[2 * e], keys[2 * e + 1]);
            final boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                table[hole] = table[j];
                table[j] = 0;
                hole = j;
            }
        }
    }

    /** Claims an unpinned frame (its pin count becomes -1, so no lock-free hit can pin it). Under the lock. */
    private int victim() {
        for (int i = 0; i < n * (MAX_USAGE + 2); i++) {
            final int b = hand;
            hand = hand + 1 == n ? 0 : hand + 1;
            if ((int) INTS.getVolatile(words, w(b, PIN)) == 0) {
                if (words[w(b, USAGE)] == 0) {
                    if (INTS.compareAndSet(words, w(b, PIN), 0, -1)) {
                        return b;
                    }
                    continue;
                }
                words[w(b, USAGE)]--;
            }
        }
        throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "buffer pool exhausted: every page is pinned", "pages", n);
    }

    @Override
    public int pin(final long hi, final long lo) {
        return pin(hi, lo, false);
    }

    @Override
    public int pinNew(final long hi, final long lo) {
        return pin(hi, lo, true);
    }

    /** A lock-free hit: the pinned frame holding the loaded page, or -1 (then take the locked path). */
    private int pinCached(final long hi, final long lo) {
        int s = slot(hi, lo);
        for (int probe = 0; probe < FAST_PROBES; probe++, s = (s + 1) & tableMask) {
            final int e = (int) INTS.getAcquire(table, s);
            if (e == 0) {
                return -1;
            }
            final int b = e - 1;
            if (keys[2 * b] != hi || keys[2 * b + 1] != lo) {
                continue;
            }
            return pinIfHolds(b, hi, lo);
        }
        return -1;
    }

    /**
     * Pins frame {@code b} if it holds page (hi, lo), loaded: the frame, or -1 (nothing pinned). This is how a
     * caller that remembers where a page was (a B-tree's block-to-frame hint) skips the key table: a stale
     * hint, a frame evicted and reused since, is only a -1. The key is checked again once the frame is pinned,
     * because a pinned frame cannot be given another page, and a frame that holds the key holds the page
     * (the pool keeps one frame per key); so no generation count is needed.
     */
    public int pinIfHolds(final int b, final long hi, final long lo) {
        if (b < 0 || b >= n || keys[2 * b] != hi || keys[2 * b + 1] != lo) {
            return -1;
        }
        for (;;) {
            final int p = (int) INTS.getVolatile(words, w(b, PIN));
            if (p < 0) {
                return -1; // being evicted
            }
            if (INTS.compareAndSet(words, w(b, PIN), p, p + 1)) {
                break;
            }
        }
        // pinned: the frame cannot be evicted now; it must still hold this key, loaded
        if ((int) INTS.getVolatile(words, w(b, VALID)) != 0
            && (int) INTS.getVolatile(words, w(b, MAPPED)) != 0
            && keys[2 * b] == hi && keys[2 * b + 1] == lo) {
            if (words[w(b, USAGE)] < MAX_USAGE) {
                words[w(b, USAGE)]++;
            }
            hits.increment();
            return b;
        }
        INTS.getAndAdd(words, w(b, PIN), -1);
        return -1;
    }

    private int pin(final long hi, final long lo, final boolean fresh) {
        final int cached = pinCached(hi, lo);
        if (cached >= 0) {
            return cached;
        }
        final int b;
        final long victimLsn;
        lock.lock();
        try {
            for (;;) {
                final int found = lookup(hi, lo);
                if (found < 0) {
                    break;
                }
                INTS.getAndAdd(words, w(found, PIN), 1);
                if (words[w(found, USAGE)] < MAX_USAGE) {
                    words[w(found, USAGE)]++;
                }
                while (words[w(found, VALID)] == 0 && words[w(found, MAPPED)] != 0 && keys[2 * found] == hi
                    && keys[2 * found + 1] == lo) {
                    loaded.awaitUninterruptibly();
                }
                if (words[w(found, VALID)] != 0 && words[w(found, MAPPED)] != 0 && keys[2 * found] == hi
                    && keys[2 * found + 1] == lo) {
                    hits.increment();
                    return found;
                }
                INTS.getAndAdd(words, w(found, PIN), -1); // its load failed: try again
            }
            b = victim();
            victimLsn = words[w(b, MAPPED)] != 0 ? pageLsn[b] : 0;
            INTS.setVolatile(words, w(b, VALID), 0);
            if (words[w(b, MAPPED)] != 0) {
                if (victimLsn != 0 && lastWritten != null) {
                    // the page's next miss must read it at its last change (kept in pageLsn while it was pooled)
                    lastWritten.put(keys[2 * b], keys[2 * b + 1], victimLsn);
                }
                remove(b);
            }
            keys[2 * b] = hi;
            keys[2 * b + 1] = lo;
            insert(b);
            words[w(b, USAGE)] = 1;
            pageLsn[b] = 0;
            misses++;
            INTS.setVolatile(words, w(b, PIN), 1); // publishes the key: a lock-free hit may pin it now, and waits for valid
        } finally {
            lock.unlock();
        }
        boolean ok = false;
        try {
            if (wal != null && victimLsn > wal.durableLsn()) {
                wal.awaitDurable(victimLsn);
            }
            final int offset = b * PageSource.PAGE_SIZE;
            if (fresh) {
                memory.setMemory(offset, PageSource.PAGE_SIZE, (byte) 0);
            } else {
                source.getPage(hi, lo, readLsn(hi, lo), memory, offset);
            }
            ok = true;
        } finally {
            lock.lock();
            try {
                if (ok) {
                    INTS.setVolatile(words, w(b, VALID), 1);
                } else {
                    remove(b);
                    INTS.getAndAdd(words, w(b, PIN), -1); // the loader's pin (a lock-free hit may hold one briefly)
                    words[w(b, USAGE)] = 0;
                    INTS.setVolatile(words, w(b, VALID), 1);
                }
                loaded.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return b;
    }

    /** The LSN a miss of this key reads at. */
    public long readLsn(final long hi, final long lo) {
        if (wal == null) {
            return readOnlyLsn;
        }
        final long lsn = lastWritten.get(hi, lo);
        if (lsn > wal.durableLsn()) {
            wal.awaitDurable(Math.min(lsn, wal.endLsn()));
        }
        return lsn;
    }

    @Override
    public void unpin(final int buffer) {
        for (;;) {
            final int p = (int) INTS.getVolatile(words, w(buffer, PIN));
            if (p <= 0) {
                throw StratumException.of(ErrorCode.INTERNAL, "unpin of an unpinned buffer", "buffer", buffer);
            }
            if (INTS.compareAndSet(words, w(buffer, PIN), p, p - 1)) {
                return;
            }
        }
    }

    @Override
    public MutableDirectBuffer page(final int buffer) {
        return memory;
    }

    @Override
    public int pageOffset(final int buffer) {
        return buffer * PageSource.PAGE_SIZE;
    }

    @Override
    public void latchShared(final int buffer) {
        latches.latchShared(buffer);
    }

    @Override
    public void latchExclusive(final int buffer) {
        latches.latchExclusive(buffer);
    }

    @Override
    public void unlatch(final int buffer) {
        latches.unlatch(buffer);
    }

    @Override
    public void markDirty(final int buffer, final long lsn) {
        // the last-written-LSN cache answers only misses: the page's LSN goes there when it leaves the pool
        // (a put per change, under the cache's monitor, was 6% of a B-tree insert)
        pageLsn[buffer] = lsn;
    }

    /** LSN of the last record applied to the pinned page in this pool (0 when unchanged since it was read). */
    public long pageLsn(final int buffer) {
        return pageLsn[buffer];
    }

    /** Key halves of a pinned buffer. */
    public long keyHi(final int buffer) {
        return keys[2 * buffer];
    }

    public long keyLo(final int buffer) {
        return keys[2 * buffer + 1];
    }

    /** Calls {@code visitor} with each cached page's key and buffer (for tests and tools); pins each while visiting. */
    public void forEachCached(final PageVisitor visitor) {
        for (int b = 0; b < n; b++) {
            final long hi;
            final long lo;
            lock.lock();
            try {
                if (words[w(b, MAPPED)] == 0 || words[w(b, VALID)] == 0) {
                    continue;
                }
                hi = keys[2 * b];
                lo = keys[2 * b + 1];
                INTS.getAndAdd(words, w(b, PIN), 1);
            } finally {
                lock.unlock();
            }
            try {
                latchShared(b);
                try {
                    visitor.visit(hi, lo, memory, pageOffset(b));
                } finally {
                    unlatch(b);
                }
            } finally {
                unpin(b);
            }
        }
    }

    /** See {@link #forEachCached}. */
    @FunctionalInterface
    public interface PageVisitor {
        void visit(long hi, long lo, org.agrona.DirectBuffer page, int offset);
    }

    @Override
    public long hits() {
        return hits.sum();
    }

    @Override
    public long misses() {
        lock.lock();
        try {
            return misses;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int capacity() {
        return n;
    }

    public LastWrittenLsnCache lastWritten() {
        return lastWritten;
    }
}
