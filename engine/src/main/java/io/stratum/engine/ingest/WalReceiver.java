package io.stratum.engine.ingest;

import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.WalBatchHandler;
import io.stratum.wal.WalSource;
import io.stratum.wal.WalStream;
import org.agrona.DirectBuffer;

/**
 * Feeds one timeline from a {@link WalSource}: opens a stream at the timeline's last ingested LSN,
 * ingests every batch, and reports each durable flush back to the source so it may truncate its WAL.
 * Starts no thread: the caller drives it with {@link #poll}. (The network receiver that runs one per
 * timeline is a later issue.)
 */
public final class WalReceiver implements WalBatchHandler, AutoCloseable {
    private final WalSource source;
    private final Timeline timeline;
    private final WalStream stream;

    public WalReceiver(final WalSource source, final Timeline timeline) {
        this.source = source;
        this.timeline = timeline;
        timeline.setPersistedListener(lsn -> source.reportPersisted(timeline.tenantId(), timeline.id(), lsn));
        this.stream = source.stream(timeline.tenantId(), timeline.id(), timeline.lastRecordLsn());
    }

    /** Waits up to {@code timeoutNanos} for WAL and ingests what arrives; returns the bytes ingested. */
    public int poll(final long timeoutNanos) {
        return stream.poll(this, timeoutNanos);
    }

    @Override
    public void onBatch(final long startLsn, final DirectBuffer buffer, final int offset, final int length) {
        timeline.ingest(startLsn, buffer, offset, length);
    }

    @Override
    public void close() {
        timeline.setPersistedListener(null);
        stream.close();
    }
}
