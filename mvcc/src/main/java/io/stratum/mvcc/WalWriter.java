package io.stratum.mvcc;

import org.agrona.DirectBuffer;

/**
 * Where mvcc puts the WAL records it produces: records get consecutive LSNs in the order of
 * {@link #append}; {@link #awaitDurable} blocks until a prefix is durable (on a quorum, for the WAL
 * service). Concurrent commits share one flush (group commit). Thread-safe. The implementation over a
 * {@link io.stratum.wal.WalSink} is {@code SinkWalWriter}; tests may use one over a local {@code WalLog}.
 */
public interface WalWriter extends AutoCloseable {
    /**
     * Appends one whole encoded record (see {@link io.stratum.wal.codec.WalRecord}); returns its end LSN.
     * The record streams to the WAL service in the background; the buffer may be reused on return.
     */
    long append(DirectBuffer record, int offset, int length);

    /**
     * Blocks until every record ending at or below {@code lsn} is durable.
     *
     * @throws io.stratum.wal.StratumException FAILED once an append failed (the writer is then failed for good)
     */
    void awaitDurable(long lsn);

    /** End LSN of the last durable record. */
    long durableLsn();

    /** End LSN of the last appended record: where the next one starts. */
    long endLsn();

    @Override
    void close();

    /**
     * Whether an append failed: the writer then refuses every use, pages changed since its durable LSN may
     * never reach the WAL service, and its store must be reopened (a new writer lease fences this one).
     */
    default boolean failed() {
        return false;
    }
}
