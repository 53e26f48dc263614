package io.stratum.wal;

import java.util.concurrent.CompletableFuture;
import org.agrona.DirectBuffer;

/**
 * Where a timeline's writer (the compute, its LSN authority) sends WAL: the seam between the compute and
 * the WAL service. One sink per timeline and writer; {@code raft/} implements it with a fenced writer
 * session (a newer writer's acquisition makes this one's appends fail with FENCED).
 */
public interface WalSink extends AutoCloseable {

    /**
     * Appends whole encoded records that start at {@code startLsn}. The future completes with the end LSN
     * once the records are durable (on a quorum, for the WAL service), or exceptionally with a
     * {@link StratumException}: CONFLICT when {@code startLsn} is not the timeline's end, FENCED when a
     * newer writer took over. The buffer may be reused as soon as the call returns.
     */
    CompletableFuture<Long> append(long startLsn, DirectBuffer buffer, int offset, int length);

    /** The end LSN of the timeline as this writer knows it: where its next append must start. */
    long endLsn();

    @Override
    void close();
}
