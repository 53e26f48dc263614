package io.stratum.raft.ratismetrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;

/** One Ratis component's metrics: counters that count, timers and gauges that keep nothing. */
final class LeanRegistry implements RatisMetricRegistry {
    private static final Timekeeper.Context STOPPED = () -> 0L;
    private static final Timekeeper TIMER = () -> STOPPED;

    private final MetricRegistryInfo info;
    private final Map<String, LongCounter> counters = new ConcurrentHashMap<>();

    LeanRegistry(final MetricRegistryInfo info) {
        this.info = info;
    }

    @Override
    public Timekeeper timer(final String name) {
        return TIMER;
    }

    @Override
    public LongCounter counter(final String name) {
        return counters.computeIfAbsent(name, n -> new Counter());
    }

    @Override
    public boolean remove(final String name) {
        return counters.remove(name) != null;
    }

    @Override
    public <T> void gauge(final String name, final Supplier<Supplier<T>> gaugeSupplier) {
        // gauges are read only by reporters, and there are none
    }

    @Override
    public MetricRegistryInfo getMetricRegistryInfo() {
        return info;
    }

    private static final class Counter implements LongCounter {
        private final LongAdder sum = new LongAdder();

        @Override
        public void inc(final long n) {
            sum.add(n);
        }

        @Override
        public void dec(final long n) {
            sum.add(-n);
        }

        @Override
        public long getCount() {
            return sum.sum();
        }
    }
}
