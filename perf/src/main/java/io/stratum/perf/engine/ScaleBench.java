package io.stratum.perf.engine;

import static io.stratum.perf.engine.EngineBenchSupport.*;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.EngineStats;
import io.stratum.engine.PageServer;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.ForwardingFileIo;
import io.stratum.wal.io.IoFile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The {@code --timeline-gib} runs of {@code stratum bench ingest} and {@code stratum bench getpage}: for
 * each size in turn, a fresh page server (default {@link EngineConfig}: background flushes, compaction,
 * image creation, 64 MiB page cache) gets a timeline of that much logical page data, 131,072 pages of
 * 8 KiB per GiB, built from WAL:
 * <ol>
 * <li>load: one full page image of every page, in key order (tuple-shaped content, about half
 *     incompressible);</li>
 * <li>updates: {@code updateRatio} x the size of WAL over pages drawn uniformly at random: 49 in 50
 *     records a 16..64 byte patch, 1 in 50 a new full page image; so every size has the same changes
 *     per page (about 7 records at 0.25), and a larger one more flushes, compactions and layers.</li>
 * </ol>
 * Measured per size: ingest MB/s (clock stopped when the last flush is durable, background maintenance
 * running meanwhile), the background thread's CPU time, the maintenance still due after the ingest
 * ({@code compact()} until nothing is left), then with {@code getPage} GetPage@LSN latency over random
 * pages at random LSNs of the update phase (the page cache mostly misses: a key is rarely read twice at
 * the same LSN), then a full image pass ({@code createImages()}) over every page. Heap and direct memory
 * from {@link MemoryWatch}. The last line is the ratio of the last size's GetPage p99 to the first's.
 *
 * <p>Threads: the caller's, the page server's background thread, and the JDK's GC notification thread.
 */
final class ScaleBench {
    static final int PAGES_PER_GIB = 131_072;
    private static final TenantId TENANT = new TenantId(1, 1);
    private static final TimelineId MAIN = new TimelineId(1, 1);

    double[] sizesGib;
    double updateRatio = 0.25;
    boolean getPage = true;
    int warmup = 5;
    int seconds = 10;
    Path base;
    boolean json;

    int call() throws IOException {
        final Map<String, Object> all = fields();
        final StringBuilder sizes = new StringBuilder();
        double firstP99 = -1;
        double lastP99 = -1;
        for (final double gib : sizesGib) {
            final String tag = "gib" + format(gib) + "_";
            sizes.append(sizes.length() == 0 ? "" : ",").append(format(gib));
            final Map<String, Object> f = one(gib);
            if (!json) {
                print(false, String.format(Locale.ROOT, "Timeline of %s GiB (%,d pages, -Xmx%dm)", format(gib),
                    f.get("pages"), Runtime.getRuntime().maxMemory() >> 20), f);
            }
            for (final Map.Entry<String, Object> e : f.entrySet()) {
                all.put(tag + e.getKey(), e.getValue());
            }
            if (getPage) {
                final double p99 = (Double) f.get("getpage_p99_us");
                firstP99 = firstP99 < 0 ? p99 : firstP99;
                lastP99 = p99;
            }
        }
        final Map<String, Object> head = fields();
        head.put("sizes_gib", sizes.toString());
        head.put("update_ratio", updateRatio);
        head.put("heap_max_mb", Runtime.getRuntime().maxMemory() >> 20);
        if (getPage && sizesGib.length > 1) {
            head.put("p99_ratio_last_to_first", round(lastP99 / firstP99));
        }
        head.putAll(all);
        if (json) {
            print(true, "", head);
        } else if (head.containsKey("p99_ratio_last_to_first")) {
            System.out.printf(Locale.ROOT, "GetPage p99 at %s GiB / at %s GiB: %.2f x%n", format(sizesGib[sizesGib.length - 1]),
                format(sizesGib[0]), head.get("p99_ratio_last_to_first"));
        }
        return 0;
    }

