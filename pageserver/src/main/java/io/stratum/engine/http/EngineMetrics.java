package io.stratum.engine.http;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.stratum.engine.PageServer;
import io.stratum.engine.TimelineInfo;
import io.stratum.engine.ingest.WalReceiver;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.service.PageService;
import io.stratum.wal.TenantId;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The page server's Prometheus metrics, all read at scrape time from counters the components keep
 * (nothing on the hot path knows Prometheus).
 */
public final class EngineMetrics {
    private EngineMetrics() {
    }

    /**
     * Registers the metrics of a page server, its page service (may be null) and its WAL receivers.
     */
    public static PrometheusRegistry register(final PrometheusRegistry registry, final PageServer ps,
                                              final PageService service,
                                              final Supplier<Collection<WalReceiver>> receivers) {
        if (service != null) {
            registry.register(CounterWithCallback.builder().name("stratum_getpage_requests")
                .help("Page service requests answered").callback(c -> c.call(service.requestCount())).build());
            registry.register(CounterWithCallback.builder().name("stratum_getpage_pages")
                .help("Pages sent by the page service").callback(c -> c.call(service.pageCount())).build());
            registry.register(CounterWithCallback.builder().name("stratum_getpage_errors")
                .help("Page service error responses").callback(c -> c.call(service.errorCount())).build());
            registry.register(GaugeWithCallback.builder().name("stratum_pageservice_connections")
                .help("Open page service connections").callback(c -> c.call(service.connectionCount())).build());
            final PageService.Latency lat = service.latency();
            final double[] bounds = new double[PageService.Latency.BOUNDS_US.length];
            for (int i = 0; i < bounds.length; i++) {
                bounds[i] = PageService.Latency.BOUNDS_US[i] / 1e6;
            }
            registry.register(histogram("stratum_getpage_latency_seconds",
                "Page service request latency, from request read to response written", bounds, lat::count,
                () -> lat.sumMicros() / 1e6));
        }
        final io.stratum.engine.EngineStats stats = ps.stats();
        registry.register(CounterWithCallback.builder().name("stratum_compactions")
            .help("Compactions that wrote layers (level-0 merges and image creation)")
            .callback(c -> c.call(stats.compactions())).build());
        registry.register(CounterWithCallback.builder().name("stratum_gc_runs")
            .help("GC runs").callback(c -> c.call(stats.gcRuns())).build());
        registry.register(CounterWithCallback.builder().name("stratum_gc_deleted_layers")
            .help("Layer files deleted by GC").callback(c -> c.call(stats.gcDeletedLayers())).build());
        registry.register(histogram("stratum_reconstruction_depth",
            "WAL records replayed on top of the base image per page reconstruction (cache misses)",
            toDoubles(io.stratum.engine.EngineStats.DEPTH_BOUNDS), stats::depthCount, stats::depthSum));
        registry.register(CounterWithCallback.builder().name("stratum_reconstruction_layer_visits")
            .help("Delta layers whose key filter a page reconstruction checked (read depth; per reconstruction: divide "
                + "by the depth histogram's count)").callback(c -> c.call(stats.layerVisits())).build());
        registry.register(CounterWithCallback.builder().name("stratum_reconstruction_block_reads")
            .help("Layer file blocks page reconstructions read").callback(c -> c.call(stats.blockReads())).build());
        registry.register(CounterWithCallback.builder().name("stratum_page_cache_hits")
            .help("Reconstructed-page cache hits").callback(c -> c.call(ps.pageCache().hits())).build());
        registry.register(CounterWithCallback.builder().name("stratum_page_cache_misses")
            .help("Reconstructed-page cache misses").callback(c -> c.call(ps.pageCache().misses())).build());
        registry.register(GaugeWithCallback.builder().name("stratum_page_cache_hit_ratio")
            .help("Reconstructed-page cache hits / lookups since start").callback(c -> {
                final long h = ps.pageCache().hits();
                final long total = h + ps.pageCache().misses();
                c.call(total == 0 ? 0 : (double) h / total);
            }).build());
        registry.register(GaugeWithCallback.builder().name("stratum_timeline_last_record_lsn")
            .help("End LSN of the last record ingested").labelNames("tenant", "timeline")
            .callback(c -> forEach(ps, (t, i) -> c.call(i.lastRecordLsn(), t.toString(), i.id().toString()))).build());
        registry.register(GaugeWithCallback.builder().name("stratum_timeline_disk_consistent_lsn")
            .help("LSN up to which the timeline's layers are durable").labelNames("tenant", "timeline")
            .callback(c -> forEach(ps, (t, i) -> c.call(i.diskConsistentLsn(), t.toString(), i.id().toString())))
            .build());
        registry.register(GaugeWithCallback.builder().name("stratum_timeline_unpersisted_wal_bytes")
            .help("WAL ingested but not yet in a durable layer (persist lag)").labelNames("tenant", "timeline")
            .callback(c -> forEach(ps, (t, i) -> c.call(i.lastRecordLsn() - i.diskConsistentLsn(), t.toString(),
                i.id().toString()))).build());
        registry.register(GaugeWithCallback.builder().name("stratum_timeline_failed")
            .help("1 when the timeline is FAILED (ingest and maintenance refused; the reason is in the API)")
            .labelNames("tenant", "timeline")
            .callback(c -> forEach(ps, (t, i) -> c.call(i.failure() == null ? 0 : 1, t.toString(), i.id().toString())))
            .build());
        registry.register(GaugeWithCallback.builder().name("stratum_layer_files")
            .help("Layer files per timeline and kind (image, delta_l0 = all keys, delta_l1 = a key range)")
            .labelNames("tenant", "timeline", "kind")
            .callback(c -> forEach(ps, (t, i) -> {
                long image = 0;
                long l0 = 0;
                long l1 = 0;
                for (final LayerDesc d : ps.timeline(t, i.id()).layerDescs()) {
                    if (d.image()) {
                        image++;
                    } else if (d.fullKeyRange()) {
                        l0++;
                    } else {
                        l1++;
                    }
                }
                c.call(image, t.toString(), i.id().toString(), "image");
                c.call(l0, t.toString(), i.id().toString(), "delta_l0");
                c.call(l1, t.toString(), i.id().toString(), "delta_l1");
            })).build());
        registry.register(CounterWithCallback.builder().name("stratum_ingest_bytes")
            .help("WAL bytes received and ingested").labelNames("timeline")
            .callback(c -> {
                for (final WalReceiver r : receivers.get()) {
                    c.call(r.bytesIngested(), r.timeline().id().toString());
                }
            }).build());
        registry.register(CounterWithCallback.builder().name("stratum_ingest_reconnects")
            .help("Times a WAL stream was reopened after a failure").labelNames("timeline")
            .callback(c -> {
                for (final WalReceiver r : receivers.get()) {
                    c.call(r.reconnects(), r.timeline().id().toString());
                }
            }).build());
        return registry;
    }

