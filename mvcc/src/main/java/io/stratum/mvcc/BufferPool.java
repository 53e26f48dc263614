package io.stratum.mvcc;

import org.agrona.MutableDirectBuffer;

/**
 * The compute's page cache, bounded in bytes: pin/unpin, shared and exclusive page latches, clock-sweep
 * eviction. A miss reads {@link io.stratum.engine.PageSource#getPage} at the page's last-written LSN
 * (kept in a bounded cache; evicted entries fold into one maximum). A dirty page leaves the pool only
 * once the WAL that changed it is durable. Buffers are small ints; page bytes live in one off-heap area.
 * Thread-safe.
 */
public interface BufferPool {
    /** Pins the page of key {@code (keyHi, keyLo)}, reading it if it is not cached; returns its buffer. */
    int pin(long keyHi, long keyLo);

    /** Pins a zero-filled page for a block being created (no read); the caller initialises and logs it. */
    int pinNew(long keyHi, long keyLo);

    void unpin(int buffer);

    /** The memory of a pinned buffer: 8192 bytes at {@link #pageOffset}. */
    MutableDirectBuffer page(int buffer);

    int pageOffset(int buffer);

    void latchShared(int buffer);

    void latchExclusive(int buffer);

    void unlatch(int buffer);

    /**
     * Records that a WAL record ending at {@code lsn} changed the pinned, exclusively latched page: it is
     * dirty until {@code lsn} is durable, and its last-written LSN becomes {@code lsn}.
     */
    void markDirty(int buffer, long lsn);

    /** Pins hit in the pool so far. */
    long hits();

    /** Pins that had to read the page. */
    long misses();

    /** Capacity in pages. */
    int capacity();
}
