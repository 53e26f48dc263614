package io.stratum.compute;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.WalSink;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backpressure from the page server's ingest: a {@link WalSink} that holds an append back while the page
 * server has ingested the timeline to less than {@code startLsn - maxLagBytes}, as Neon's compute waits
 * while the pageserver's applied LSN lags more than {@code max_replication_apply_lag}. Without it a bulk
 * load ran 178 MB ahead of ingest, and the next read at a page's last-written LSN waited for that WAL past
 * its timeout (perf/RESULTS.md, the 10 GiB branch bench).
 * <p>The {@code SinkWalWriter} in front of this sink has one append in flight and two bounded buffers, so an
 * append held here stops writers once both buffers are full and makes commits wait: the compute slows down
 * to what the page server keeps up with, and a read never finds ingest more than about {@code maxLagBytes}
 * behind.
 * <p>How: the last ingested LSN the page server reported is kept; an append within the lag of it goes
 * straight to the sink. One beyond it is copied (the caller may reuse its buffer once {@code append}
 * returns) and sent from this sink's thread once the page server says it has ingested enough. Asking is a
 * WAIT_LSN request, which blocks on the page server until the LSN is there, so nothing polls. Its caller
 * must have at most one append outstanding, as {@code SinkWalWriter} has.
 * <p>When the page server cannot be asked (down, restarting) or its ingest makes no progress for
 * {@code stallMillis}, the held append is let through and appends are not held for the next
 * {@code stallMillis}: the WAL service still makes them durable, and reads report the page server's state
 * themselves. Holding writes for a page server that does not move would stop the database for nothing.
 * <p>Threads: one, {@code stratum-backpressure}, started with the sink and stopped by {@link #close()}.
 */
final class IngestBackpressure implements WalSink {
    private static final Logger LOG = LoggerFactory.getLogger(IngestBackpressure.class);

    /** How long one WAIT_LSN request waits on the page server before the progress check. */
    static final long PROBE_MILLIS = 1_000;

    /** What the page server has ingested of the timeline. */
    interface Probe {
        /**
         * Waits until the timeline is ingested up to {@code lsn}, at most {@code waitMillis}, and returns the
         * last ingested LSN ({@code PageClient.waitForLsn}).
         *
         * @throws StratumException TIMEOUT when it was not ingested in time; any other code when the page
         *     server could not be asked
         */
        long waitIngested(long lsn, long waitMillis);
    }

    /** Appends held back, and the time they were held, over all sinks of a compute (its metrics). */
    static final class Stats {
        final LongAdder held = new LongAdder();
        final LongAdder heldNanos = new LongAdder();
        final LongAdder stalls = new LongAdder();
    }

    private final WalSink sink;
    private final Probe probe;
    private final long maxLagBytes;
    private final long stallNanos;
    private final Stats stats;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Thread thread;
    private volatile long ingested;
    private volatile long passUntilNanos;
    private UnsafeBuffer copy;
    private long heldStart;
    private int heldLength;
    private long heldSince;
    private CompletableFuture<Long> heldResult;
    private boolean closed;

    /**
     * @param sink where appends go
     * @param probe asks the page server what it has ingested of the sink's timeline
     * @param maxLagBytes how far (in WAL bytes) an append may start beyond what the page server has ingested
     * @param stallMillis how long ingest may make no progress before appends are let through (positive)
     * @param name names the timeline in log lines
     */
    IngestBackpressure(final WalSink sink, final Probe probe, final long maxLagBytes, final long stallMillis,
                       final Stats stats, final String name) {
        if (maxLagBytes < 1 || stallMillis < 1) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "ingest lag and stall time must be positive",
                "maxLagBytes", maxLagBytes, "stallMillis", stallMillis);
        }
        this.sink = sink;
        this.probe = probe;
        this.maxLagBytes = maxLagBytes;
        this.stallNanos = stallMillis * 1_000_000L;
        this.stats = stats;
        this.name = name;
        this.ingested = sink.endLsn();
        this.passUntilNanos = System.nanoTime();
        this.thread = new Thread(this::run, "stratum-backpressure");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public CompletableFuture<Long> append(final long startLsn, final DirectBuffer buffer, final int offset,
                                          final int length) {
        if (startLsn - ingested <= maxLagBytes || System.nanoTime() - passUntilNanos < 0) {
            return sink.append(startLsn, buffer, offset, length);
        }
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(StratumException.of(ErrorCode.CLOSED, "WAL sink is closed"));
            }
            if (heldResult != null) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT,
                    "an append is already held back for the page server's ingest", "timeline", name,
                    "heldStart", Lsn.format(heldStart), "startLsn", Lsn.format(startLsn));
            }
            if (copy == null || copy.capacity() < length) {
                copy = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(length, 1 << 20)));
            }
            copy.putBytes(0, buffer, offset, length);
            heldStart = startLsn;
            heldLength = length;
            heldSince = System.nanoTime();
            heldResult = new CompletableFuture<>();
            work.signal();
            return heldResult;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long endLsn() {
        return sink.endLsn();
    }

    /** The last ingested LSN the page server reported. */
    long ingestedLsn() {
        return ingested;
    }

    private void run() {
        for (;;) {
            final long start;
            lock.lock();
            try {
                while (heldResult == null && !closed) {
                    work.awaitUninterruptibly();
                }
                if (heldResult == null) {
                    return;
                }
                start = heldStart;
            } finally {
                lock.unlock();
            }
            awaitIngest(start - maxLagBytes);
            release();
        }
    }

    /**
     * Returns once the page server has ingested {@code target}, or when it cannot be asked, makes no
     * progress for the stall time, or this sink closes.
     */
    private void awaitIngest(final long target) {
        long seen = ingested;
        long progressAt = System.nanoTime();
        while (!isClosed()) {
            try {
                ingested = Math.max(ingested, probe.waitIngested(target, PROBE_MILLIS));
                return;
            } catch (final StratumException e) {
                if (e.code() != ErrorCode.TIMEOUT) {
                    stall("the page server could not be asked what it has ingested: " + e.getMessage());
                    return;
                }
            }
            final long now;
            try {
                now = probe.waitIngested(0, 0);
            } catch (final StratumException e) {
                stall("the page server could not be asked what it has ingested: " + e.getMessage());
                return;
            }
            ingested = Math.max(ingested, now);
            if (now > seen) {
                seen = now;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt >= stallNanos) {
                stall("the page server's ingest made no progress for " + stallNanos / 1_000_000 + " ms at "
                    + Lsn.format(now));
                return;
            }
        }
    }

    private void stall(final String why) {
        stats.stalls.increment();
        passUntilNanos = System.nanoTime() + stallNanos;
        LOG.warn("timeline {}: {}; WAL appends are not held back for the next {} ms", name, why,
            stallNanos / 1_000_000);
    }

    /** Sends the held append (this sink's thread); the next one may be held as soon as the sink has it. */
    private void release() {
        final CompletableFuture<Long> result;
        final long start;
        final int length;
        lock.lock();
        try {
            result = heldResult;
            start = heldStart;
            length = heldLength;
            stats.held.increment();
            stats.heldNanos.add(System.nanoTime() - heldSince);
        } finally {
            lock.unlock();
        }
        CompletableFuture<Long> f;
        try {
            f = sink.append(start, copy, 0, length);
        } catch (final RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        lock.lock();
        try {
            heldResult = null; // the sink has copied or sent the bytes: the buffer is free again
        } finally {
            lock.unlock();
        }
        f.whenComplete((end, ex) -> {
            if (ex != null) {
                result.completeExceptionally(ex);
            } else {
                result.complete(end);
            }
        });
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread (a held append is sent first, without waiting for ingest) and closes the sink. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(PROBE_MILLIS * 5);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
    }
}
