package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory reserved for a statement is given back when the rows it held are dropped. */
class MemoryAccountingTest {
    @TempDir
    Path dir;

    @Test
    void aLateralSideReMaterialisedPerOuterRowDoesNotAccumulateItsReservation() {
        // 1 MiB per statement; each outer row's generate_series(1, 2000) holds about 100 KB: without giving the
        // previous one back, the 11th outer row failed with 53200 (seen as a flaky cancel test: a cross join of
        // two 100,000-row series answered "out of memory" within a second instead of running until cancelled)
        try (EngineFixture fx = new EngineFixture(dir, SqlEngineConfig.builder().maxStatementMemory(1L << 20).build())) {
            final SqlClient c = fx.client();
            assertEquals("4000000", c.one("select count(*) from generate_series(1, 2000) a, generate_series(1, 2000) b"));
            assertEquals("2000", c.one("select count(*) from generate_series(1, 2000) a, lateral (select a.a) b"));
            assertEquals("53200", c.error("select count(*) from generate_series(1, 2000) a, "
                + "lateral (select x from generate_series(1, 100000) x order by x + a.a) b"));
        }
    }

    @Test
    void aSortUnderASmallLimitHoldsOnlyTheRowsItReturns() {
        // 200,000 rows do not fit 1 MiB sorted whole; the first five (a top-N heap) do
        try (EngineFixture fx = new EngineFixture(dir, SqlEngineConfig.builder().maxStatementMemory(1L << 20).build())) {
            final SqlClient c = fx.client();
            assertEquals(java.util.List.of(java.util.List.of("200000"), java.util.List.of("199999"),
                java.util.List.of("199998")), c.rows("select g from generate_series(1, 200000) g order by g desc limit 3"));
            assertEquals(java.util.List.of(java.util.List.of("7")),
                c.rows("select g from generate_series(1, 200000) g order by g * 2 limit 1 offset 6"));
            assertEquals("53200", c.error("select g from generate_series(1, 200000) g order by g desc offset 199999"));
        }
    }
}
