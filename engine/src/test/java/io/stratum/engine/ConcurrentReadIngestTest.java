package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers run while one thread ingests and the background thread flushes and compacts: every page read
 * at an ingested LSN equals the expected one. Correctness only; no timing is asserted.
 */
class ConcurrentReadIngestTest {
    @TempDir
    Path dir;

    @Test
    void readersSeeConsistentPagesDuringIngestFlushAndCompaction() throws Exception {
        final int keys = 40;
        final int records = 900;
        final long start = 0x100_0000L;
        // Precompute the WAL: record i is a full page of key (i % keys) filled with (i / keys) + 1.
        final List<Long> ends = new ArrayList<>();
        final TestWal wal = new TestWal(start);
        for (int i = 0; i < records; i++) {
            ends.add(wal.fullPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i % keys), (i / keys) + 1));
        }
        final EngineConfig cfg = EngineConfig.builder(dir).backgroundThreads(1).inMemoryLayerBytes(128 << 10)
            .blockBytes(4096).compactionThreshold(3).imageThreshold(4).targetLayerBytes(64 << 10)
            .pageCacheBytes(1 << 20).build();
        try (PageServer ps = PageServer.open(cfg)) {
            ps.createTenant(new TenantId(1, 1));
            final Timeline t = ps.createTimeline(new TenantId(1, 1), new TimelineId(1, 1), start);
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
            final Thread[] readers = new Thread[2];
            for (int r = 0; r < readers.length; r++) {
                final long seed = r;
                readers[r] = new Thread(() -> {
                    final Random rnd = new Random(seed);
                    final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
                    try {
                        while (t.lastRecordLsn() < ends.get(records - 1)) {
                            final long last = t.lastRecordLsn();
                            int n = 0;
                            while (n < records && ends.get(n) <= last) {
                                n++;
                            }
                            if (n == 0) {
                                continue;
                            }
                            final int i = rnd.nextInt(n);
                            final int key = rnd.nextInt(keys);
                            // expected: the last record of key at or below record i
                            int j = i;
                            while (j >= 0 && j % keys != key) {
                                j--;
                            }
                            t.getPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, key), ends.get(i), out, 0);
                            final int expected = j < 0 ? 0 : (j / keys) + 1;
                            assertEquals((byte) expected, out.getByte(4096), "key " + key + " at record " + i);
                            reads.incrementAndGet();
                        }
                    } catch (final Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                readers[r].start();
            }
            final int chunk = wal.len / 100;
            int at = 0;
            long lsn = start;
            // ingest the batch in slices that end on record boundaries
            int rec = 0;
            int slices = 0;
            while (rec < records) {
                final int from = rec;
                final long fromLsn = lsn;
                while (rec < records && ends.get(rec) - fromLsn < chunk) {
                    rec++;
                }
                if (rec == from) {
                    rec++;
                }
                lsn = ends.get(rec - 1);
                t.ingest(fromLsn, wal.buf, at, (int) (lsn - fromLsn));
                at += (int) (lsn - fromLsn);
                slices++;
                if (rec < records) {
                    // let the readers read this prefix before more arrives: reads interleave with ingest
                    final long target = reads.get() + 2 * readers.length;
                    final long deadline = System.nanoTime() + 10_000_000_000L;
                    while (reads.get() < target && failure.get() == null) {
                        assertTrue(System.nanoTime() < deadline, "readers made no progress");
                        Thread.onSpinWait();
                    }
                }
            }
            for (final Thread r : readers) {
                r.join();
            }
            assertNull(failure.get(), () -> String.valueOf(failure.get()));
            assertTrue(slices > 50, "ingested in " + slices + " slices");
            assertTrue(reads.get() >= 2L * readers.length * (slices - 1), "only " + reads.get() + " reads checked during "
                + slices + " ingest slices");
            t.flush();
            assertTrue(t.layerDescs().size() > 0);
        }
    }
}
