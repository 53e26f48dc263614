package io.stratum.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The compute's /metrics count what clients do: transactions by outcome, commit latency, connections, pages. */
class ComputeMetricsTest {
    private static double value(final String metrics, final String series) {
        for (final String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    private static String scrape(final TestCluster c) throws IOException, InterruptedException {
        final HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + c.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    @Test
    void transactionsCommitLatencyAndConnectionsAreCounted() throws Exception {
        try (TestCluster cluster = TestCluster.start(); Connection c = cluster.connect("main")) {
            try (Statement s = c.createStatement()) {
                s.execute("create table m (k int primary key)");
                final String before = scrape(cluster);
                for (int i = 0; i < 10; i++) {
                    s.execute("insert into m values (" + i + ")");
                }
                s.execute("begin");
                s.execute("insert into m values (100)");
                s.execute("rollback");
                final String after = scrape(cluster);
                final String commits = "stratum_compute_transactions_total{outcome=\"commit\"}";
                final String rollbacks = "stratum_compute_transactions_total{outcome=\"rollback\"}";
                assertTrue(value(after, commits) - value(before, commits) >= 10, after);
                assertEquals(1, value(after, rollbacks) - value(before, rollbacks), 0.0, after);
                final double durable = value(after, "stratum_compute_commit_duration_seconds_count")
                    - value(before, "stratum_compute_commit_duration_seconds_count");
                assertTrue(durable >= 10, "each autocommit INSERT waited for the WAL quorum once: " + durable);
                assertTrue(value(after, "stratum_compute_commit_duration_seconds_sum") > 0);
                assertTrue(value(after, "stratum_compute_connections") >= 1, after);
                assertTrue(value(after, "stratum_compute_buffer_pool_hits_total") > 0, after);
            }
        }
    }
}
