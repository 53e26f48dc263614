package io.stratum.engine.ingest;

import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.WalSource;
import io.stratum.wal.WalStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one timeline fed from a {@link WalSource}: streams committed WAL from the timeline's last
 * ingested LSN, ingests it, and reports the timeline's {@code disk_consistent_lsn} back to the source
 * so the WAL service may truncate below it. When the stream fails (the WAL node it reads from died)
 * it reopens from the last ingested LSN after a back-off that doubles from 50 ms up to 2 s (reset once
 * a reopened stream delivers WAL); the source picks another node. An error that retrying cannot cure
 * (the timeline already FAILED, a record of an unregistered resource manager, a corrupt record, a record
 * larger than the in-memory layer, any unexpected exception from ingest) latches the timeline FAILED
 * with the reason ({@link Timeline#fail}, visible in listings, the API and metrics) and stops the
 * receiver; a closed timeline stops it quietly.
 * Threads: one, {@code stratum-walreceiver-TIMELINE}, stopped by {@link #close()} (within one poll
 * interval, 200 ms; it is never interrupted, since an interrupt closes the FileChannels it writes).
 */
public final class WalReceiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalReceiver.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long MIN_BACKOFF_MILLIS = 50;
    static final long MAX_BACKOFF_MILLIS = 2_000;

    private final WalSource source;
    private final Timeline timeline;
    private final Thread thread;
    private final AtomicLong persisted = new AtomicLong();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final io.stratum.wal.WalBatchHandler ingest;
    private volatile long reported;
    private volatile String lastError;
    private volatile String failure;
    private volatile boolean closed;
    /** What {@link Timeline#ingest} threw (a source may wrap it), null when the failure is the source's. */
    private RuntimeException ingestError;
    private boolean delivered;

    private WalReceiver(final WalSource source, final Timeline timeline) {
        this.source = source;
        this.timeline = timeline;
        this.ingest = (startLsn, buffer, offset, length) -> {
            try {
                timeline.ingest(startLsn, buffer, offset, length);
            } catch (final RuntimeException e) {
                ingestError = e;
                throw e;
            }
            delivered = true;
            bytes.add(length);
        };
        this.thread = new Thread(this::run, "stratum-walreceiver-" + timeline.id());
        thread.setDaemon(true);
    }

    /** Starts receiving for {@code timeline}. */
    public static WalReceiver start(final WalSource source, final Timeline timeline) {
        final WalReceiver r = new WalReceiver(source, timeline);
        timeline.setPersistedListener(lsn -> r.persisted.accumulateAndGet(lsn, Math::max));
        r.persisted.set(timeline.diskConsistentLsn());
        r.thread.start();
        return r;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** WAL bytes ingested since start. */
    public long bytesIngested() {
        return bytes.sum();
    }

    /** Times the stream was reopened after a failure. */
    public long reconnects() {
        return reconnects.sum();
    }

    /** The persisted LSN last reported to the source. */
    public long reportedLsn() {
        return reported;
    }

    /** The last stream error, or null. */
    public String lastError() {
        return lastError;
    }

    /** Why the receiver stopped for good (the timeline is FAILED), or null while it runs or was closed. */
    public String failure() {
        return failure;
    }

    /** Whether the receiving thread has ended (closed, timeline closed, or a permanent error). */
    public boolean stopped() {
        return !thread.isAlive();
    }

    /** The back-off after {@code previous} millis: doubled, within [MIN, MAX]. */
    static long nextBackoff(final long previous) {
        return Math.max(MIN_BACKOFF_MILLIS, Math.min(MAX_BACKOFF_MILLIS, previous * 2));
    }

    /**
     * Whether an exception is worth retrying: anything from the source is (another WAL node may serve),
     * and from ingest only a CONFLICT (the stream did not continue where ingest stopped: reopening at the
     * last ingested LSN cures it). The rest would fail the same way on every retry.
     */
    static boolean transientError(final RuntimeException e, final boolean fromIngest, final Timeline timeline) {
        if (timeline.failureReason() != null) {
            return false;
        }
        if (!fromIngest) {
            return true;
        }
        return e instanceof StratumException se && se.code() == ErrorCode.CONFLICT;
    }

    private void run() {
        long backoff = MIN_BACKOFF_MILLIS;
        while (!closed) {
            final long from = timeline.lastRecordLsn();
            ingestError = null;
            delivered = false;
            try (WalStream stream = source.stream(timeline.tenantId(), timeline.id(), from)) {
                while (!closed) {
                    final int n = stream.poll(ingest, POLL_NANOS);
                    if (delivered) {
                        backoff = MIN_BACKOFF_MILLIS;
                    }
                    if (n == 0 || persisted.get() != reported) {
                        report();
                    }
                }
            } catch (final RuntimeException thrown) {
                if (closed) {
                    return;
                }
                final boolean fromIngest = ingestError != null;
                final RuntimeException e = fromIngest ? ingestError : thrown;
                if (fromIngest && e instanceof StratumException se && se.code() == ErrorCode.CLOSED) {
                    LOG.info("WAL receiver for timeline {} stops: the timeline is closed", timeline.id());
                    return;
                }
                lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                if (!transientError(e, fromIngest, timeline)) {
                    timeline.fail("WAL ingest hit an error that retrying cannot cure at " + Lsn.format(
                        timeline.lastRecordLsn()) + ": " + lastError, e);
                    failure = timeline.failureReason();
                    LOG.error("WAL receiver for timeline {} stops, the timeline is FAILED: {}", timeline.id(), failure,
                        e);
                    return;
                }
                reconnects.increment();
                LOG.warn("WAL receiver for timeline {} lost its stream at {}, retrying in {} ms: {}", timeline.id(),
                    Lsn.format(timeline.lastRecordLsn()), backoff, lastError);
                sleep(backoff);
                backoff = nextBackoff(backoff);
            }
        }
    }

    private void report() {
        final long p = persisted.get();
        if (p > reported) {
            try {
                source.reportPersisted(timeline.tenantId(), timeline.id(), p);
                reported = p;
            } catch (final StratumException e) {
                LOG.warn("cannot report persisted LSN {} of timeline {}: {}", Lsn.format(p), timeline.id(),
                    e.getMessage());
            }
        }
    }

    /** Waits without interrupts: an interrupt would close the FileChannels the timeline is writing. */
    private synchronized void sleep(final long millis) {
        final long deadline = System.nanoTime() + millis * 1_000_000L;
        long left;
        while (!closed && (left = deadline - System.nanoTime()) > 0) {
            try {
                wait(Math.max(1, left / 1_000_000L));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
