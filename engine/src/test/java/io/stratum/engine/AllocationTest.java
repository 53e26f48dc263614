package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read path (cache hits and rebuilds from layer files and memory) and ingest allocate nothing per page. */
class AllocationTest {
    @TempDir
    Path dir;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void readPathAndIngestDoNotAllocatePerPage() {
        final long start = 0x100_0000L;
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).backgroundThreads(0).autoCompact(false)
            .pageCacheBytes(1 << 20).build())) {
            ps.createTenant(new TenantId(1, 1));
            final Timeline t = ps.createTimeline(new TenantId(1, 1), new TimelineId(1, 1), start);
            final TestWal wal = new TestWal(start);
            for (int k = 0; k < 50; k++) {
                wal.fullPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, k), k);
            }
            wal.ingestInto(t);
            t.flush();
            for (int round = 0; round < 3; round++) {
                for (int k = 0; k < 50; k++) {
                    wal.patch(PageKey.relHi(1, 1), PageKey.relLo(1, 0, k), 8 * round, new byte[] {1, 2, 3});
                }
                wal.ingestInto(t);
                t.flush();
            }
            for (int k = 0; k < 50; k++) {
                wal.patch(PageKey.relHi(1, 1), PageKey.relLo(1, 0, k), 100, new byte[] {4});
            }
            final long lsn = wal.next;
            final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
            // ingest: warm up with one batch, then measure the next
            wal.ingestInto(t);
            final TestWal more = new TestWal(lsn);
            for (int k = 0; k < 50; k++) {
                more.patch(PageKey.relHi(1, 1), PageKey.relLo(1, 0, k), 200, new byte[] {5});
            }
            long before = allocated();
            more.ingestInto(t);
            final long ingestBytes = allocated() - before;
            final long last = t.lastRecordLsn();
            for (int i = 0; i < 20_000; i++) { // warm up: JIT, pools, scratch buffers
                t.getPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i % 50), lsn - (i % 7), out, 0);
            }
            before = allocated();
            for (int i = 0; i < 5_000; i++) {
                t.getPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i % 50), lsn - 7 - (i % 1000), out, 0);
                t.getPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i % 50), last, out, 0);
            }
            final long readBytes = allocated() - before;
            assertTrue(readBytes < 64 * 1024, "10,000 reads allocated " + readBytes + " bytes");
            assertTrue(ingestBytes < 16 * 1024, "50 records ingested allocated " + ingestBytes + " bytes");
        }
    }
}
