package io.stratum.engine.redo;

import io.stratum.wal.codec.WalRecordDecoder;
import org.agrona.MutableDirectBuffer;

/**
 * Redo of one resource manager: a pure function from (page before the record, record) to the page
 * after it. Handlers must be stateless and thread-safe (many reads redo at once) and must not allocate
 * per call on their fast path. Register with {@link RedoRegistry#register}.
 */
@FunctionalInterface
public interface RedoHandler {

    /**
     * Applies {@code record} to one page in place.
     *
     * @param record the record (already checksummed), wrapped over its bytes
     * @param block index of the block reference of {@code record} that names this page
     * @param page holds the 8 KiB page at {@code [pageOffset, pageOffset + 8192)}: its image before the
     *     record, all zeros when the page has no earlier version (or the block reference has
     *     {@code BLOCK_WILL_INIT})
     * @throws io.stratum.wal.StratumException CORRUPT when the payload is malformed
     */
    void redo(WalRecordDecoder record, int block, MutableDirectBuffer page, int pageOffset);
}
