package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.stratum.raft.ratismetrics.LeanMetricRegistries;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.junit.jupiter.api.Test;

/** Ratis finds our cheap registries through META-INF/services, and its counters still count. */
class RatisMetricsTest {
    @Test
    void ratisUsesTheLeanRegistriesAndCountersCount() {
        final MetricRegistries global = MetricRegistries.global();
        assertInstanceOf(LeanMetricRegistries.class, global);
        final MetricRegistryInfo info = new MetricRegistryInfo("p", "app", "component", "test");
        final RatisMetricRegistry r = global.create(info);
        final LongCounter c = r.counter("c");
        c.inc();
        c.inc(4);
        c.dec();
        assertEquals(4, r.counter("c").getCount());
        assertEquals(0, r.timer("t").time().stop());
        global.remove(info);
        assertEquals(0, global.getMetricRegistryInfos().stream().filter(info::equals).count());
    }
}
