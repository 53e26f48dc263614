package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the page server frees its direct memory and stops its thread. */
class LeakTest {
    @TempDir
    Path dir;

    private static long direct() {
        for (final BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                return b.getMemoryUsed();
            }
        }
        return 0;
    }

    private static boolean backgroundThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().equals("stratum-engine-bg") && t.isAlive());
    }

    @Test
    void closeReleasesDirectMemoryAndThreads() throws Exception {
        final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
        final TestWal wal = new TestWal(0x100_0000L);
        for (int i = 0; i < 300; i++) {
            wal.fullPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i % 40), i);
        }
        final long before = direct();
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).inMemoryLayerBytes(256 << 10)
            .compactionThreshold(2).imageThreshold(2).pageCacheBytes(4 << 20).build())) {
            ps.createTenant(new TenantId(1, 1));
            final Timeline t = ps.createTimeline(new TenantId(1, 1), new TimelineId(1, 1), 0x100_0000L);
            wal.ingestInto(t);
            t.flush();
            t.compact();
            for (int i = 0; i < 40; i++) {
                t.getPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i), t.lastRecordLsn(), out, 0);
            }
            assertTrue(direct() > before);
        }
        assertFalse(backgroundThreadAlive(), "background thread stopped");
        // The JDK keeps a per-thread cache of temporary direct buffers for I/O on heap buffers (small here);
        // anything of ours left behind (a 256 KiB layer chunk, a ~200 KiB read context, the 4 MiB cache) is more.
        assertTrue(direct() - before < 160 << 10, "direct memory left: " + (direct() - before));
    }
}
