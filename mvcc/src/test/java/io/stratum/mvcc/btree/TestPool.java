package io.stratum.mvcc.btree;

import io.stratum.engine.key.PageKey;
import io.stratum.mvcc.BufferPool;
import java.util.concurrent.locks.StampedLock;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A test-only buffer pool: a fixed array of pages with no eviction (a missing page reads as zeros),
 * StampedLock latches, and checks that catch misuse (unpin below zero, latching an unpinned page, marking
 * a page dirty without its exclusive latch).
 */
final class TestPool implements BufferPool {
    private final int capacity;
    private final UnsafeBuffer memory;
    private final long[] keyHi;
    private final long[] keyLo;
    private final int[] pins;
    private final long[] lsns;
    private final StampedLock[] latches;
    private final Long2ObjectHashMap<Long2LongHashMap> map = new Long2ObjectHashMap<>();
    private int used;
    private long hits;
    private long misses;

    TestPool(final int capacity) {
        this.capacity = capacity;
        this.memory = new UnsafeBuffer(new byte[capacity * PageKey.PAGE_SIZE]);
        this.keyHi = new long[capacity];
        this.keyLo = new long[capacity];
        this.pins = new int[capacity];
        this.lsns = new long[capacity];
        this.latches = new StampedLock[capacity];
        for (int i = 0; i < capacity; i++) {
            latches[i] = new StampedLock();
        }
    }

    @Override
    public synchronized int pin(final long hi, final long lo) {
        final Long2LongHashMap m = map.get(hi);
        final long found = m == null ? -1 : m.get(lo);
        if (found >= 0) {
            hits++;
            pins[(int) found]++;
            return (int) found;
        }
        misses++;
        return add(hi, lo);
    }

    @Override
    public synchronized int pinNew(final long hi, final long lo) {
        final Long2LongHashMap m = map.get(hi);
        final long found = m == null ? -1 : m.get(lo);
        if (found >= 0) {
            memory.setMemory(pageOffset((int) found), PageKey.PAGE_SIZE, (byte) 0);
            pins[(int) found]++;
            return (int) found;
        }
        return add(hi, lo);
    }

    private int add(final long hi, final long lo) {
        if (used == capacity) {
            throw new IllegalStateException("test pool full: " + capacity + " pages");
        }
        final int buf = used++;
        keyHi[buf] = hi;
        keyLo[buf] = lo;
        pins[buf] = 1;
        Long2LongHashMap m = map.get(hi);
        if (m == null) {
            m = new Long2LongHashMap(2 * capacity, 0.6f, -1); // sized up front: no growth while measuring allocation
            map.put(hi, m);
        }
        m.put(lo, buf);
        return buf;
    }

    @Override
    public synchronized void unpin(final int buffer) {
        if (pins[buffer] <= 0) {
            throw new IllegalStateException("unpin of an unpinned buffer " + buffer);
        }
        pins[buffer]--;
    }

    @Override
    public MutableDirectBuffer page(final int buffer) {
        return memory;
    }

    @Override
    public int pageOffset(final int buffer) {
        return buffer * PageKey.PAGE_SIZE;
    }

    @Override
    public void latchShared(final int buffer) {
        checkPinned(buffer);
        latches[buffer].readLock();
    }

    @Override
    public void latchExclusive(final int buffer) {
        checkPinned(buffer);
        latches[buffer].writeLock();
    }

    @Override
    public void unlatch(final int buffer) {
        final StampedLock l = latches[buffer];
        if (l.isWriteLocked()) {
            l.tryUnlockWrite();
        } else if (!l.tryUnlockRead()) {
            throw new IllegalStateException("unlatch of an unlatched buffer " + buffer);
        }
    }

    private synchronized void checkPinned(final int buffer) {
        if (pins[buffer] <= 0) {
            throw new IllegalStateException("latch of an unpinned buffer " + buffer);
        }
    }

    @Override
    public void markDirty(final int buffer, final long lsn) {
        if (!latches[buffer].isWriteLocked()) {
            throw new IllegalStateException("markDirty without the exclusive latch on buffer " + buffer);
        }
        lsns[buffer] = lsn;
    }

    @Override
    public synchronized long hits() {
        return hits;
    }

    @Override
    public synchronized long misses() {
        return misses;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** Pins held right now over all buffers (0 when every operation released what it pinned). */
    synchronized int pinned() {
        int n = 0;
        for (int i = 0; i < used; i++) {
            n += pins[i];
        }
        return n;
    }

    /** Whether any latch is held. */
    boolean anyLatched() {
        for (int i = 0; i < capacity; i++) {
            if (latches[i].isReadLocked() || latches[i].isWriteLocked()) {
                return true;
            }
        }
        return false;
    }

    synchronized int used() {
        return used;
    }

    long keyHi(final int buffer) {
        return keyHi[buffer];
    }

    long keyLo(final int buffer) {
        return keyLo[buffer];
    }

    long lsn(final int buffer) {
        return lsns[buffer];
    }
}
