package io.stratum.engine;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRecords;
import io.stratum.engine.timeline.Timeline;
import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import io.stratum.wal.codec.WalRecordEncoder;

/** Builds a batch of built-in WAL records and tracks LSNs (a record's version LSN is its end LSN). */
final class TestWal {
    final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(8 << 20));
    final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
    final WalRecordEncoder enc = new WalRecordEncoder();
    long batchStart;
    long next;
    int len;

    TestWal(final long start) {
        batchStart = start;
        next = start;
    }

    long fullPage(final long hi, final long lo, final int fill) {
        page.setMemory(0, PageKey.PAGE_SIZE, (byte) fill);
        return add(EngineRecords.fullPage(enc, buf, len, hi, lo, page, 0));
    }

    long patch(final long hi, final long lo, final int offset, final byte[] bytes) {
        final UnsafeBuffer src = new UnsafeBuffer(bytes);
        return add(EngineRecords.patch(enc, buf, len, hi, lo, offset, src, 0, bytes.length));
    }

    long zero(final long hi, final long lo) {
        return add(EngineRecords.zero(enc, buf, len, hi, lo));
    }

    long relSize(final int db, final int rel, final int fork, final int n) {
        return add(EngineRecords.relSize(enc, buf, len, PageKey.relHi(db, rel), PageKey.sizeLo(rel, fork), n));
    }

    long commit(final long micros) {
        return add(EngineRecords.commit(enc, buf, len, 1, micros));
    }

    private long add(final int n) {
        len += n;
        next += n;
        return next;
    }

    /** Ingests the pending batch. */
    void ingestInto(final Timeline t) {
        t.ingest(batchStart, buf, 0, len);
        batchStart = next;
        len = 0;
    }

    /** Drops the pending batch and continues at {@code lsn} (after a restart). */
    void resetTo(final long lsn) {
        batchStart = lsn;
        next = lsn;
        len = 0;
    }
}
