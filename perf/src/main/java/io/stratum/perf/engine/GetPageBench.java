package io.stratum.perf.engine;

import static io.stratum.perf.engine.EngineBenchSupport.*;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stratum bench getpage}: GetPage@LSN in process. (1) reconstructed-page-cache hits; (2) pages
 * rebuilt from an image layer plus 10 delta layers on disk (OS cache warm, page cache off); (3) pages per
 * second with 2 threads reading a mix of both. Peer measured in the same run: a plain 8 KiB off-heap copy.
 */
@Command(name = "getpage", mixinStandardHelpOptions = true,
    description = "GetPage@LSN latency: cache hit, and image + 10 deltas reconstruction; mixed throughput.")
public final class GetPageBench implements Callable<Integer> {
    @Option(names = "--json", description = "print one JSON line")
    boolean json;

    @Option(names = "--remote",
        description = "measure GetPage over the page service on loopback TCP instead, against a bare request/response floor in the same run")
    boolean remote;

    @Option(names = "--clients", defaultValue = "4", description = "with --remote: client threads in the throughput phase (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--pages", description = "distinct pages (default ${DEFAULT-VALUE})")
    int pages = 2000;

    @Option(names = "--warmup-seconds", description = "warm-up per phase (default ${DEFAULT-VALUE})")
    int warmup = 5;

    @Option(names = "--seconds", description = "measurement per phase (default ${DEFAULT-VALUE})")
    int seconds = 5;

    @Option(names = "--dir", description = "scratch directory parent (default: the system temp dir)")
    Path base;

    @Mixin
    ScaleOptions scale = new ScaleOptions();

    private static final TenantId TENANT = new TenantId(1, 1);
    private static final TimelineId MAIN = new TimelineId(1, 1);

    @Override
    public Integer call() throws Exception {
        if (remote) {
            final RemoteGetPageBench r = new RemoteGetPageBench();
            r.json = json;
            r.clients = clients;
            r.pages = pages;
            r.warmup = warmup;
            r.seconds = seconds;
            r.base = base;
            return r.call();
        }
        if (scale.requested()) {
            final ScaleBench s = scale.bench(true, base, json);
            s.warmup = warmup;
            s.seconds = seconds;
            return s.call();
        }
        final Path dir = scratchDir(base, "bench-getpage");
        try {
            final long last = build(dir);
            final Histogram miss = new Histogram(3);
            final Histogram hit = new Histogram(3);
            final Histogram copy = new Histogram(3);
            try (PageServer ps = PageServer.open(config(dir, -1))) {
                final Timeline t = ps.timeline(TENANT, MAIN);
                measure(t, last, pages, warmup, null);
                measure(t, last, pages, seconds, miss);
            }
            final double perS;
            try (PageServer ps = PageServer.open(config(dir, 256L << 20))) {
                final Timeline t = ps.timeline(TENANT, MAIN);
                measure(t, last, 64, 1, null);
                measure(t, last, 64, warmup, null);
                measure(t, last, 64, seconds, hit);
                measureCopy(warmup, null);
                measureCopy(seconds, copy);
                perS = mixed(t, last);
            }
            final Map<String, Object> f = fields();
            f.put("hit_p50_us", round(hit.getValueAtPercentile(50) / 1000.0));
            f.put("hit_p99_us", round(hit.getValueAtPercentile(99) / 1000.0));
            f.put("deltas10_p50_us", round(miss.getValueAtPercentile(50) / 1000.0));
            f.put("deltas10_p99_us", round(miss.getValueAtPercentile(99) / 1000.0));
            f.put("pages_per_s", Math.round(perS));
            f.put("peer_copy8k_p50_us", round(copy.getValueAtPercentile(50) / 1000.0));
            f.put("pages", pages);
            f.put("warmup_s", warmup);
            f.put("seconds", seconds);
            print(json, "GetPage@LSN (in process; image layer + 10 delta layers per page)", f);
            return 0;
        } finally {
            deleteRecursively(dir);
        }
    }

    private EngineConfig config(final Path dir, final long cache) {
        return EngineConfig.builder(dir).backgroundThreads(0).autoCompact(false).pageCacheBytes(cache).build();
    }

    /** Writes an image layer of every page, then 10 flushed delta layers each patching every page. */
    private long build(final Path dir) {
        try (PageServer ps = PageServer.open(config(dir, -1))) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, MAIN, START_LSN);
            return imagePlusDeltas(t, pages, 10);
        }
    }

    private static void measure(final Timeline t, final long lsn, final int keys, final int secs, final Histogram h) {
        final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
        final ThreadLocalRandom r = ThreadLocalRandom.current();
        final long end = System.nanoTime() + secs * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 256; i++) {
                final int k = r.nextInt(keys);
                final long t0 = System.nanoTime();
                t.getPage(keyHi(k), keyLo(k), lsn, out, 0);
                final long dt = System.nanoTime() - t0;
                if (h != null) {
                    h.recordValue(dt);
                }
            }
        }
    }

    private static void measureCopy(final int secs, final Histogram h) {
        final UnsafeBuffer src = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE * 64));
        final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
        final ThreadLocalRandom r = ThreadLocalRandom.current();
        final long end = System.nanoTime() + secs * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 256; i++) {
                final int k = r.nextInt(64);
                final long t0 = System.nanoTime();
                out.putBytes(0, src, k * PageKey.PAGE_SIZE, PageKey.PAGE_SIZE);
                final long dt = System.nanoTime() - t0;
                if (h != null) {
                    h.recordValue(dt);
                }
            }
        }
    }

    /** Two threads, each reading random pages at random LSNs of the last 11 flushes (hits and rebuilds). */
    private double mixed(final Timeline t, final long lsn) throws InterruptedException {
        final AtomicLong count = new AtomicLong();
        final long end = System.nanoTime() + seconds * 1_000_000_000L;
        final Thread[] threads = new Thread[2];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
                final ThreadLocalRandom r = ThreadLocalRandom.current();
                long n = 0;
                while (System.nanoTime() < end) {
                    final int k = r.nextInt(pages);
                    t.getPage(keyHi(k), keyLo(k), lsn - r.nextInt(2) * r.nextInt(1000), out, 0);
                    n++;
                }
                count.addAndGet(n);
            });
            threads[i].start();
        }
        for (final Thread th : threads) {
            th.join();
        }
        return count.get() / (double) seconds;
    }
}
