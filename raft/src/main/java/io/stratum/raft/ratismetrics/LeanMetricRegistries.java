package io.stratum.raft.ratismetrics;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.util.TimeDuration;

/**
 * The {@link MetricRegistries} Ratis uses in our processes, found through {@code META-INF/services}: counters
 * are plain {@link java.util.concurrent.atomic.LongAdder}s and timers record nothing.
 * <p>Why: Ratis's default implementation (Dropwizard timers over an exponentially decaying reservoir, a
 * concurrent skip list per timer) cost about 5% of all CPU of a local cluster under pgbench tpcb-like (134 of
 * 2,871 JFR samples, 2026-12-01), and nothing reads those figures: the WAL nodes publish their own metrics.
 * There are no reporters (JMX or console); asking for one is ignored.
 * <p>The Raft log's sync timer is kept as a count and a sum (the WAL nodes' fsync figure).
 * <p>Threads: none.
 */
public final class LeanMetricRegistries extends MetricRegistries {
    /** Ratis's segmented Raft log timer around each fsync of the log. */
    public static final String SYNC_TIMER = "syncTime";
    static final Set<String> KEPT_TIMERS = Set.of(SYNC_TIMER);

    private final Map<MetricRegistryInfo, RatisMetricRegistry> registries = new ConcurrentHashMap<>();
    private final List<Consumer<RatisMetricRegistry>> onAdd = new CopyOnWriteArrayList<>();
    private final List<Consumer<RatisMetricRegistry>> onRemove = new CopyOnWriteArrayList<>();

    /** Called by {@link java.util.ServiceLoader}. */
    public LeanMetricRegistries() {
    }

    /** How often the kept timer {@code name} ran in the registries whose prefix starts with {@code prefix}. */
    public static long timerCount(final String prefix, final String name) {
        return sum(prefix, name, true);
    }

    /** Nanoseconds the kept timer {@code name} ran in the registries whose prefix starts with {@code prefix}. */
    public static long timerNanos(final String prefix, final String name) {
        return sum(prefix, name, false);
    }

    private static long sum(final String prefix, final String name, final boolean count) {
        if (!(MetricRegistries.global() instanceof LeanMetricRegistries)) {
            return 0;
        }
        final String p = prefix.toLowerCase(Locale.ROOT);
        long total = 0;
        for (final Map.Entry<MetricRegistryInfo, RatisMetricRegistry> e
                : ((LeanMetricRegistries) MetricRegistries.global()).registries.entrySet()) {
            if (e.getKey().getPrefix().toLowerCase(Locale.ROOT).startsWith(p) && e.getValue() instanceof LeanRegistry) {
                final LeanRegistry.SumTimer t = ((LeanRegistry) e.getValue()).keptTimer(name);
                if (t != null) {
                    total += count ? t.count.sum() : t.nanos.sum();
                }
            }
        }
        return total;
    }

    @Override
    public void clear() {
        for (final MetricRegistryInfo info : Set.copyOf(registries.keySet())) {
            remove(info);
        }
    }

    @Override
    public RatisMetricRegistry create(final MetricRegistryInfo info) {
        return registries.computeIfAbsent(info, i -> {
            final LeanRegistry r = new LeanRegistry(i);
            onAdd.forEach(c -> c.accept(r));
            return r;
        });
    }

    @Override
    public boolean remove(final MetricRegistryInfo info) {
        final RatisMetricRegistry r = registries.remove(info);
        if (r != null) {
            onRemove.forEach(c -> c.accept(r));
        }
        return r != null;
    }

    @Override
    public Optional<RatisMetricRegistry> get(final MetricRegistryInfo info) {
        return Optional.ofNullable(registries.get(info));
    }

    @Override
    public Set<MetricRegistryInfo> getMetricRegistryInfos() {
        return Set.copyOf(registries.keySet());
    }

    @Override
    public Collection<RatisMetricRegistry> getMetricRegistries() {
        return List.copyOf(registries.values());
    }

    @Override
    public void addReporterRegistration(final Consumer<RatisMetricRegistry> reporter,
                                        final Consumer<RatisMetricRegistry> stopper) {
        onAdd.add(reporter);
        onRemove.add(stopper);
    }

    @Override
    public void removeReporterRegistration(final Consumer<RatisMetricRegistry> reporter,
                                           final Consumer<RatisMetricRegistry> stopper) {
        onAdd.remove(reporter);
        onRemove.remove(stopper);
    }

    @Override
    public void enableJmxReporter() {
        // no reporters: see the class comment
    }

    @Override
    public void enableConsoleReporter(final TimeDuration consoleReportRate) {
        // no reporters: see the class comment
    }
}
