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
        final CounterSnapshot.Builder bytes = counter("stratum_wal_appended_bytes",
            "WAL bytes appended to this node's copies");
        final CounterSnapshot.Builder entries = counter("stratum_wal_appended_entries",
            "WAL append entries applied on this node");
        final CounterSnapshot.Builder syncs = counter("stratum_wal_log_syncs", "fsyncs of this node's Raft logs");
        final CounterSnapshot.Builder syncSeconds = counter("stratum_wal_log_sync_seconds",
            "time this node's Raft logs spent in fsync");
        final HistogramSnapshot.Builder commit = HistogramSnapshot.builder().name("stratum_wal_commit_duration_seconds")
            .help("from a request reaching the leader to its entry applied there (the writer's answer), on the leader");
        final GaugeSnapshot.Builder role = gauge("stratum_wal_group_role",
            "1 for this node's current role in the tenant's group");
        final GaugeSnapshot.Builder term = gauge("stratum_wal_group_term",
            "current Raft term of the tenant's group on this node");
        final GaugeSnapshot.Builder lastIndex = gauge("stratum_wal_group_last_index",
            "last index of the group's Raft log on this node");
        final GaugeSnapshot.Builder failed = gauge("stratum_wal_group_failed",
            "1 when the group stopped on this node after an I/O error (fail-stop)");
        final GaugeSnapshot.Builder lag = gauge("stratum_wal_follower_lag_entries",
            "entries each follower is behind the leader's log (on the leader)");
        final GaugeSnapshot.Builder parked = gauge("stratum_wal_parked_reads",
            "WAL stream reads parked on this node waiting for new WAL (at most one per page-server stream)");
        final CounterSnapshot.Builder cut = counter("stratum_wal_log_tail_cut_entries",
            "Raft log entries a restart cut off here because the WAL copy had lost their records before this node "
                + "acknowledged them (the leader sends them again)");
        final double[] bounds = withInfinity(WalNodeStats.commitBounds());
        for (final WalNode n : nodes.get()) {
            final String node = Integer.toString(n.id());
            final Labels nl = Labels.of("node", node);
            final WalNodeStats s = n.stats();
            count(bytes, nl, s.appendedBytes());
            count(entries, nl, s.appendedEntries());
            count(syncs, nl, s.logSyncs());
            count(syncSeconds, nl, s.logSyncSeconds());
            set(parked, nl, s.parkedReads());
            count(cut, nl, s.tailCutEntries());
            commit.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(nl)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, s.commitCounts())).sum(s.commitSeconds())
                .build());
            for (final WalNode.GroupStats g : n.groupStats()) {
                final Labels gl = Labels.of("node", node, "tenant", g.tenant().toString());
                for (final String r : ROLES) {
                    set(role, Labels.of("node", node, "role", r, "tenant", g.tenant().toString()),
                        r.equals(g.role()) ? 1 : 0);
                }
                set(term, gl, g.term());
                set(lastIndex, gl, g.lastIndex());
                set(failed, gl, g.failure() == null ? 0 : 1);
                for (final Map.Entry<Integer, Long> e : g.followerLag().entrySet()) {
                    set(lag, Labels.of("follower", e.getKey().toString(), "node", node, "tenant",
                            g.tenant().toString()),
                        e.getValue());
                }
            }
        }
        return MetricSnapshots.of(bytes.build(), entries.build(), syncs.build(), syncSeconds.build(), commit.build(),
            role.build(), term.build(), lastIndex.build(), failed.build(), lag.build(), parked.build(), cut.build());
    }

    private static CounterSnapshot.Builder counter(final String name, final String help) {
        return CounterSnapshot.builder().name(name).help(help);
    }

    private static GaugeSnapshot.Builder gauge(final String name, final String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static void count(final CounterSnapshot.Builder b, final Labels labels, final double value) {
        b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build());
    }

    private static void set(final GaugeSnapshot.Builder b, final Labels labels, final double value) {
        b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
    }

    private static double[] withInfinity(final double[] bounds) {
        final double[] out = java.util.Arrays.copyOf(bounds, bounds.length + 1);
        out[bounds.length] = Double.POSITIVE_INFINITY;
        return out;
    }
}
