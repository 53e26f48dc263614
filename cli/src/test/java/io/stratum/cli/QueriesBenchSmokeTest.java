package io.stratum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.perf.pg.PgClients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code stratum bench queries} at a tiny scale, bounded for CI: the whole suite on a fresh local cluster and
 * a throwaway PostgreSQL 15, which must return the same rows for every query (the command fails otherwise),
 * and the JSON report with the keys. The full run: {@code stratum bench queries --compare-postgres}.
 */
class QueriesBenchSmokeTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tinySuiteAgreesWithPostgres() {
        Assumptions.assumeTrue(PgClients.available(), "PostgreSQL 15 is not installed");
        final PrintStream saved = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final long t0 = System.nanoTime();
        final int rc;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            rc = Main.run("bench", "queries", "--scale-mb", "1", "--runs", "1", "--warmup-seconds", "0", "--lookups", "8",
                "--compare-postgres", "--json");
        } finally {
            System.setOut(saved);
        }
        final String json = out.toString(StandardCharsets.UTF_8);
        System.out.printf("bench queries --scale-mb 1: %.1f s%n%s", (System.nanoTime() - t0) / 1e9, json);
        assertEquals(0, rc, json);
        for (final String key : List.of("\"queries\": {", "\"geomean_ratio\": ", "\"max_ratio\": ", "\"stratum_ms\": {",
            "\"postgres_ms\": {")) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        for (final String q : List.of("q1", "q3", "q4", "q5", "q6", "q10", "q12", "q14", "q19", "q22", "pk_point", "pk_range",
            "pk_prefix", "secondary_point", "secondary_range", "join_lookup")) {
            assertTrue(json.contains("\"" + q + "\": "), q + " in " + json);
        }
    }
}
