package io.stratum.cluster;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.stratum.raft.WalNode;
import io.stratum.raft.WalNodeStats;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code stratum_wal_*} metrics of the WAL nodes running in this process, read from each node's
 * {@link WalNode#stats()} and {@link WalNode#groupStats()} at scrape time. Every series has a {@code node}
 * label (the node id); per-group series a {@code tenant} label, follower lag a {@code follower} label.
 * <p>Threads: none (the HTTP server that scrapes calls {@link #collect()}).
 */
public final class WalNodeMetrics implements MultiCollector {
    private static final String[] ROLES = {"LEADER", "FOLLOWER", "CANDIDATE", "LISTENER"};

    private final Supplier<Collection<WalNode>> nodes;

    /** @param nodes the nodes to report, asked at each scrape (stopped nodes may be left out) */
    public WalNodeMetrics(final Supplier<Collection<WalNode>> nodes) {
        this.nodes = nodes;
    }

    @Override
    public MetricSnapshots collect() {
        final CounterSnapshot.Builder bytes = CounterSnapshot.builder().name("stratum_wal_appended_bytes")
            .help("WAL bytes appended to this node's copies");
        final CounterSnapshot.Builder entries = CounterSnapshot.builder().name("stratum_wal_appended_entries")
            .help("WAL append entries applied on this node");
        final CounterSnapshot.Builder syncs = CounterSnapshot.builder().name("stratum_wal_log_syncs")
            .help("fsyncs of this node's Raft logs");
        final CounterSnapshot.Builder syncSeconds = CounterSnapshot.builder().name("stratum_wal_log_sync_seconds")
            .help("time this node's Raft logs spent in fsync");
        final HistogramSnapshot.Builder commit = HistogramSnapshot.builder().name("stratum_wal_commit_duration_seconds")
            .help("from a request reaching the leader to its entry applied there (the writer's answer), on the leader");
        final GaugeSnapshot.Builder role = GaugeSnapshot.builder().name("stratum_wal_group_role")
            .help("1 for this node's current role in the tenant's group");
        final GaugeSnapshot.Builder term = GaugeSnapshot.builder().name("stratum_wal_group_term")
            .help("current Raft term of the tenant's group on this node");
        final GaugeSnapshot.Builder lastIndex = GaugeSnapshot.builder().name("stratum_wal_group_last_index")
            .help("last index of the group's Raft log on this node");
        final GaugeSnapshot.Builder failed = GaugeSnapshot.builder().name("stratum_wal_group_failed")
            .help("1 when the group stopped on this node after an I/O error (fail-stop)");
        final GaugeSnapshot.Builder lag = GaugeSnapshot.builder().name("stratum_wal_follower_lag_entries")
            .help("entries each follower is behind the leader's log (on the leader)");
        final double[] bounds = withInfinity(WalNodeStats.commitBounds());
        for (final WalNode n : nodes.get()) {
            final String node = Integer.toString(n.id());
            final Labels nl = Labels.of("node", node);
            final WalNodeStats s = n.stats();
            bytes.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(nl).value(s.appendedBytes()).build());
            entries.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(nl).value(s.appendedEntries()).build());
            syncs.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(nl).value(s.logSyncs()).build());
            syncSeconds.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(nl).value(s.logSyncSeconds())
                .build());
            commit.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(nl)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, s.commitCounts())).sum(s.commitSeconds())
                .build());
            for (final WalNode.GroupStats g : n.groupStats()) {
                final Labels gl = Labels.of("node", node, "tenant", g.tenant().toString());
                for (final String r : ROLES) {
                    role.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("node", node, "role", r, "tenant", g.tenant().toString()))
                        .value(r.equals(g.role()) ? 1 : 0).build());
                }
                term.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(gl).value(g.term()).build());
                lastIndex.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(gl).value(g.lastIndex()).build());
                failed.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(gl)
                    .value(g.failure() == null ? 0 : 1).build());
                for (final Map.Entry<Integer, Long> e : g.followerLag().entrySet()) {
                    lag.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("follower", e.getKey().toString(), "node", node, "tenant", g.tenant().toString()))
                        .value(e.getValue()).build());
                }
            }
        }
        return MetricSnapshots.of(bytes.build(), entries.build(), syncs.build(), syncSeconds.build(), commit.build(),
            role.build(), term.build(), lastIndex.build(), failed.build(), lag.build());
    }

    private static double[] withInfinity(final double[] bounds) {
        final double[] out = java.util.Arrays.copyOf(bounds, bounds.length + 1);
        out[bounds.length] = Double.POSITIVE_INFINITY;
        return out;
    }
}
