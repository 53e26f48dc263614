package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression (found by {@link EngineFaultCampaignProperties}): a failed fsync or a full disk during
 * compaction, image creation or GC used to leave the timeline taking writes, and the next flush went on
 * over the disk that had just failed. Now the timeline is latched FAILED, as after a failed flush; reads
 * keep working, and a restart recovers.
 */
class MaintenanceFailureTest {
    @TempDir
    Path dir;

    private static void fill(final EngineModel m, final int n) {
        final Random r = new Random(n);
        for (int i = 0; i < n; i++) {
            m.write(0, new EngineModel.Change(r.nextInt(EngineModel.KEYS), i % 4 == 3 ? 3 : r.nextInt(3), r.nextInt(1 << 16),
                r.nextInt(8188)));
        }
        m.timeline(0).flush();
    }

    private static void assertLatched(final EngineModel m, final Timeline t, final StratumException e) {
        assertEquals(ErrorCode.IO_ERROR, e.code(), e.toString());
        final StratumException again = assertThrows(StratumException.class, t::flush);
        assertEquals(ErrorCode.FAILED, again.code());
        assertTrue(again.getMessage().contains("did not complete"), again.getMessage());
        assertNotNull(t.failureReason());
        assertNull(m.checkAll());
    }

    @Test
    void aFailedFsyncDuringCompactionFailsTheTimeline() throws Exception {
        try (EngineModel m = new EngineModel(dir)) {
            fill(m, 12);
            fill(m, 12);
            final Timeline t = m.timeline(0);
            m.fio.failNextForces(1);
            assertLatched(m, t, assertThrows(StratumException.class, t::compact));
            assertEquals(0, m.fio.pendingForceFailures());
            m.restart(new Random(1));
            assertNull(m.timeline(0).failureReason());
            assertNull(m.checkAll());
        }
    }

    @Test
    void aFullDiskDuringImageCreationOrGcFailsTheTimeline() throws Exception {
        try (EngineModel m = new EngineModel(dir)) {
            fill(m, 12);
            m.fio.setSpaceLeft(10);
            final Timeline t = m.timeline(0);
            assertLatched(m, t, assertThrows(StratumException.class, t::createImages));
            assertEquals(1, m.fio.counts().noSpace());
            m.fio.setSpaceLeft(Long.MAX_VALUE);
            m.restart(new Random(2));
            fill(m, 12);
            m.timeline(0).createImages();
            m.clock.addAndGet(1_000_000);
            m.fio.setSpaceLeft(10);
            final Timeline t2 = m.timeline(0);
            assertLatched(m, t2, assertThrows(StratumException.class, t2::gc));
        }
    }
}