    static String format(final double gib) {
        return gib == Math.rint(gib) ? Long.toString((long) gib) : Double.toString(gib);
    }

    /** Builds and measures one timeline of {@code gib} GiB of pages in a scratch directory, deleted after. */
    private Map<String, Object> one(final double gib) throws IOException {
        final int pages = (int) Math.max(64, Math.round(gib * PAGES_PER_GIB));
        final Path dir = scratchDir(base, "bench-scale");
        System.gc(); // the previous size's garbage does not count against this one
        final Map<String, Object> f = fields();
        f.put("pages", pages);
        final ReadCounter reads = new ReadCounter();
        try (MemoryWatch mem = new MemoryWatch();
             PageServer ps = PageServer.open(EngineConfig.builder(dir).fileIo(reads).build())) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, MAIN, START_LSN);
            final WalFeeder w = new WalFeeder(START_LSN);
            final SplittableRandom r = new SplittableRandom(pages);
            final long bg0 = backgroundCpuNanos();
            final long t0 = System.nanoTime();
            for (int i = 0; i < pages; i++) {
                w.dataPage(t, i, i);
                if ((i & 1023) == 0) {
                    mem.sample();
                }
            }
            w.flushBatch(t);
            final long loadEnd = t.lastRecordLsn();
            final long updateBytes = (long) (updateRatio * pages * PageKey.PAGE_SIZE);
            long n = 0;
            while (w.bytes < (loadEnd - START_LSN) + updateBytes) {
                final int key = r.nextInt(pages);
                if (r.nextInt(50) == 0) {
                    w.dataPage(t, key, n);
                } else {
                    w.patch(t, key, 24 + r.nextInt(PageKey.PAGE_SIZE - 24 - 64), 16 + r.nextInt(49), n);
                }
                if ((++n & 4095) == 0) {
                    mem.sample();
                }
            }
            w.flushBatch(t);
            t.flush();
            final double ingestS = (System.nanoTime() - t0) / 1e9;
            final long bgNanos = backgroundCpuNanos() - bg0;
            f.put("wal_mb", w.bytes >> 20);
            f.put("ingest_mb_per_s", round((w.bytes / (double) (1 << 20)) / ingestS));
            f.put("ingest_s", round(ingestS));
            f.put("bg_cpu_s", round(bgNanos / 1e9));
            final long d0 = System.nanoTime();
            int rounds = 0;
            while (t.compact()) {
                rounds++;
            }
            f.put("maintenance_left_s", round((System.nanoTime() - d0) / 1e9));
            f.put("maintenance_left_rounds", rounds);
            f.put("compactions", ps.stats().compactions());
            f.put("layer_files", t.layerDescs().size());
            f.put("disk_mb", diskBytes(dir) >> 20);
            mem.sample();
            if (getPage) {
                getPage(ps, t, pages, loadEnd, mem, reads, f);
            }
            final long i0 = System.nanoTime();
            t.createImages();
            final double imageS = (System.nanoTime() - i0) / 1e9;
            f.put("image_pass_s", round(imageS));
            f.put("image_pass_pages_per_s", Math.round(pages / imageS));
            f.put("layer_files_end", t.layerDescs().size());
            f.put("disk_mb_end", diskBytes(dir) >> 20);
            mem.report(f, "");
        } finally {
            deleteRecursively(dir);
        }
        return f;
    }

    /** GetPage@LSN of random pages at random LSNs in (loadEnd, last]: warm-up, then the measured seconds. */
    private void getPage(final PageServer ps, final Timeline t, final int pages, final long loadEnd,
        final MemoryWatch mem, final ReadCounter reads, final Map<String, Object> f) throws IOException {
        final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
        final SplittableRandom r = new SplittableRandom(7);
        final long last = t.lastRecordLsn();
        final Histogram h = new Histogram(3);
        final Histogram fileReads = new Histogram(3);
        final Histogram visits = new Histogram(3);
        long disk0 = 0;
        final EngineStats stats = ps.stats();
        long hits0 = 0;
        long misses0 = 0;
        long depth0 = 0;
        long rebuilt0 = 0;
        for (int phase = 0; phase < 2; phase++) {
            if (phase == 1) {
                hits0 = ps.pageCache().hits();
                misses0 = ps.pageCache().misses();
                depth0 = stats.depthSum();
                rebuilt0 = reconstructions(stats);
                disk0 = diskReadBytes();
            }
            final long end = System.nanoTime() + (phase == 0 ? warmup : seconds) * 1_000_000_000L;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 256; i++) {
                    final int k = r.nextInt(pages);
                    final long lsn = loadEnd + 1 + r.nextLong(last - loadEnd);
                    final long r0 = reads.reads.sum();
                    final long v0 = stats.layerVisits();
                    final long s = System.nanoTime();
                    t.getPage(keyHi(k), keyLo(k), lsn, out, 0);
                    if (phase == 1) {
                        h.recordValue(System.nanoTime() - s);
                        fileReads.recordValue(reads.reads.sum() - r0);
                        visits.recordValue(stats.layerVisits() - v0);
                    }
                }
                mem.sample();
            }

        }
        final long hits = ps.pageCache().hits() - hits0;
        final long misses = ps.pageCache().misses() - misses0;
        final long rebuilt = reconstructions(stats) - rebuilt0;
        f.put("getpage_p50_us", round(h.getValueAtPercentile(50) / 1000.0));
        f.put("getpage_p99_us", round(h.getValueAtPercentile(99) / 1000.0));
        f.put("getpage_p999_us", round(h.getValueAtPercentile(99.9) / 1000.0));
        f.put("getpage_max_us", round(h.getMaxValue() / 1000.0));
        f.put("getpage_reads", h.getTotalCount());
        f.put("file_reads_avg", round(fileReads.getMean()));
        f.put("file_reads_p99", fileReads.getValueAtPercentile(99));
        // delta layers consulted (key filter checked) per GetPage: the engine's count
        f.put("layers_visited_avg", round(visits.getMean()));
        f.put("layers_visited_p99", visits.getValueAtPercentile(99));
        f.put("disk_read_mb", (diskReadBytes() - disk0) >> 20);
        f.put("cache_hit_pct", round(100.0 * hits / Math.max(1, hits + misses)));
        f.put("records_replayed_avg", round((stats.depthSum() - depth0) / (double) Math.max(1, rebuilt)));
    }

    /** Counts positional reads of files opened read-only (layer blocks; a mapped index is not read). */
    private static final class ReadCounter extends ForwardingFileIo {
        final LongAdder reads = new LongAdder();

        ReadCounter() {
            super(FileIo.real());
        }

        @Override
        public IoFile openReadOnly(final Path path) throws IOException {
            return new ForwardingIoFile(super.openReadOnly(path)) {
                @Override
                public int read(final ByteBuffer dst, final long position) throws IOException {
                    reads.increment();
                    return super.read(dst, position);
                }
            };
        }
    }

    /** Bytes this process read from the block device (Linux {@code /proc/self/io}; 0 elsewhere). */
    private static long diskReadBytes() throws IOException {
        final Path io = Path.of("/proc/self/io");
        if (!Files.isReadable(io)) {
            return 0;
        }
        for (final String line : Files.readAllLines(io)) {
            if (line.startsWith("read_bytes:")) {
                return Long.parseLong(line.substring(11).trim());
            }
        }
        return 0;
    }

    private static long reconstructions(final EngineStats s) {
        long n = 0;
        for (int i = 0; i < s.depthBuckets(); i++) {
            n += s.depthCount(i);
        }
        return n;
    }

    /** CPU time of the engine's background thread(s), by name. */
    private static long backgroundCpuNanos() {
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (final Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().startsWith("stratum-engine-bg")) {
                final long c = mx.getThreadCpuTime(th.getId());
                sum += Math.max(0, c);
            }
        }
        return sum;
    }

    private static long diskBytes(final Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
