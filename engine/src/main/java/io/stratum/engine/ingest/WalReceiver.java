package io.stratum.engine.ingest;

import io.stratum.engine.timeline.Timeline;
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
 * it reopens from the last ingested LSN after a short back-off; the source picks another node.
 * Threads: one, {@code stratum-walreceiver-TIMELINE}, stopped by {@link #close()} (within one poll
 * interval, 200 ms; it is never interrupted, since an interrupt closes the FileChannels it writes).
 */
public final class WalReceiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalReceiver.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final WalSource source;
    private final Timeline timeline;
    private final Thread thread;
    private final AtomicLong persisted = new AtomicLong();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final io.stratum.wal.WalBatchHandler ingest;
    private volatile long reported;
    private volatile String lastError;
    private volatile boolean closed;

    private WalReceiver(final WalSource source, final Timeline timeline) {
        this.source = source;
        this.timeline = timeline;
        this.ingest = (startLsn, buffer, offset, length) -> {
            timeline.ingest(startLsn, buffer, offset, length);
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

    private void run() {
        long backoff = 50;
        while (!closed) {
            final long from = timeline.lastRecordLsn();
            try (WalStream stream = source.stream(timeline.tenantId(), timeline.id(), from)) {
                backoff = 50;
                while (!closed) {
                    final int n = stream.poll(ingest, POLL_NANOS);
                    if (n == 0 || persisted.get() != reported) {
                        report();
                    }
                }
            } catch (final StratumException e) {
                if (closed) {
                    return;
                }
                lastError = e.getMessage();
                reconnects.increment();
                LOG.warn("WAL receiver for timeline {} lost its stream at {}, retrying in {} ms: {}", timeline.id(),
                    Lsn.format(timeline.lastRecordLsn()), backoff, e.getMessage());
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            } catch (final RuntimeException e) {
                if (closed) {
                    return;
                }
                lastError = e.toString();
                LOG.error("WAL receiver for timeline {} failed, retrying", timeline.id(), e);
                sleep(MAX_BACKOFF_MILLIS);
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
