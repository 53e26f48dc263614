package io.stratum.engine.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.redo.EngineRecords;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.codec.WalRecordEncoder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A background image slice gives the maintenance lock up early to a thread waiting for it (an ingest that must
 * flush), and an explicit image creation, which holds the lock throughout, writes full slices.
 */
@Timeout(60)
class ImageSliceYieldTest {
    static final long START = 0x100_0000L;
    static final int PER = 256;
    static final int KEYS = 200;

    @TempDir
    Path dir;

    private Timeline loaded(final PageServer ps) {
        ps.createTenant(new TenantId(1, 1));
        final Timeline t = ps.createTimeline(new TenantId(1, 1), new TimelineId(1, 1), START);
        final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(KEYS * (PageKey.PAGE_SIZE + 256)));
        final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
        final WalRecordEncoder enc = new WalRecordEncoder();
        int len = 0;
        for (int i = 0; i < KEYS; i++) {
            page.setMemory(0, PageKey.PAGE_SIZE, (byte) i);
            len += EngineRecords.fullPage(enc, buf, len, PageKey.relHi(1, 1), PageKey.relLo(1, 0, i), page, 0);
        }
        t.ingest(START, buf, 0, len);
        t.flush();
        return t;
    }

    private EngineConfig config() {
        return EngineConfig.builder(dir).backgroundThreads(0).autoCompact(false).imageThreshold(1)
            .targetLayerBytes((long) PER * PageKey.PAGE_SIZE).build();
    }

    private static int images(final Timeline t, final long lsn) {
        int n = 0;
        for (final LayerDesc d : t.layerDescs()) {
            if (d.image() && d.imageLsn() == lsn) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aBackgroundSliceEndsEarlyWhenAnotherThreadWaitsForTheLock() throws Exception {
        try (PageServer ps = PageServer.open(config())) {
            final Timeline t = loaded(ps);
            final ImageCreator.Job job = ImageCreator.plan(t, true);
            final Thread waiter = new Thread(() -> {
                t.maintenance.lock();
                t.maintenance.unlock();
            }, "flush-stand-in");
            t.maintenance.lock();
            try {
                waiter.start();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!t.maintenance.hasQueuedThreads()) {
                    assertTrue(System.nanoTime() < deadline, "the waiter never queued");
                    LockSupport.parkNanos(1_000_000L);
                }
                assertTrue(ImageCreator.slice(t, job, true), "the slice gave way with keys left to write");
            } finally {
                t.maintenance.unlock();
            }
            waiter.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(waiter.isAlive());
            // nobody waits now: the next slice writes the rest in one layer
            t.maintenance.lock();
            try {
                assertFalse(ImageCreator.slice(t, job, true));
            } finally {
                t.maintenance.unlock();
            }
            assertEquals(2, images(t, job.lsn));
        }
    }

    @Test
    void aSliceWithNothingToYieldToWritesEveryKeyOfItsRange() throws Exception {
        try (PageServer ps = PageServer.open(config())) {
            final Timeline t = loaded(ps);
            final ImageCreator.Job job = ImageCreator.plan(t, true);
            t.maintenance.lock();
            try {
                assertFalse(ImageCreator.slice(t, job, true));
            } finally {
                t.maintenance.unlock();
            }
            assertEquals(1, images(t, job.lsn));
        }
    }
}
