package io.stratum.mvcc.pool;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The read-write latches of the pool's frames, one int per frame in an array the pool shares (frame
 * {@code b}'s latch word is at {@code base + stride * b}, next to its pin count, so a pin and a latch touch
 * one cache line), instead of a {@code ReentrantReadWriteLock} object graph per frame (three dependent
 * loads before its state word: a latch was the larger half of a cached B-tree page access).
 *
 * <pre>
 *  31  30   29 ........ 16   15 ......... 0
 * +---+----+---------------+----------------+
 * | 0 |wait| writer holds  | reader holds   |
 * +---+----+---------------+----------------+
 * </pre>
 * An uncontended latch or unlatch is one CAS. A thread that must wait spins briefly, then sets {@code wait}
 * and waits on one of 64 monitors (frame number mod 64) under which it set the bit; an unlatch that sees
 * the bit clears it and wakes that monitor's waiters, who look again. As with {@code ReentrantReadWriteLock}:
 * a writer may latch its frame again (shared or exclusive), shared latches nest, a shared holder asking for
 * the exclusive latch waits for itself (callers never upgrade). No writer preference. Uninterruptible.
 * <p>Threads: none.
 */
final class FrameLatches {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int READER = 1;
    private static final int READERS = 0xFFFF;
    private static final int WRITER = 1 << 16;
    private static final int WRITERS = 0x3FFF << 16;
    private static final int WAIT = 1 << 30;
    private static final int SPINS = 100;
    private static final int STRIPES = 64;

    private final int[] words;
    private final int base;
    private final int stride;
    private final Thread[] owners;
    private final Object[] monitors = new Object[STRIPES];

    FrameLatches(final int[] words, final int base, final int stride, final int frames) {
        this.words = words;
        this.base = base;
        this.stride = stride;
        this.owners = new Thread[frames];
        for (int i = 0; i < STRIPES; i++) {
            monitors[i] = new Object();
        }
    }

    void latchShared(final int frame) {
        final int at = base + stride * frame;
        final int s = (int) INTS.getVolatile(words, at);
        if ((s & WRITERS) == 0 && (s & READERS) != READERS && INTS.compareAndSet(words, at, s, s + READER)) {
            return;
        }
        acquire(frame, at, false);
    }

    void latchExclusive(final int frame) {
        final int at = base + stride * frame;
        if (INTS.compareAndSet(words, at, 0, WRITER)) {
            owners[frame] = Thread.currentThread();
            return;
        }
        acquire(frame, at, true);
    }

    /** One attempt; true when the latch was taken (or nested in this thread's exclusive hold). */
    private boolean tryAcquire(final int frame, final int at, final boolean exclusive) {
        final int s = (int) INTS.getVolatile(words, at);
        if ((s & WRITERS) != 0) {
            if (owners[frame] != Thread.currentThread()) {
                return false;
            }
            if ((s & WRITERS) == WRITERS) {
                throw StratumException.of(ErrorCode.INTERNAL, "page latch held too often", "frame", frame);
            }
            return INTS.compareAndSet(words, at, s, s + WRITER); // only the waiting bit can change meanwhile
        }
        if (exclusive) {
            if ((s & READERS) != 0 || !INTS.compareAndSet(words, at, s, s + WRITER)) {
                return false;
            }
            owners[frame] = Thread.currentThread();
            return true;
        }
        if ((s & READERS) == READERS) {
            throw StratumException.of(ErrorCode.INTERNAL, "page latch held too often", "frame", frame);
        }
        return INTS.compareAndSet(words, at, s, s + READER);
    }

    private void acquire(final int frame, final int at, final boolean exclusive) {
        for (int i = 0; i < SPINS; i++) {
            if (tryAcquire(frame, at, exclusive)) {
                return;
            }
            Thread.onSpinWait();
        }
        boolean interrupted = false;
        final Object m = monitors[frame & (STRIPES - 1)];
        synchronized (m) {
            while (!tryAcquire(frame, at, exclusive)) {
                final int s = (int) INTS.getVolatile(words, at);
                if (!blocks(frame, s, exclusive)) {
                    continue;
                }
                // the bit is set from a state that blocks us, so the unlatch that ends it sees the bit and
                // notifies under this monitor, which we hold until wait() releases it
                if ((s & WAIT) == 0 && !INTS.compareAndSet(words, at, s, s | WAIT)) {
                    continue;
                }
                try {
                    m.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean blocks(final int frame, final int s, final boolean exclusive) {
        if ((s & WRITERS) != 0) {
            return owners[frame] != Thread.currentThread();
        }
        return exclusive && (s & READERS) != 0;
    }

    /** Releases one hold of the calling thread's (its exclusive hold when it has one, else a shared one). */
    void unlatch(final int frame) {
        final int at = base + stride * frame;
        int s = (int) INTS.getVolatile(words, at);
        final int dec;
        if ((s & WRITERS) != 0) {
            dec = WRITER;
            if ((s & WRITERS) == WRITER) {
                owners[frame] = null; // before the release (only the waiting bit changes until then)
            }
        } else if ((s & READERS) != 0) {
            dec = READER;
        } else {
            throw StratumException.of(ErrorCode.INTERNAL, "unlatch of a page not latched", "frame", frame);
        }
        while (!INTS.compareAndSet(words, at, s, s - dec)) {
            s = (int) INTS.getVolatile(words, at); // a waiter set its bit, or another reader came or went
        }
        final int next = s - dec;
        if ((next & WAIT) != 0 && (next & WRITERS) == 0) {
            wake(frame, at);
        }
    }

    private void wake(final int frame, final int at) {
        final Object m = monitors[frame & (STRIPES - 1)];
        synchronized (m) {
            for (;;) {
                final int s = (int) INTS.getVolatile(words, at);
                if ((s & WAIT) == 0 || INTS.compareAndSet(words, at, s, s & ~WAIT)) {
                    break;
                }
            }
            m.notifyAll();
        }
    }

    /** Whether the calling thread holds the frame's exclusive latch. */
    boolean heldExclusively(final int frame) {
        final int s = (int) INTS.getVolatile(words, base + stride * frame);
        return (s & WRITERS) != 0 && owners[frame] == Thread.currentThread();
    }
}
