package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.io.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PageServer's monitor is not held while a timeline close waits for a running compaction. */
class PageServerMonitorTest {
    private static final TenantId TENANT = new TenantId(1, 1);
    private static final TimelineId DOOMED = new TimelineId(1, 1);
    private static final TimelineId OTHER = new TimelineId(2, 2);

    @TempDir
    Path dir;

    @Test
    void apiCallsProceedWhileADeleteWaitsForACompaction() throws Exception {
        final BlockingFileIo io = new BlockingFileIo(FileIo.real());
        final ExecutorService pool = Executors.newFixedThreadPool(3);
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).fileIo(io).backgroundThreads(0)
            .autoCompact(false).compactionThreshold(2).pageCacheBytes(1).build())) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, DOOMED, 0x100_0000L);
            ps.createTimeline(TENANT, OTHER, 0x100_0000L);
            final TestWal wal = new TestWal(0x100_0000L);
            for (int i = 0; i < 2; i++) {
                wal.fullPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i), 0x10 + i);
                wal.ingestInto(t);
                t.flush();
            }
            final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
            for (int i = 0; i < 2; i++) { // opens both layer files, so the reads below never wait for a file's load
                t.getPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i), t.lastRecordLsn(), page, 0);
            }
            io.arm();
            final Future<Boolean> compaction = pool.submit(t::compact);
            assertTrue(io.awaitEntered(), "the compaction reads a layer file");
            final Future<?> delete = pool.submit(() -> ps.deleteTimeline(TENANT, DOOMED));
            awaitClosed(t);
            try {
                final Future<Integer> listed = pool.submit(() -> {
                    ps.timeline(TENANT, OTHER);
                    ps.tenants();
                    ps.createTimeline(TENANT, new TimelineId(3, 3), 0x100_0000L);
                    return ps.listTimelines(TENANT).size();
                });
                assertEquals(3, listed.get(10, TimeUnit.SECONDS),
                    "API calls answer while the delete waits for the compaction");
                final StratumException again = assertThrows(StratumException.class,
                    () -> ps.deleteTimeline(TENANT, DOOMED));
                assertEquals(ErrorCode.CONFLICT, again.code(), again.getMessage());
                final StratumException branch = assertThrows(StratumException.class,
                    () -> ps.createBranch(TENANT, new TimelineId(4, 4), DOOMED, 0x100_0000L));
                assertEquals(ErrorCode.CONFLICT, branch.code(), branch.getMessage());
                assertFalse(delete.isDone(), "the delete is still waiting for the compaction");
            } finally {
                io.release();
            }
            assertTrue(compaction.get(10, TimeUnit.SECONDS));
            delete.get(10, TimeUnit.SECONDS);
            assertEquals(2, ps.listTimelines(TENANT).size());
            assertThrows(StratumException.class, () -> ps.timeline(TENANT, DOOMED));
        } finally {
            pool.shutdownNow();
        }
    }

    /** A timeline being closed refuses reads with CLOSED before it waits for its maintenance lock. */
    private static void awaitClosed(final Timeline t) {
        final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                t.getPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, 0), t.lastRecordLsn(), page, 0);
            } catch (final StratumException e) {
                if (e.code() == ErrorCode.CLOSED) {
                    return;
                }
                throw e;
            }
            assertTrue(System.nanoTime() < deadline, "the delete never started closing the timeline");
            LockSupport.parkNanos(1_000_000L);
        }
    }
}
