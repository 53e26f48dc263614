package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageServerTest {
    static final TenantId TENANT = new TenantId(1, 2);
    static final TimelineId MAIN = new TimelineId(0, 1);
    static final TimelineId DEV = new TimelineId(0, 2);
    static final long START = 0x100_0000L;

    @TempDir
    Path dir;

    final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));

    EngineConfig config() {
        return EngineConfig.builder(dir).backgroundThreads(0).inMemoryLayerBytes(64 << 10).blockBytes(4096)
            .compactionThreshold(3).imageThreshold(4).targetLayerBytes(32 << 10).build();
    }

    static long hi(final int rel) {
        return PageKey.relHi(1, rel);
    }

    static long lo(final int rel, final int blk) {
        return PageKey.relLo(rel, 0, blk);
    }

    int byteAt(final Timeline t, final int rel, final int blk, final long lsn, final int off) {
        t.getPage(hi(rel), lo(rel, blk), lsn, out, 0);
        return out.getByte(off) & 0xFF;
    }

    @Test
    void keysSortAndDecode() {
        final long h = PageKey.relHi(7, 0x01020304);
        final long l = PageKey.relLo(0x01020304, 2, 99);
        assertEquals(7, PageKey.database(h));
        assertEquals(0x01020304, PageKey.relation(h, l));
        assertEquals(2, PageKey.fork(l));
        assertEquals(99, PageKey.block(l));
        assertTrue(PageKey.compare(h, PageKey.relLo(0x01020304, 2, 99), h, PageKey.sizeLo(0x01020304, 2)) < 0);
        assertTrue(PageKey.compare(h, PageKey.sizeLo(0x01020304, 2), h, PageKey.relLo(0x01020304, 3, 0)) < 0);
        assertTrue(PageKey.compare(PageKey.hi(0x80, 0, 0), 0, PageKey.hi(0x01, -1, -1), -1) > 0);
    }

    @Test
    void ingestFlushReadRestartBranch() {
        long a;
        long b;
        long c;
        final TestWal wal = new TestWal(START);
        try (PageServer ps = PageServer.open(config())) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, MAIN, START);
            a = wal.fullPage(hi(1), lo(1, 0), 0x11);
            wal.relSize(1, 1, 0, 1);
            b = wal.patch(hi(1), lo(1, 0), 100, new byte[] {7, 8});
            wal.ingestInto(t);
            assertEquals(0x11, byteAt(t, 1, 0, a, 100));
            assertEquals(7, byteAt(t, 1, 0, b, 100));
            assertEquals(0x11, byteAt(t, 1, 0, b, 102));
            assertEquals(0, byteAt(t, 1, 5, b, 0), "never written -> zeros");
            assertEquals(1, t.relationSize(1, 1, 0, b));
            assertEquals(PageSource.NO_RELATION, t.relationSize(1, 2, 0, b));
            t.flush();
            assertEquals(b, t.diskConsistentLsn());
            assertEquals(7, byteAt(t, 1, 0, b, 100));
            final Timeline dev = ps.createBranch(TENANT, DEV, MAIN, a);
            wal.patch(hi(1), lo(1, 0), 100, new byte[] {9});
            wal.ingestInto(t);
            final TestWal devWal = new TestWal(a);
            c = devWal.patch(hi(1), lo(1, 0), 200, new byte[] {5});
            devWal.ingestInto(dev);
            assertEquals(5, byteAt(dev, 1, 0, c, 200));
            assertEquals(0x11, byteAt(dev, 1, 0, c, 100));
            final StratumException e = assertThrows(StratumException.class, () -> ps.deleteTimeline(TENANT, MAIN));
            assertEquals(ErrorCode.CONFLICT, e.code());
            dev.flush();
            assertEquals(2, ps.listTimelines(TENANT).size());
        }
        try (PageServer ps = PageServer.open(config())) {
            final Timeline t = ps.timeline(TENANT, MAIN);
            final Timeline dev = ps.timeline(TENANT, DEV);
            assertEquals(b, t.lastRecordLsn(), "unflushed tail is dropped; ingest resumes from disk_consistent_lsn");
            assertEquals(7, byteAt(t, 1, 0, b, 100));
            assertEquals(5, byteAt(dev, 1, 0, c, 200));
            assertEquals(0x11, byteAt(dev, 1, 0, c, 100));
            assertEquals(MAIN, dev.ancestorId());
            assertEquals(a, dev.ancestorLsn());
            ps.deleteTimeline(TENANT, DEV);
            ps.deleteTimeline(TENANT, MAIN);
        }
    }

    @Test
    void readAheadOfIngestTimesOut() {
        final EngineConfig cfg = EngineConfig.builder(dir).backgroundThreads(0).waitTimeoutMillis(1).build();
        try (PageServer ps = PageServer.open(cfg)) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, MAIN, START);
            final StratumException e = assertThrows(StratumException.class,
                () -> t.getPage(hi(1), lo(1, 0), START + 1000, out, 0));
            assertEquals(ErrorCode.TIMEOUT, e.code());
        }
    }

    @Test
    void readWaitsForIngest() throws Exception {
        final EngineConfig cfg = EngineConfig.builder(dir).backgroundThreads(0).waitTimeoutMillis(60_000).build();
        try (PageServer ps = PageServer.open(cfg)) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, MAIN, START);
            final TestWal wal = new TestWal(START);
            final long lsn = wal.fullPage(hi(1), lo(1, 0), 0x42);
            final UnsafeBuffer mine = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
            final Thread reader = new Thread(() -> t.getPage(hi(1), lo(1, 0), lsn, mine, 0));
            reader.start();
            wal.ingestInto(t);
            reader.join();
            assertEquals(0x42, mine.getByte(0) & 0xFF);
        }
    }

    /**
     * A read whose LSN is further ahead than ingest covers in the wait timeout still succeeds while ingest
     * keeps advancing (a bulk load the page server is catching up on); the timeout counts idle time only.
     */
    @Test
    void readWaitsPastTimeoutWhileIngestAdvances() throws Exception {
        final EngineConfig cfg = EngineConfig.builder(dir).backgroundThreads(0).waitTimeoutMillis(300).build();
        try (PageServer ps = PageServer.open(cfg)) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, MAIN, START);
            final TestWal wal = new TestWal(START);
            final int records = 30;
            final long[] ends = new long[records + 1];
            ends[0] = wal.fullPage(hi(1), lo(1, 0), 0);
            for (int i = 1; i <= records; i++) {
                ends[i] = wal.patch(hi(1), lo(1, 0), i, new byte[] {(byte) i});
            }
            final long target = ends[records];
            final UnsafeBuffer mine = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
            final java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                final long t0 = System.nanoTime();
                final java.util.concurrent.Future<?> read = reader.submit(() -> t.getPage(hi(1), lo(1, 0), target, mine, 0));
                long from = START;
                for (int i = 0; i <= records; i++) {
                    // paced ingest: 31 records 50 ms apart take about 1.5 s, five timeouts' worth
                    Thread.sleep(50);
                    t.ingest(from, wal.buf, (int) (from - START), (int) (ends[i] - from));
                    from = ends[i];
                }
                read.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(System.nanoTime() - t0 > 3 * 300_000_000L, "the read should have waited past its timeout");
                for (int i = 1; i <= records; i++) {
                    assertEquals(i, mine.getByte(i) & 0xFF, "byte " + i);
                }
            } finally {
                reader.shutdownNow();
            }
        }
    }

    @Test
    void branchOutsideRangeAndUnknownRmgrAreRefused() {
        try (PageServer ps = PageServer.open(config())) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, MAIN, START);
            final TestWal wal = new TestWal(START);
            final long a = wal.fullPage(hi(1), lo(1, 0), 1);
            wal.ingestInto(t);
            assertEquals(ErrorCode.OUT_OF_RANGE,
                assertThrows(StratumException.class, () -> ps.createBranch(TENANT, DEV, MAIN, a + 1)).code());
            assertEquals(ErrorCode.OUT_OF_RANGE,
                assertThrows(StratumException.class, () -> ps.createBranch(TENANT, DEV, MAIN, START - 1)).code());
            final UnsafeBuffer rec = new UnsafeBuffer(ByteBuffer.allocate(256));
            final int n = new io.stratum.wal.codec.WalRecordEncoder().wrap(rec, 0, 256).begin(99, 0, 0)
                .addBlock(hi(1), lo(1, 0), 0).finish(0);
            final StratumException e = assertThrows(StratumException.class, () -> t.ingest(a, rec, 0, n));
            assertEquals(ErrorCode.NOT_FOUND, e.code());
            assertTrue(e.getMessage().contains("rmgr=99"), e.getMessage());
        }
    }

    @Test
    void timeIndexAnswersLsnAtTime() {
        try (PageServer ps = PageServer.open(config())) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, MAIN, START);
            final TestWal wal = new TestWal(START);
            wal.fullPage(hi(1), lo(1, 0), 1);
            final long c1 = wal.commit(10_000_000L);
            wal.fullPage(hi(1), lo(1, 0), 2);
            final long c2 = wal.commit(20_000_000L);
            wal.ingestInto(t);
            assertEquals(c1, t.lsnAtTime(15_000_000L));
            assertEquals(c2, t.lsnAtTime(25_000_000L));
            assertThrows(StratumException.class, () -> t.lsnAtTime(5_000_000L));
            final Timeline dev = ps.createBranchAtTime(TENANT, DEV, MAIN, 15_000_000L);
            assertEquals(c1, dev.ancestorLsn());
            assertEquals(1, byteAt(dev, 1, 0, c1, 0));
        }
    }

    @Test
    void compactionImagesAndGcKeepReadsCorrect() {
        final EngineConfig cfg = EngineConfig.builder(dir).backgroundThreads(0).inMemoryLayerBytes(64 << 10)
            .blockBytes(4096).compactionThreshold(3).imageThreshold(3).targetLayerBytes(32 << 10)
            .gcHorizonBytes(1).pitrMicros(1).clock(() -> 1_000_000_000L).build();
        try (PageServer ps = PageServer.open(cfg)) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, MAIN, START);
            final TestWal wal = new TestWal(START);
            long last = 0;
            for (int round = 0; round < 12; round++) {
                for (int blk = 0; blk < 20; blk++) {
                    if (round == 0) {
                        wal.fullPage(hi(1), lo(1, blk), blk);
                    }
                    last = wal.patch(hi(1), lo(1, blk), round, new byte[] {(byte) (round + 1)});
                }
                wal.commit(round * 1000L);
                wal.ingestInto(t);
                t.flush();
            }
            assertTrue(t.layerDescs().stream().anyMatch(d -> d.image()), "images were created");
            final int deleted = t.gc();
            assertTrue(deleted > 0, "gc deleted something: " + t.layerDescs());
            for (int blk = 0; blk < 20; blk++) {
                t.getPage(hi(1), lo(1, blk), t.lastRecordLsn(), out, 0);
                for (int r = 0; r < 12; r++) {
                    assertEquals(r + 1, out.getByte(r), "blk " + blk + " byte " + r);
                }
                assertEquals(blk, out.getByte(100));
            }
        }
    }

    @Test
    void childReadWaitsForRestartedParentToReachTheBranchPoint() {
        final EngineConfig cfg = EngineConfig.builder(dir).backgroundThreads(0).waitTimeoutMillis(1).build();
        final TestWal wal = new TestWal(START);
        final long a;
        final long b;
        try (PageServer ps = PageServer.open(cfg)) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, MAIN, START);
            wal.fullPage(hi(1), lo(1, 0), 1);
            wal.ingestInto(t);
            t.flush();
            a = wal.patch(hi(1), lo(1, 0), 10, new byte[] {2});
            wal.ingestInto(t);
            ps.createBranch(TENANT, DEV, MAIN, a); // above the parent's disk-consistent LSN
            final TestWal devWal = new TestWal(a);
            b = devWal.patch(hi(1), lo(1, 0), 20, new byte[] {3});
            devWal.ingestInto(ps.timeline(TENANT, DEV));
            ps.timeline(TENANT, DEV).flush();
        }
        try (PageServer ps = PageServer.open(cfg)) {
            final Timeline dev = ps.timeline(TENANT, DEV);
            // the parent lost its unflushed tail: the child must not read a page without it
            assertEquals(ErrorCode.TIMEOUT,
                assertThrows(StratumException.class, () -> dev.getPage(hi(1), lo(1, 0), b, out, 0)).code());
            final Timeline t = ps.timeline(TENANT, MAIN);
            final TestWal again = new TestWal(t.lastRecordLsn());
            again.patch(hi(1), lo(1, 0), 10, new byte[] {2});
            again.ingestInto(t);
            assertEquals(a, t.lastRecordLsn());
            assertEquals(2, byteAt(dev, 1, 0, b, 10));
            assertEquals(3, byteAt(dev, 1, 0, b, 20));
        }
    }

    @Test
    void gcKeepsWhatAChildBranchPointNeedsAndRefusesReadsBelowTheCutoff() {
        final EngineConfig cfg = EngineConfig.builder(dir).backgroundThreads(0).autoCompact(false)
            .gcHorizonBytes(1).pitrMicros(1).clock(() -> 1_000_000_000L).timeIndexGranularityMicros(1).build();
        try (PageServer ps = PageServer.open(cfg)) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, MAIN, START);
            final TestWal wal = new TestWal(START);
            wal.fullPage(hi(1), lo(1, 0), 1);
            final long branchPoint = wal.commit(1_000);
            wal.ingestInto(t);
            t.flush();
            final Timeline dev = ps.createBranch(TENANT, DEV, MAIN, branchPoint);
            for (int round = 2; round < 6; round++) {
                wal.fullPage(hi(1), lo(1, 0), round);
                wal.commit(round * 1_000L);
                wal.ingestInto(t);
                t.flush();
                t.createImages();
            }
            t.gc();
            assertTrue(t.gcCutoff() > branchPoint);
            assertEquals(1, byteAt(dev, 1, 0, branchPoint, 0), "the child still reads its branch point");
            assertEquals(5, byteAt(t, 1, 0, t.lastRecordLsn(), 0));
            assertEquals(ErrorCode.OUT_OF_RANGE,
                assertThrows(StratumException.class, () -> t.getPage(hi(1), lo(1, 0), branchPoint, out, 0)).code());
            assertEquals(ErrorCode.OUT_OF_RANGE,
                assertThrows(StratumException.class, () -> ps.createBranch(TENANT, new TimelineId(0, 3), MAIN,
                    branchPoint)).code());
            ps.deleteTimeline(TENANT, DEV);
            final int before = t.layerDescs().size();
            assertTrue(t.gc() > 0, "with the child gone, its layers go: " + before + " " + t.layerDescs());
            assertEquals(5, byteAt(t, 1, 0, t.lastRecordLsn(), 0));
        }
    }
}
