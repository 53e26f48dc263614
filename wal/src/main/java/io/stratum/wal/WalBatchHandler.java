package io.stratum.wal;

import org.agrona.DirectBuffer;

/** Receives WAL as batches of whole, CRC-checked records laid end to end. */
@FunctionalInterface
public interface WalBatchHandler {

    /**
     * @param startLsn LSN of the first record of the batch
     * @param buffer holds the records at {@code [offset, offset + length)}; valid only during the call
     */
    void onBatch(long startLsn, DirectBuffer buffer, int offset, int length);
}