    private interface TimelineVisitor {
        void visit(TenantId tenant, TimelineInfo info);
    }

    private static void forEach(final PageServer ps, final TimelineVisitor v) {
        for (final TenantId t : ps.tenants()) {
            for (final TimelineInfo i : ps.listTimelines(t)) {
                try {
                    v.visit(t, i);
                } catch (final io.stratum.wal.StratumException e) {
                    // deleted during the scrape: leave it out rather than fail the whole scrape
                }
            }
        }
    }

    private static double[] toDoubles(final int[] v) {
        final double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** A classic histogram read at scrape time from per-bucket counts (the last bucket is +Inf). */
    private static Collector histogram(final String name, final String help, final double[] upperBounds,
                                       final java.util.function.IntToLongFunction count,
                                       final java.util.function.DoubleSupplier sum) {
        return new Collector() {
            @Override
            public MetricSnapshot collect() {
                final double[] bounds = java.util.Arrays.copyOf(upperBounds, upperBounds.length + 1);
                bounds[upperBounds.length] = Double.POSITIVE_INFINITY;
                final long[] counts = new long[bounds.length];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = count.applyAsLong(i);
                }
                return HistogramSnapshot.builder().name(name).help(help)
                    .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                        .sum(sum.getAsDouble()).build())
                    .build();
            }

            @Override
            public String getPrometheusName() {
                return name;
            }
        };
    }
}
