package io.stratum.perf.engine;

import static io.stratum.perf.engine.EngineBenchSupport.*;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stratum bench ingest}: WAL ingest rate into layers, flushes to delta layer files included (the
 * clock stops after the last flush is durable). WAL: 1 full page image per 4 patches over a working set
 * of pages. Peer in the same run: 256 MiB written sequentially to a file and fsynced. Run with {@code -Xmx256m} to see memory stay bounded; the output names the heap limit and the
 * peak direct memory.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "WAL ingest rate into layers including flushes (run with -Xmx256m).")
public final class IngestBench implements Callable<Integer> {
    @Option(names = "--json", description = "print one JSON line")
    boolean json;

    @Option(names = "--mb", description = "MiB of WAL to ingest after warm-up (default ${DEFAULT-VALUE})")
    int mb = 2048;

    @Option(names = "--warmup-mb", description = "MiB of WAL ingested first, not measured (default ${DEFAULT-VALUE})")
    int warmupMb = 512;

    @Option(names = "--pages", description = "working set of distinct pages (default ${DEFAULT-VALUE})")
    int pages = 100_000;

    @Option(names = "--dir", description = "scratch directory parent (default: the system temp dir)")
    Path base;

    @Mixin
    ScaleOptions scale = new ScaleOptions();

    @Override
    public Integer call() throws Exception {
        if (scale.requested()) {
            return scale.bench(false, base, json).call();
        }
        final Path dir = scratchDir(base, "bench-ingest");
        try (MemoryWatch mem = new MemoryWatch();
             PageServer ps = PageServer.open(EngineConfig.builder(dir).build())) {
            final TenantId tenant = new TenantId(1, 1);
            ps.createTenant(tenant);
            final Timeline t = ps.createTimeline(tenant, new TimelineId(1, 1), START_LSN);
            final WalFeeder w = new WalFeeder(START_LSN);
            long seq = feed(t, w, (long) warmupMb << 20, 0);
            t.flush();
            final long bytes0 = w.bytes;
            final long t0 = System.nanoTime();
            seq = feed(t, w, (long) mb << 20, seq);
            t.flush();
            final double secs = (System.nanoTime() - t0) / 1e9;
            final double mbps = (w.bytes - bytes0) / secs / (1 << 20);
            long direct = 0;
            for (final BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                if (b.getName().equals("direct")) {
                    direct = b.getMemoryUsed();
                }
            }
            final double peer = writePeer(dir);
            final Map<String, Object> f = fields();
            f.put("mb_per_s", round(mbps));
            f.put("peer_write_mb_per_s", round(peer));
            f.put("wal_mb", mb);
            f.put("seconds", round(secs));
            f.put("layer_files", t.layerDescs().size());
            f.put("heap_max_mb", Runtime.getRuntime().maxMemory() >> 20);
            f.put("direct_used_mb", direct >> 20);
            mem.report(f, "");
            f.put("in_memory_layer_mb", ps.config().inMemoryLayerBytes() >> 20);
            print(json, "WAL ingest into layers (flushes and compaction included, heap -Xmx"
                + (Runtime.getRuntime().maxMemory() >> 20) + "m)", f);
            return 0;
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Peer: 256 MiB written sequentially to one file in 1 MiB writes, then one fsync. */
    private static double writePeer(final Path dir) throws java.io.IOException {
        final Path f = dir.resolve("write-peer");
        final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(1 << 20);
        final long t0 = System.nanoTime();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            for (int i = 0; i < 256; i++) {
                b.clear();
                b.putLong(0, i);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            ch.force(false);
        }
        final double secs = (System.nanoTime() - t0) / 1e9;
        java.nio.file.Files.delete(f);
        return 256 / secs;
    }

    private long feed(final Timeline t, final WalFeeder w, final long bytes, final long startSeq) {
        final long target = w.bytes + bytes;
        long seq = startSeq;
        while (w.bytes < target) {
            final int key = (int) ((seq * 2654435761L) % pages);
            if (seq % 5 == 0) {
                w.fullPage(t, key, seq);
            } else {
                w.patch(t, key, (int) (seq % 500) * 16, seq);
            }
            seq++;
        }
        w.flushBatch(t);
        return seq;
    }
}
