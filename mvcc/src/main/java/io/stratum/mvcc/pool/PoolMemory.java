package io.stratum.mvcc.pool;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The off-heap area of a buffer pool, taken from the allocator without being zero-filled first (a pool
 * writes every frame whole before it is read: a page read, or zeros for a new block). The operating system
 * maps the area's pages on first touch, so opening a store costs what it uses, not its size: a
 * {@code ByteBuffer.allocateDirect} of 128 MiB wrote all of it and took 70-110 ms on a shared 2-core
 * machine, most of the time a compute took to answer the first query on a new branch. The area is freed
 * once its pool is unreachable, as a direct buffer's is; when the areas not yet freed pass the JVM's
 * default direct-memory limit (its maximum heap), a new area first asks for a collection, as the JDK does
 * for direct buffers. Threads: one shared daemon ({@code stratum-pool-cleaner}) frees unreachable areas.
 */
final class PoolMemory {
    private static final sun.misc.Unsafe UNSAFE = RawMemory.UNSAFE;
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        final Thread t = new Thread(r, "stratum-pool-cleaner");
        t.setDaemon(true);
        return t;
    });
    private static final AtomicLong RESERVED = new AtomicLong();

    private PoolMemory() {
    }

    /** An area of {@code bytes} (not zeroed), freed once {@code owner} is unreachable. */
    static UnsafeBuffer allocate(final Object owner, final int bytes) {
        if (RESERVED.get() + bytes > Runtime.getRuntime().maxMemory()) {
            System.gc(); // unreachable pools free their areas (through the cleaner)
        }
        final long address;
        try {
            address = UNSAFE.allocateMemory(bytes);
        } catch (final OutOfMemoryError e) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "cannot allocate the buffer pool", "bytes", bytes);
        }
        RESERVED.addAndGet(bytes);
        CLEANER.register(owner, new Free(address, bytes));
        return new UnsafeBuffer(address, bytes);
    }

    /** Bytes allocated to pools and not freed yet. */
    static long reserved() {
        return RESERVED.get();
    }

    private record Free(long address, int bytes) implements Runnable {
        @Override
        public void run() {
            UNSAFE.freeMemory(address);
            RESERVED.addAndGet(-bytes);
        }
    }
}
