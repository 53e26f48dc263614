package io.stratum.wal;

/** A live stream of committed WAL of one timeline, pulled by its consumer. Not thread-safe. */
public interface WalStream extends AutoCloseable {

    /**
     * Waits up to {@code timeoutNanos} for committed WAL past {@link #position()} and hands it to
     * {@code handler} as one or more batches of whole records; returns the bytes delivered (0 on timeout).
     */
    int poll(WalBatchHandler handler, long timeoutNanos);

    /** The LSN the next delivered batch starts at. */
    long position();

    @Override
    void close();
}
