package io.stratum.compute;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.stratum.mvcc.BufferPool;
import io.stratum.mvcc.CommitObserver;
import java.util.function.Supplier;

/**
 * The compute's Prometheus metrics ({@code stratum_compute_*}): connections, transactions by outcome,
 * commit latency (COMMIT to durable on a WAL quorum), buffer-pool hits and misses (a miss is one
 * page-server round trip) and hit ratio, and WAL appends held back for the page server's ingest
 * ({@link IngestBackpressure}). It observes every read-write branch's commits. Threads: none.
 */
final class ComputeMetrics implements CommitObserver {
    /** Commit latency buckets, in seconds: 100 us to 5 s. */
    private static final double[] COMMIT_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    final PrometheusRegistry registry = new PrometheusRegistry();
    private final CounterDataPoint commits;
    private final CounterDataPoint rollbacks;
    private final Histogram commitSeconds;

    ComputeMetrics(final Supplier<ComputeNode> node) {
        final Counter transactions = Counter.builder().name("stratum_compute_transactions")
            .help("Transactions ended, by outcome").labelNames("outcome").register(registry);
        commits = transactions.labelValues("commit");
        rollbacks = transactions.labelValues("rollback");
        commitSeconds = Histogram.builder().name("stratum_compute_commit_duration_seconds")
            .help("COMMIT of a transaction that wrote, until its commit record is on a quorum of WAL nodes")
            .classicOnly().classicUpperBounds(COMMIT_BUCKETS).register(registry);
        registry.register(GaugeWithCallback.builder().name("stratum_compute_connections")
            .help("Open PostgreSQL connections").callback(c -> {
                final ComputeNode n = node.get();
                c.call(n == null ? 0 : n.sessionCount());
            }).build());
        registry.register(CounterWithCallback.builder().name("stratum_compute_buffer_pool_hits")
            .help("Buffer pool pins served from memory, all open branches")
            .callback(c -> c.call(sum(node.get(), true))).build());
        registry.register(CounterWithCallback.builder().name("stratum_compute_buffer_pool_misses")
            .help("Buffer pool pins that read the page from the page server (page server round trips)")
            .callback(c -> c.call(sum(node.get(), false))).build());
        registry.register(CounterWithCallback.builder().name("stratum_compute_ingest_backpressure_waits")
            .help("WAL appends held back because the page server's ingest lagged more than max-ingest-lag")
            .callback(c -> c.call(backpressure(node.get(), 0))).build());
        registry.register(CounterWithCallback.builder().name("stratum_compute_ingest_backpressure_seconds")
            .help("Time WAL appends were held back for the page server's ingest")
            .callback(c -> c.call(backpressure(node.get(), 1) / 1e9)).build());
        registry.register(CounterWithCallback.builder().name("stratum_compute_ingest_backpressure_stalls")
            .help("Times the page server's ingest did not move (or could not be asked) and appends were let through")
            .callback(c -> c.call(backpressure(node.get(), 2))).build());
        registry.register(GaugeWithCallback.builder().name("stratum_compute_buffer_pool_hit_ratio")
            .help("Buffer pool hits / pins since start").callback(c -> {
                final double h = sum(node.get(), true);
                final double m = sum(node.get(), false);
                c.call(h + m == 0 ? 0 : h / (h + m));
            }).build());
    }

    @Override
    public void committed(final boolean wrote, final long nanos) {
        commits.inc();
        if (wrote) {
            commitSeconds.observe(nanos / 1e9);
        }
    }

    @Override
    public void rolledBack() {
        rollbacks.inc();
    }

    private static double backpressure(final ComputeNode n, final int which) {
        if (n == null) {
            return 0;
        }
        final IngestBackpressure.Stats s = n.backpressure();
        return (which == 0 ? s.held : which == 1 ? s.heldNanos : s.stalls).sum();
    }

    private static double sum(final ComputeNode n, final boolean hits) {
        if (n == null) {
            return 0;
        }
        double s = 0;
        for (final BufferPool p : n.bufferPools()) {
            s += hits ? p.hits() : p.misses();
        }
        return s;
    }
}
