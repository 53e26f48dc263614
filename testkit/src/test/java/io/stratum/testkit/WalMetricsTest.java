package io.stratum.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The local cluster's /metrics carries its WAL nodes' stratum_wal_* series, and they move with the writes. */
class WalMetricsTest {
    private static double sum(final String metrics, final String prefix) {
        double total = 0;
        for (final String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
            }
        }
        return total;
    }

    private static String scrape(final TestCluster c) throws Exception {
        final HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + c.local().httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    @Test
    void walNodesReportAppendsCommitsSyncsRolesAndLag() throws Exception {
        try (TestCluster cluster = TestCluster.start(); Connection c = cluster.connect("main");
             Statement s = c.createStatement()) {
            s.execute("create table w (k int primary key, v text)");
            final String before = scrape(cluster);
            for (int i = 0; i < 20; i++) {
                s.execute("insert into w values (" + i + ", repeat('x', 500))");
            }
            final String after = scrape(cluster);
            for (int n = 1; n <= 3; n++) {
                final String bytes = "stratum_wal_appended_bytes_total{node=\"" + n + "\"}";
                assertTrue(sum(after, bytes) - sum(before, bytes) >= 20 * 500, "node " + n + " applied the inserts");
                assertTrue(sum(after, "stratum_wal_log_syncs_total{node=\"" + n + "\"}") > 0, after);
            }
            assertTrue(sum(after, "stratum_wal_commit_duration_seconds_count") - sum(before,
                "stratum_wal_commit_duration_seconds_count") >= 20, "every autocommit INSERT was one timed commit");
            assertEquals(1, sum(after, "stratum_wal_group_role{node=\"1\",role=\"LEADER\"")
                + sum(after, "stratum_wal_group_role{node=\"2\",role=\"LEADER\"")
                + sum(after, "stratum_wal_group_role{node=\"3\",role=\"LEADER\""), 0.0, "one leader: " + after);
            assertEquals(0, sum(after, "stratum_wal_group_failed"), 0.0);
            assertTrue(after.contains("stratum_wal_follower_lag_entries{follower="), after);
        }
    }
}
