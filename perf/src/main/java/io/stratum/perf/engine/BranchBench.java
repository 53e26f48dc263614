package io.stratum.perf.engine;

import static io.stratum.perf.engine.EngineBenchSupport.*;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stratum bench branch}: time to create a branch (durable, metadata only) of a timeline holding
 * 10,000 pages and one holding 250,000 pages (2 GiB logical). Median of several branches each, at
 * different LSNs. Peer, measured right after each branch: one 8 KiB write + fsync on the same file system (a
 * branch costs two fsyncs: its metadata file and the tenant directory).
 */
@Command(name = "branch", mixinStandardHelpOptions = true,
    description = "Branch creation time in the engine on a small (10k pages) and a large (250k pages, 2 GiB) "
        + "timeline; with --e2e, branching end to end on local clusters loaded with pgbench data.")
public final class BranchBench implements Callable<Integer> {
    /** pgbench scale of about 1 GiB of data here: 14.4 MB of logical size per scale unit (perf/RESULTS.md, issue 12). */
    static final int GIB_SCALE = 75;

    @Option(names = "--json", description = "print one JSON line")
    boolean json;

    @Option(names = "--small-pages", description = "pages of the small timeline (default ${DEFAULT-VALUE})")
    int small = 10_000;

    @Option(names = "--large-pages", description = "pages of the large timeline (default ${DEFAULT-VALUE})")
    int large = 250_000;

    @Option(names = "--branches", description = "branches created per size (default ${DEFAULT-VALUE})")
    int branches = 21;

    @Option(names = "--dir", description = "scratch directory parent (default: the system temp dir)")
    Path base;

    @Option(names = "--e2e", description = "end to end on a local cluster with pgbench data: create_*_ms (until the "
        + "new branch answers), pitr_open_*_ms, diff_*_ms (after 1,000 changed rows)")
    boolean e2e;

    @Option(names = "--small-scale", description = "with --e2e: pgbench scale of the small database (default "
        + "${DEFAULT-VALUE}, as CI runs it; 0 skips it)")
    int smallScale = 1;

    @Option(names = "--large-scale", description = "with --e2e: pgbench scale of the large database (default "
        + "${DEFAULT-VALUE}; 0 skips it)")
    int largeScale = 4;

    @Option(names = "--issue-sizes", description = "with --e2e: the issue's sizes, 1 GiB and 10 GiB of pgbench data "
        + "(scales " + GIB_SCALE + " and " + 10 * GIB_SCALE + "), instead of --small-scale and --large-scale; with "
        + "--pitr-age 60 unless given")
    boolean issueSizes;

    @Option(names = "--pitr-age", description = "with --e2e: seconds to wait after the load before the runs, so the "
        + "read-only point is that far back (default 0; 60 with --issue-sizes)")
    Integer pitrAge;

    @Option(names = "--runs", description = "with --e2e: runs per size (default ${DEFAULT-VALUE})")
    int runs = 5;

    @Override
    public Integer call() throws Exception {
        if (e2e) {
            return BranchE2eBench.run(json, issueSizes ? GIB_SCALE : smallScale, issueSizes ? 10 * GIB_SCALE : largeScale,
                runs, base, pitrAge != null ? pitrAge : issueSizes ? 60 : 0);
        }
        final Path dir = scratchDir(base, "bench-branch");
        // Flush and compaction inline (no background thread), so no layer I/O runs while branches are timed.
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).backgroundThreads(0).build())) {
            final TenantId tenant = new TenantId(1, 1);
            ps.createTenant(tenant);
            final double smallMs = run(ps, tenant, new TimelineId(1, 1), small, dir);
            final double largeMs = run(ps, tenant, new TimelineId(2, 1), large, dir);
            Arrays.sort(peer, 0, peerCount);
            final double fsyncMs = peer[peerCount / 2];
            final Map<String, Object> f = fields();
            f.put("small_ms", round(smallMs));
            f.put("large_ms", round(largeMs));
            f.put("small_pages", small);
            f.put("large_pages", large);
            f.put("peer_write_fsync_ms", round(fsyncMs));
            print(json, "Branch creation (median of " + branches + ")", f);
            return 0;
        } finally {
            deleteRecursively(dir);
        }
    }

    private final double[] peer = new double[1024];
    private int peerCount;

    private double run(final PageServer ps, final TenantId tenant, final TimelineId id, final int pages,
        final Path dir) throws Exception {
        final Timeline t = ps.createTimeline(tenant, id, START_LSN);
        final WalFeeder w = new WalFeeder(START_LSN);
        for (int i = 0; i < pages; i++) {
            w.fullPage(t, i, i);
        }
        w.flushBatch(t);
        t.flush();
        final double[] ms = new double[branches];
        final long span = t.lastRecordLsn() - START_LSN;
        ps.createBranch(tenant, new TimelineId(id.hi(), 999), id, START_LSN + span / 2); // untimed: absorbs writeback
        for (int b = 0; b < branches; b++) {
            final long lsn = START_LSN + span * (b + 1) / branches;
            final TimelineId child = new TimelineId(id.hi(), 1000 + b);
            final long t0 = System.nanoTime();
            ps.createBranch(tenant, child, id, lsn);
            ms[b] = (System.nanoTime() - t0) / 1e6;
            peer[peerCount++] = fsyncPeer(dir);
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    private static double fsyncPeer(final Path dir) throws Exception {
        final Path f = dir.resolve("fsync-peer");
        final double[] ms = new double[1];
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8192);
            for (int i = 0; i < ms.length; i++) {
                final long t0 = System.nanoTime();
                b.clear();
                ch.write(b, 0);
                ch.force(false);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}
