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
}
