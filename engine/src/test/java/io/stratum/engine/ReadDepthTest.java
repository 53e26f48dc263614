package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delta layers a GetPage consults do not grow with the number of level-1 runs a key-ordered load left
 * behind: a run covers only the keys it holds, so a read of a key consults the one run that loaded it, not
 * the first or last file of every later run (when level-1 ranges reached both ends of the key space, a read
 * of an early key of a 10 GiB timeline checked the key filter of every run loaded after it: perf/RESULTS.md,
 * {@code --timeline-gib}). Counted with {@link EngineStats#layerVisits} and {@link EngineStats#blockReads}.
 */
class ReadDepthTest {
    private static final long START = 0x100_0000L;
    private static final int KEYS = 2048;
    private static final int PER_FLUSH = 32;
    private static final int THRESHOLD = 4;

    @TempDir
    Path dir;

    @Test
    void readsOfALoadedTimelineConsultOneRunWhateverTheNumberOfRuns() {
        final TenantId tenant = new TenantId(1, 1);
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).backgroundThreads(0).autoCompact(false)
            .compactionThreshold(THRESHOLD).imageThreshold(1 << 20).pageCacheBytes(0).build())) {
            ps.createTenant(tenant);
            final Timeline t = ps.createTimeline(tenant, new TimelineId(1, 1), START);
            final TestWal wal = new TestWal(START);
            final long[] lsnOf = new long[KEYS];
            for (int i = 0; i < KEYS; i++) { // in key order, one flush per 32 keys, a compaction per 4 flushes
                lsnOf[i] = wal.fullPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i), i & 0x7F);
                if ((i + 1) % PER_FLUSH == 0) {
                    wal.ingestInto(t);
                    t.flush();
                    t.compact();
                }
            }
            int images = 0;
            int level0 = 0;
            final java.util.Set<Long> runs = new java.util.HashSet<>();
            for (final LayerDesc d : t.layerDescs()) {
                images += d.image() ? 1 : 0;
                level0 += !d.image() && d.fullKeyRange() ? 1 : 0;
                runs.add(d.image() ? -1 : d.lsnStart());
            }
            final int expectRuns = KEYS / PER_FLUSH / THRESHOLD;
            assertEquals(0, images, "no image layers: every read goes to the deltas");
            assertEquals(0, level0, "every flush compacted");
            assertEquals(expectRuns, runs.size(), "one level-1 run per compaction");

            final EngineStats stats = ps.stats();
            final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
            final SplittableRandom r = new SplittableRandom(9);
            int maxVisits = 0;
            long maxBlocks = 0;
            for (int n = 0; n < 400; n++) {
                final int k = r.nextInt(KEYS);
                // at the end, and at a random LSN at or after the key's load
                final long last = t.lastRecordLsn();
                final long lsn = n % 2 == 0 ? last : lsnOf[k] + r.nextLong(last - lsnOf[k] + 1);
                final long v0 = stats.layerVisits();
                final long b0 = stats.blockReads();
                t.getPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, k), lsn, page, 0);
                maxVisits = Math.max(maxVisits, (int) (stats.layerVisits() - v0));
                maxBlocks = Math.max(maxBlocks, stats.blockReads() - b0);
                assertEquals(k & 0x7F, page.getByte(100), "key " + k);
                assertEquals(k & 0x7F, page.getByte(PageKey.PAGE_SIZE - 1), "key " + k);
            }
            // only the run that loaded the key (the runs' key ranges are disjoint)
            assertEquals(1, maxVisits, "delta layers consulted by one GetPage over " + expectRuns + " runs");
            assertEquals(1, maxBlocks, "blocks read by one GetPage");
        }
    }
}
