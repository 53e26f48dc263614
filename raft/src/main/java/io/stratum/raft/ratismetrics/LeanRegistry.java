package io.stratum.raft.ratismetrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;

/**
 * One Ratis component's metrics: counters that count, the timers named in {@link LeanMetricRegistries#KEPT_TIMERS}
 * keep a count and a sum, other timers and gauges keep nothing.
 */
final class LeanRegistry implements RatisMetricRegistry {
    private static final Timekeeper.Context STOPPED = () -> 0L;
    private static final Timekeeper TIMER = () -> STOPPED;

    private final MetricRegistryInfo info;
    private final Map<String, LongCounter> counters = new ConcurrentHashMap<>();
    private final Map<String, SumTimer> timers = new ConcurrentHashMap<>();

    LeanRegistry(final MetricRegistryInfo info) {
        this.info = info;
    }

    @Override
    public Timekeeper timer(final String name) {
        return LeanMetricRegistries.KEPT_TIMERS.contains(name) ? timers.computeIfAbsent(name, n -> new SumTimer()) : TIMER;
    }

    /** The timer of that name if it is kept, else null. */
    SumTimer keptTimer(final String name) {
        return timers.get(name);
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

    /** A timer that keeps only how often and how long in total (two adders; no reservoir). */
    static final class SumTimer implements Timekeeper {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();

        @Override
        public Context time() {
            final long start = System.nanoTime();
            return () -> {
                final long d = System.nanoTime() - start;
                count.increment();
                nanos.add(d);
                return d;
            };
        }
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
