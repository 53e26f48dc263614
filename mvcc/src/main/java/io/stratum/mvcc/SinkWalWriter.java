package io.stratum.mvcc;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.WalSink;
import io.stratum.wal.codec.WalRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link WalWriter} over a {@link WalSink}: records are copied into a bounded buffer and sent in batches,
 * one batch in flight at a time; while one batch is in flight the next one fills (double buffering), so
 * concurrent committers waiting in {@link #awaitDurable} share appends (group commit). An append that finds
 * the buffer full blocks until the batch in flight completes. After a failed append the writer is failed for
 * good.
 * <p>When a batch goes: as soon as someone waits for an LSN in it ({@link #awaitDurable}: a commit, an
 * eviction, a read at a page's last-written LSN), when it holds {@code flushBytes}, or {@code linger}
 * after its first record. So a transaction's records and its commit record travel in one append instead
 * of the records leaving alone and the commit waiting for that append's round trip before its own
 * (measured: an autocommit UPDATE paid two WAL round trips). Records still stream while a large
 * transaction runs, and at most {@code linger} late when nobody waits.
 * <p>Who sends: a demanded batch is sent by the thread that demands it when nothing is in flight, else by
 * the thread that completes the batch in flight (the sink's callback); neither hands off to another
 * thread, so a commit's critical path has no wake-up of a writer thread in it (each such hand-off waits
 * for a core on a loaded machine). The writer's own thread sends only what nobody waits for: full batches
 * and batches whose linger ran out, and what is left at {@link #close()}.
 * <p>Threads: one, {@code stratum-walwriter}, stopped (after draining) by {@link #close()}; sends also run on
 * committing threads and on the sink's completion threads.
 */
public final class SinkWalWriter implements WalWriter {
    /**
     * Default bytes per batch buffer (two are allocated): one batch is one append, and the WAL service takes
     * appends of at most 1 MiB (WalClientConfig.maxAppendBytes), so a batch must not be larger.
     */
    public static final int DEFAULT_BUFFER_BYTES = 1 << 20;
    /** Default batch size that is sent without anyone waiting for it. */
    public static final int DEFAULT_FLUSH_BYTES = 256 << 10;
    /** Default longest time a record waits in the buffer when nobody asks for it. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);

    private final WalSink sink;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition durableChanged = lock.newCondition();
    private final Thread flusher;
    private final int flushBytes;
    private final long lingerNanos;
    private UnsafeBuffer active;
    private UnsafeBuffer spare;
    private int activeLength;
    private long activeStart;
    private long activeSince;       // nanoTime of the active batch's first record
    private long demand;            // the highest LSN someone waits for
    private boolean inFlight;       // a batch was handed to the sink and has not completed
    private UnsafeBuffer flight;    // that batch's buffer (the spare until it completes)
    private long flightStart;
    private int flightLength;
    private long end;
    private volatile long durable;
    private volatile StratumException failure;
    private boolean closed;

    /** A writer with {@link #DEFAULT_BUFFER_BYTES} per batch buffer. */
    public SinkWalWriter(final WalSink sink) {
        this(sink, DEFAULT_BUFFER_BYTES);
    }

    /**
     * A writer with the default flush size and linger.
     *
     * @param sink where batches go; its {@link WalSink#endLsn()} is where the first record starts
     * @param bufferBytes bytes per batch buffer, at least the largest record (1 MiB)
     */
    public SinkWalWriter(final WalSink sink, final int bufferBytes) {
        this(sink, bufferBytes, DEFAULT_FLUSH_BYTES, DEFAULT_LINGER);
    }

    /**
     * @param sink where batches go; its {@link WalSink#endLsn()} is where the first record starts
     * @param bufferBytes bytes per batch buffer, at least the largest record (1 MiB)
     * @param flushBytes a batch this large is sent without anyone waiting for it (1 to bufferBytes)
     * @param linger how long a record may wait in the buffer when nobody asks for it (positive)
     */
    public SinkWalWriter(final WalSink sink, final int bufferBytes, final int flushBytes, final Duration linger) {
        if (sink == null || bufferBytes < WalRecord.DEFAULT_MAX_RECORD_LENGTH) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "WAL writer needs a sink and a buffer of at least 1 MiB",
                "field", "bufferBytes", "value", bufferBytes);
        }
        if (flushBytes < 1 || flushBytes > bufferBytes) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "flush size must be between 1 and the buffer size",
                "field", "flushBytes", "value", flushBytes, "bufferBytes", bufferBytes);
        }
        if (linger == null || linger.isNegative() || linger.isZero()) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "linger must be positive", "field", "linger",
                "value", String.valueOf(linger));
        }
        this.flushBytes = flushBytes;
        this.lingerNanos = linger.toNanos();
        this.sink = sink;
        this.active = new UnsafeBuffer(ByteBuffer.allocateDirect(bufferBytes));
        this.spare = new UnsafeBuffer(ByteBuffer.allocateDirect(bufferBytes));
        this.end = sink.endLsn();
        this.activeStart = end;
        this.durable = end;
        this.flusher = new Thread(this::run, "stratum-walwriter");
        flusher.setDaemon(true);
        flusher.start();
    }

    @Override
    public long append(final DirectBuffer record, final int offset, final int length) {
        lock.lock();
        try {
            for (;;) {
                checkUsable();
                if (length > active.capacity()) {
                    throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "record larger than the WAL buffer",
                        "length", length, "capacity", active.capacity());
                }
                if (activeLength + length <= active.capacity()) {
                    break;
                }
                notFull.awaitUninterruptibly();
            }
            active.putBytes(activeLength, record, offset, length);
            activeLength += length;
            end += length;
            if (activeLength == length) {
                activeSince = System.nanoTime();
                if (!inFlight) {
                    notEmpty.signal(); // the writer thread times the linger (a completion wakes it otherwise)
                }
            } else if (activeLength >= flushBytes && activeLength - length < flushBytes && !inFlight) {
                notEmpty.signal();
            }
            return end;
        } finally {
            lock.unlock();
        }
    }

    private void checkUsable() {
        if (failure != null) {
            throw StratumException.of(ErrorCode.FAILED, "WAL writer failed earlier", "cause", failure.getMessage());
        }
        if (closed) {
            throw StratumException.of(ErrorCode.CLOSED, "WAL writer is closed");
        }
    }

    @Override
    public void awaitDurable(final long lsn) {
        if (durable >= lsn) {
            return;
        }
        lock.lock();
        try {
            if (lsn > demand) {
                demand = lsn;
            }
            while (durable < lsn) {
                if (failure != null) {
                    throw StratumException.of(ErrorCode.FAILED, "WAL writer failed", "cause", failure.getMessage());
                }
                if (lsn > end) {
                    throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "LSN beyond the end of the WAL written",
                        "lsn", lsn, "end", end);
                }
                if (closed && activeLength == 0 && !inFlight && !flusher.isAlive()) {
                    throw StratumException.of(ErrorCode.CLOSED, "WAL writer is closed");
                }
                if (!inFlight && activeLength > 0 && demand > activeStart) {
                    takeLocked(); // nothing in flight: this thread sends the batch itself
                    lock.unlock();
                    try {
                        send();
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                durableChanged.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether an append failed: the writer then refuses every use, and its owner must open a new one (a new
     * writer lease, which fences this one) to go on writing.
     */
    @Override
    public boolean failed() {
        return failure != null;
    }

    @Override
    public long durableLsn() {
        return durable;
    }

    @Override
    public long endLsn() {
        lock.lock();
        try {
            return end;
        } finally {
            lock.unlock();
        }
    }

    /** Makes the active batch the one in flight and starts a new one (lock held, nothing in flight). */
    private void takeLocked() {
        flight = active;
        flightStart = activeStart;
        flightLength = activeLength;
        active = spare;
        spare = flight;
        activeStart = end;
        activeLength = 0;
        inFlight = true;
        notFull.signalAll();
    }

    /**
     * Hands the batch in flight to the sink (lock not held). A completion that finds a demanded batch waiting
     * sends it from the completing thread; one that completes at once loops here instead of recursing.
     */
    private void send() {
        for (;;) {
            CompletableFuture<Long> f;
            try {
                f = sink.append(flightStart, flight, 0, flightLength);
            } catch (final RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            if (!f.isDone()) {
                f.whenComplete((e, ex) -> {
                    if (completed(e, ex)) {
                        send();
                    }
                });
                return;
            }
            Long e = null;
            Throwable ex = null;
            try {
                e = f.join();
            } catch (final CompletionException | CancellationException x) {
                ex = x;
            }
            if (!completed(e, ex)) {
                return;
            }
        }
    }

    /** Records the completion of the batch in flight; returns whether a next batch was taken to send. */
    private boolean completed(final Long e, final Throwable ex) {
        lock.lock();
        try {
            inFlight = false;
            if (ex != null || e == null) {
                final Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                failure = cause instanceof StratumException se ? se
                    : StratumException.of(ErrorCode.FAILED, "WAL append failed", "cause", String.valueOf(cause));
                durableChanged.signalAll();
                notFull.signalAll();
                notEmpty.signalAll();
                return false;
            }
            durable = e;
            durableChanged.signalAll();
            if (activeLength == 0) {
                if (closed) {
                    notEmpty.signalAll();
                }
                return false;
            }
            if (demand > activeStart || activeLength >= flushBytes) {
                takeLocked();
                return true;
            }
            notEmpty.signal(); // records nobody waits for yet: the writer thread times their linger
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The writer thread: sends full batches, batches whose linger ran out, and what is left at close. */
    private void run() {
        for (;;) {
            lock.lock();
            try {
                for (;;) {
                    if (failure != null || closed && activeLength == 0 && !inFlight) {
                        durableChanged.signalAll();
                        return;
                    }
                    if (inFlight || activeLength == 0) {
                        notEmpty.awaitUninterruptibly();
                        continue;
                    }
                    if (closed || demand > activeStart || activeLength >= flushBytes) {
                        break;
                    }
                    final long wait = activeSince + lingerNanos - System.nanoTime();
                    if (wait <= 0) {
                        break;
                    }
                    try {
                        notEmpty.awaitNanos(wait);
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                takeLocked();
            } finally {
                lock.unlock();
            }
            send();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join(30_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
