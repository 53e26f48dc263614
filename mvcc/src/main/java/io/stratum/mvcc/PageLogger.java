package io.stratum.mvcc;

import io.stratum.engine.redo.RedoRegistry;
import io.stratum.wal.codec.WalRecordDecoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The one way mvcc changes a page: the caller encodes the change as a WAL record; {@link #apply} runs the
 * record's registered redo handler on the pooled pages it names (so the compute's page and the page
 * server's redo are the same code and the same bytes), appends the record and marks the pages dirty at
 * its end LSN. The caller holds exclusive latches on every buffer. Not thread-safe: one per thread or
 * per session, reused with no allocation per record.
 */
public final class PageLogger {
    private final RedoRegistry redo;
    private final WalWriter wal;
    private final BufferPool pool;
    private final WalRecordDecoder decoder = new WalRecordDecoder();

    public PageLogger(final RedoRegistry redo, final WalWriter wal, final BufferPool pool) {
        this.redo = redo;
        this.wal = wal;
        this.pool = pool;
    }

    /**
     * Redoes {@code record} on {@code buffers[i]} for block reference i (i below {@code count}), appends it
     * and marks the buffers dirty; returns the record's end LSN.
     */
    public long apply(final UnsafeBuffer record, final int offset, final int length, final int[] buffers, final int count) {
        decoder.wrapTrusted(record, offset, length);
        final int rmgr = decoder.rmgr();
        for (int i = 0; i < count; i++) {
            redo.handler(rmgr).redo(decoder, i, pool.page(buffers[i]), pool.pageOffset(buffers[i]));
        }
        final long lsn = wal.append(record, offset, length);
        for (int i = 0; i < count; i++) {
            pool.markDirty(buffers[i], lsn);
        }
        return lsn;
    }

    /** Appends a record that changes no pooled page (commit, abort); returns its end LSN. */
    public long log(final UnsafeBuffer record, final int offset, final int length) {
        return wal.append(record, offset, length);
    }

    public WalWriter wal() {
        return wal;
    }
}
