package io.stratum.examples.kvstore;

import io.stratum.engine.redo.RedoHandler;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.wal.codec.WalRecordDecoder;
import org.agrona.MutableDirectBuffer;

/**
 * Redo of the store's records ({@link KvRecords}): the page after a PUT or DELETE, from the page before it.
 * Pure and stateless, as the engine requires: it runs on whatever thread reads a page, any number at once.
 */
final class KvRedo implements RedoHandler {
    private KvRedo() {
    }

    /** Registers the handler under {@link KvRecords#RMGR}; do it before the engine ingests our records. */
    static RedoRegistry register(final RedoRegistry registry) {
        return registry.register(KvRecords.RMGR, new KvRedo());
    }

    @Override
    public void redo(final WalRecordDecoder record, final int block, final MutableDirectBuffer page,
                     final int pageOffset) {
        final int k = KvRecords.keyLength(record);
        final int keyAt = record.payloadOffset() + KvRecords.HEADER;
        if (record.info() == KvRecords.PUT) {
            KvPage.put(page, pageOffset, record.buffer(), keyAt, k, KvRecords.valueLength(record));
        } else {
            KvPage.remove(page, pageOffset, record.buffer(), keyAt, k);
        }
    }
}
