package io.stratum.engine;

import static io.stratum.engine.PageServerTest.DEV;
import static io.stratum.engine.PageServerTest.MAIN;
import static io.stratum.engine.PageServerTest.TENANT;
import static io.stratum.engine.PageServerTest.hi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.engine.timeline.TimelineSizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TimelineSizes} against a model: random relation-size changes (several forks) and page writes on
 * main and on a branch, flushed, compacted and imaged at random points; the logical size at the end and at
 * earlier LSNs is exactly the model's sum of fork sizes times 8 KiB (the skip scan finds every size entry
 * among the page keys, in delta and image layers and in memory, and below the branch point in the parent);
 * the branch-only bytes are the branch's own layer files plus its in-memory layers, and for the parent only
 * what it wrote above the branch point.
 */
class TimelineSizesTest {
    @TempDir
    Path dir;

    private EngineConfig config(final Path d) {
        return EngineConfig.builder(d).backgroundThreads(0).inMemoryLayerBytes(64 << 10).blockBytes(4096)
            .compactionThreshold(3).imageThreshold(4).targetLayerBytes(32 << 10).build();
    }

    /** Fork sizes by "rel/fork", per LSN at which they were set. */
    private static final class Model {
        final TreeMap<Long, Map<String, Integer>> byLsn = new TreeMap<>();

        Model(final Map<String, Integer> start, final long lsn) {
            byLsn.put(lsn, new HashMap<>(start));
        }

        void set(final long lsn, final String fork, final int n) {
            final Map<String, Integer> m = new HashMap<>(byLsn.lastEntry().getValue());
            m.put(fork, n);
            byLsn.put(lsn, m);
        }

        Map<String, Integer> at(final long lsn) {
            return byLsn.floorEntry(lsn).getValue();
        }

        long bytesAt(final long lsn) {
            long s = 0;
            for (final int n : at(lsn).values()) {
                s += (long) n * PageKey.PAGE_SIZE;
            }
            return s;
        }
    }

    @Test
    void logicalSizeIsTheSumOfForkSizesAtTheLsn() {
        for (int seed = 1; seed <= 10; seed++) {
            runSeed(seed, dir.resolve("s" + seed));
        }
    }

    private void runSeed(final int seed, final Path d) {
        final Random r = new Random(seed);
        try (PageServer ps = PageServer.open(config(d))) {
            ps.createTenant(TENANT);
            final Timeline main = ps.createTimeline(TENANT, MAIN, TimelineHistoryTest.START);
            final TestWal wal = new TestWal(TimelineHistoryTest.START);
            final Model mainModel = new Model(Map.of(), TimelineHistoryTest.START);
            write(r, main, wal, mainModel, 30 + r.nextInt(80));
            final long fork = main.lastRecordLsn();
            final Timeline dev = ps.createBranch(TENANT, DEV, MAIN, fork);
            assertEquals(mainModel.bytesAt(fork), TimelineSizes.logicalSize(dev, fork), "seed " + seed + ": a new branch");
            final TestWal devWal = new TestWal(fork);
            final Model devModel = new Model(mainModel.at(fork), fork);
            write(r, dev, devWal, devModel, 1 + r.nextInt(60));
            write(r, main, wal, mainModel, r.nextInt(60));
            assertEquals(mainModel.bytesAt(main.lastRecordLsn()), TimelineSizes.logicalSize(main, main.lastRecordLsn()),
                "seed " + seed + ": main");
            assertEquals(devModel.bytesAt(dev.lastRecordLsn()), TimelineSizes.logicalSize(dev, dev.lastRecordLsn()),
                "seed " + seed + ": dev");
            for (int q = 0; q < 5; q++) {
                final long at = TimelineHistoryTest.START
                    + (long) (r.nextDouble() * (main.lastRecordLsn() - TimelineHistoryTest.START));
                assertEquals(mainModel.bytesAt(at), TimelineSizes.logicalSize(main, at), "seed " + seed + " at " + at);
            }
        }
    }

