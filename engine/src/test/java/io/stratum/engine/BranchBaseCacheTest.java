package io.stratum.engine;

import static io.stratum.engine.PageServerTest.DEV;
import static io.stratum.engine.PageServerTest.MAIN;
import static io.stratum.engine.PageServerTest.TENANT;
import static io.stratum.engine.PageServerTest.hi;
import static io.stratum.engine.PageServerTest.lo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A branch's page read takes its parent's page at the branch point from the page cache when a read of the
 * parent at exactly that LSN put it there (a diff of a branch against its parent reads the parent first):
 * the answer is the same page as when it is rebuilt from the parent's layers, for pages the parent read
 * was cached for and for pages it was not, and each such read is a cache hit.
 */
class BranchBaseCacheTest {
    @TempDir
    Path dir;

    @Test
    void aCachedParentPageIsTheBaseOfTheBranchPage() {
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).backgroundThreads(0).build())) {
            ps.createTenant(TENANT);
            final Timeline main = ps.createTimeline(TENANT, MAIN, TimelineHistoryTest.START);
            final TestWal wal = new TestWal(TimelineHistoryTest.START);
            for (int b = 0; b < 8; b++) {
                wal.fullPage(hi(1), lo(1, b), b + 1);
                wal.patch(hi(1), lo(1, b), 10, new byte[] {0x55});
            }
            wal.ingestInto(main);
            main.flush();
            wal.patch(hi(1), lo(1, 0), 11, new byte[] {0x44}); // in memory on main
            wal.ingestInto(main);
            final long fork = main.lastRecordLsn();
            final Timeline dev = ps.createBranch(TENANT, DEV, MAIN, fork);
            final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
            for (int b = 0; b < 4; b++) {
                main.getPage(hi(1), lo(1, b), fork, page, 0); // blocks 0..3 of main cached at the fork, 4..7 not
            }
            final TestWal devWal = new TestWal(fork);
            for (int b = 0; b < 8; b++) {
                devWal.patch(hi(1), lo(1, b), 20, new byte[] {0x66});
            }
            devWal.ingestInto(dev);
            wal.patch(hi(1), lo(1, 0), 30, new byte[] {0x77}); // main after the fork: not dev's
            wal.ingestInto(main);
            final long hits = ps.pageCache().hits();
            for (int b = 0; b < 8; b++) {
                dev.getPage(hi(1), lo(1, b), dev.lastRecordLsn(), page, 0);
                for (int off = 0; off < PageKey.PAGE_SIZE; off++) {
                    final int want = off == 10 ? 0x55 : off == 11 && b == 0 ? 0x44 : off == 20 ? 0x66 : b + 1;
                    assertEquals(want, page.getByte(off) & 0xFF, "block " + b + " offset " + off);
                }
            }
            assertEquals(hits + 4, ps.pageCache().hits(), "the four cached parent pages were bases");
            assertTrue(ps.pageCache().hits() > 0);
        }
    }
}
