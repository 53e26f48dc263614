package io.stratum.engine;

import static io.stratum.engine.PageServerTest.DEV;
import static io.stratum.engine.PageServerTest.MAIN;
import static io.stratum.engine.PageServerTest.TENANT;
import static io.stratum.engine.PageServerTest.hi;
import static io.stratum.engine.PageServerTest.lo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.timeline.Timeline;
import io.stratum.engine.timeline.TimelineHistory;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TimelineId;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A timeline's history across its ancestors: oldest point, holder of a point, times before and after a branch point. */
class TimelineHistoryTest {
    static final long START = 0x1000000L;
    static final TimelineId GRANDCHILD = new TimelineId(0, 3);

    @TempDir
    Path dir;

    @Test
    void timesAndPointsReachThroughAncestors() {
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).backgroundThreads(0).build())) {
            ps.createTenant(TENANT);
            final Timeline main = ps.createTimeline(TENANT, MAIN, START);
            final TestWal wal = new TestWal(START);
            wal.fullPage(hi(1), lo(1, 0), 1);
            final long c1 = wal.commit(10_000_000L);
            wal.fullPage(hi(1), lo(1, 0), 2);
            final long c2 = wal.commit(20_000_000L);
            wal.ingestInto(main);
            final Timeline dev = ps.createBranch(TENANT, DEV, MAIN, c2);
            final TestWal devWal = new TestWal(c2);
            devWal.fullPage(hi(1), lo(1, 0), 3);
            final long d1 = devWal.commit(40_000_000L);
            devWal.ingestInto(dev);
            final Timeline child = ps.createBranch(TENANT, GRANDCHILD, DEV, d1);

            assertEquals(START, TimelineHistory.oldestLsn(child), "the root's start");
            assertSame(child, TimelineHistory.holder(child, d1));
            assertSame(dev, TimelineHistory.holder(child, d1 - 1));
            assertSame(main, TimelineHistory.holder(child, c1));
            assertEquals(20_000_000L, TimelineHistory.microsAt(main, c2));
            assertEquals(-1, TimelineHistory.microsAt(main, START));

            assertEquals(d1, TimelineHistory.lsnAtTime(child, 50_000_000L), "after the branch point: the branch point");
            assertEquals(c2, TimelineHistory.lsnAtTime(dev, 30_000_000L), "dev before its first commit");
            assertEquals(c1, TimelineHistory.lsnAtTime(child, 15_000_000L), "two ancestors up");
            assertEquals(d1, TimelineHistory.lsnAtTime(dev, 45_000_000L));
            final StratumException e = assertThrows(StratumException.class,
                () -> TimelineHistory.lsnAtTime(child, 5_000_000L));
            assertEquals(ErrorCode.OUT_OF_RANGE, e.code());
            assertTrue(e.getMessage().contains("the oldest point still available is 0/1000000"), e.getMessage());
            assertEquals("1970-01-01T00:00:10Z", TimelineHistory.formatMicros(10_000_000L));
        }
    }

    /**
     * The parent commits again in the branch point's second, after the branch: its index keeps only that
     * later commit. A time on the branch must still answer the branch point, never the parent's later commit
     * (which is not in the branch's history; branching there was refused as past the branch's end).
     */
    @Test
    void aParentsLaterCommitInTheBranchPointsSecondIsNotTheBranchs() {
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).backgroundThreads(0).build())) {
            ps.createTenant(TENANT);
            final Timeline main = ps.createTimeline(TENANT, MAIN, START);
            final TestWal wal = new TestWal(START);
            wal.fullPage(hi(1), lo(1, 0), 1);
            final long c1 = wal.commit(10_100_000L);
            wal.ingestInto(main);
            final Timeline dev = ps.createBranch(TENANT, DEV, MAIN, c1);
            wal.fullPage(hi(1), lo(1, 0), 2);
            final long c2 = wal.commit(10_600_000L); // same second as c1: main's index keeps c2 only
            wal.ingestInto(main);
            assertEquals(c2, TimelineHistory.lsnAtTime(main, 11_000_000L));
            assertEquals(c1, TimelineHistory.lsnAtTime(dev, 11_000_000L));
            assertSame(dev, TimelineHistory.holder(dev, TimelineHistory.lsnAtTime(dev, 11_000_000L)));
            ps.createBranch(TENANT, GRANDCHILD, DEV, TimelineHistory.lsnAtTime(dev, 11_000_000L));
        }
    }
}