    private static void write(final Random r, final Timeline t, final TestWal wal, final Model m, final int n) {
        for (int i = 0; i < n; i++) {
            final int rel = 1 + r.nextInt(6);
            final int fork = r.nextInt(3) == 0 ? 1 : 0;
            if (r.nextInt(3) == 0) {
                final int blocks = r.nextInt(50);
                m.set(wal.relSize(1, rel, fork, blocks), rel + "/" + fork, blocks);
            } else {
                wal.fullPage(hi(rel), PageKey.relLo(rel, fork, r.nextInt(40)), i);
            }
            if (r.nextInt(8) == 0) {
                wal.ingestInto(t);
            }
            if (r.nextInt(15) == 0) {
                wal.ingestInto(t);
                t.flush();
            }
            if (r.nextInt(30) == 0) {
                wal.ingestInto(t);
                t.flush();
                t.compact();
                if (r.nextBoolean()) {
                    t.createImages();
                }
            }
        }
        wal.ingestInto(t);
    }

    @Test
    void branchOnlyBytesAreWhatNoOtherBranchReads() throws IOException {
        try (PageServer ps = PageServer.open(config(dir))) {
            ps.createTenant(TENANT);
            final Timeline main = ps.createTimeline(TENANT, MAIN, TimelineHistoryTest.START);
            final TestWal wal = new TestWal(TimelineHistoryTest.START);
            for (int b = 0; b < 20; b++) {
                wal.fullPage(hi(1), PageKey.relLo(1, 0, b), b);
            }
            wal.ingestInto(main);
            main.flush();
            final long fork = main.lastRecordLsn();
            assertTrue(TimelineSizes.branchOnlyBytes(main) > 0, "main alone holds its layers");
            final Timeline dev = ps.createBranch(TENANT, DEV, MAIN, fork);
            assertEquals(0, TimelineSizes.branchOnlyBytes(dev), "a new branch holds nothing of its own");
            assertEquals(0, TimelineSizes.branchOnlyBytes(main), "everything main has, dev reads");

            final TestWal devWal = new TestWal(fork);
            for (int b = 0; b < 10; b++) {
                devWal.fullPage(hi(1), PageKey.relLo(1, 0, b), 100 + b);
            }
            devWal.ingestInto(dev);
            final long inMemory = TimelineSizes.branchOnlyBytes(dev);
            assertTrue(inMemory > 0 && inMemory <= dev.info().inMemoryBytes() + layerBytes(d(dev)),
                "dev's writes, in memory (and flushed when full): " + inMemory);
            dev.flush();
            assertTrue(layerBytes(d(dev)) > 0, "flushed");
            assertEquals(0, dev.info().inMemoryBytes(), "all flushed: " + dev.info());
            assertEquals(layerBytes(d(dev)), TimelineSizes.branchOnlyBytes(dev), "dev's writes, in its layer files");
            assertEquals(0, TimelineSizes.branchOnlyBytes(main), "dev's writes are not main's");

            for (int b = 0; b < 10; b++) {
                wal.fullPage(hi(2), PageKey.relLo(2, 0, b), b);
            }
            wal.ingestInto(main);
            main.flush();
            assertTrue(TimelineSizes.branchOnlyBytes(main) > 0, "main's writes above the branch point are its own");
        }
    }

    private Path d(final Timeline t) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().contains(t.id().toString()))
                .findFirst().orElseThrow();
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long layerBytes(final Path timelineDir) throws IOException {
        long s = 0;
        try (Stream<Path> files = Files.list(timelineDir)) {
            for (final Path p : (Iterable<Path>) files::iterator) {
                if (io.stratum.engine.layer.LayerDesc.parse(p.getFileName().toString()) != null) {
                    s += Files.size(p);
                }
            }
        }
        return s;
    }
}
