package io.stratum.mvcc;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.WalSink;
import io.stratum.wal.codec.WalRecord;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link WalWriter} over a {@link WalSink}: records are copied into a bounded buffer and streamed in
 * batches by one background thread; while one batch is in flight the next one fills (double buffering),
 * so concurrent committers waiting in {@link #awaitDurable} share appends (group commit). An append that
 * finds the buffer full blocks until the flusher swaps it. After a failed append the writer is failed for
 * good. Threads: one, {@code stratum-walwriter}, stopped (after draining) by {@link #close()}.
 */
public final class SinkWalWriter implements WalWriter {
    /**
     * Default bytes per batch buffer (two are allocated): one batch is one append, and the WAL service takes
     * appends of at most 1 MiB (WalClientConfig.maxAppendBytes), so a batch must not be larger.
     */
    public static final int DEFAULT_BUFFER_BYTES = 1 << 20;

    private final WalSink sink;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition durableChanged = lock.newCondition();
    private final Thread flusher;
    private UnsafeBuffer active;
    private UnsafeBuffer spare;
    private int activeLength;
    private long activeStart;
    private long end;
    private volatile long durable;
    private volatile StratumException failure;
    private boolean closed;

    /** A writer with {@link #DEFAULT_BUFFER_BYTES} per batch buffer. */
    public SinkWalWriter(final WalSink sink) {
        this(sink, DEFAULT_BUFFER_BYTES);
    }

    /**
     * @param sink where batches go; its {@link WalSink#endLsn()} is where the first record starts
     * @param bufferBytes bytes per batch buffer, at least the largest record (1 MiB)
     */
    public SinkWalWriter(final WalSink sink, final int bufferBytes) {
        if (sink == null || bufferBytes < WalRecord.DEFAULT_MAX_RECORD_LENGTH) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "WAL writer needs a sink and a buffer of at least 1 MiB",
                "field", "bufferBytes", "value", bufferBytes);
        }
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
            while (durable < lsn) {
                if (failure != null) {
                    throw StratumException.of(ErrorCode.FAILED, "WAL writer failed", "cause", failure.getMessage());
                }
                if (lsn > end) {
                    throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "LSN beyond the end of the WAL written",
                        "lsn", lsn, "end", end);
                }
                if (closed && activeLength == 0 && !flusher.isAlive()) {
                    throw StratumException.of(ErrorCode.CLOSED, "WAL writer is closed");
                }
                durableChanged.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
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

    private void run() {
        for (;;) {
            final UnsafeBuffer batch;
            final int length;
            final long start;
            lock.lock();
            try {
                while (activeLength == 0 && !closed) {
                    notEmpty.awaitUninterruptibly();
                }
                if (activeLength == 0) {
                    durableChanged.signalAll();
                    return;
                }
                batch = active;
                active = spare;
                spare = batch;
                length = activeLength;
                start = activeStart;
                activeStart = end;
                activeLength = 0;
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                final long e = sink.append(start, batch, 0, length).get();
                lock.lock();
                try {
                    durable = e;
                    durableChanged.signalAll();
                } finally {
                    lock.unlock();
                }
            } catch (final ExecutionException | RuntimeException | InterruptedException ex) {
                final Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
                lock.lock();
                try {
                    failure = cause instanceof StratumException se ? se
                        : StratumException.of(ErrorCode.FAILED, "WAL append failed", "cause", String.valueOf(cause));
                    durableChanged.signalAll();
                    notFull.signalAll();
                } finally {
                    lock.unlock();
                }
                return;
            }
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
