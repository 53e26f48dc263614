package io.stratum.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stratum.perf.pg.PgClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real pgbench 15: {@code -i -s 1}, then the built-in tpcb-like and select-only scripts and a custom
 * script in each query mode with several clients. No transaction may fail, and afterwards every account,
 * teller and branch balance adds up to the deltas in pgbench_history.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgbenchTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        assumeTrue(PgClients.available(), "pgbench 15 is not installed");
        cluster = TestCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void initialises() throws Exception {
        final PgClients.Result r = cluster.pgbench("main", 600, "-i", "-s", "1");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("done in"), r.all());
        assertEquals(100_000L, count("select count(*) from pgbench_accounts"));
        assertEquals(10L, count("select count(*) from pgbench_tellers"));
        assertEquals(1L, count("select count(*) from pgbench_branches"));
    }

    @ParameterizedTest
    @Order(2)
    @ValueSource(strings = {"simple", "extended", "prepared"})
    void runsTpcbLikeWithoutFailures(final String mode) throws Exception {
        // the first run lets pgbench vacuum and truncate pgbench_history (balances are still zero then); later
        // runs keep the history (-n) so that balances keep adding up to it
        final PgClients.Result r = mode.equals("simple")
            ? cluster.pgbench("main", 600, "-M", mode, "-c", "4", "-j", "2", "-t", "50")
            : cluster.pgbench("main", 600, "-n", "-M", mode, "-c", "4", "-j", "2", "-t", "50");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("number of transactions actually processed: 200/200"), r.all());
        assertTrue(r.stdout().contains("number of failed transactions: 0"), r.all());
        balancesAddUp();
    }

    @Test
    @Order(3)
    void runsSelectOnly() {
        final PgClients.Result r = cluster.pgbench("main", 600, "-n", "-S", "-M", "prepared", "-c", "4", "-j", "2", "-t",
            "200");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("number of transactions actually processed: 800/800"), r.all());
    }

    @Test
    @Order(4)
    void runsACustomScript() throws Exception {
        final Path script = Files.createTempFile("pgbench", ".sql");
        try {
            Files.writeString(script, "\\set aid random(1, 100000)\n\\set delta random(-5000, 5000)\nBEGIN;\n"
                + "UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;\n"
                + "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, :aid, :delta, CURRENT_TIMESTAMP);\n"
                + "UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = 1;\n"
                + "UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = 1;\n"
                + "END;\n");
            final PgClients.Result r = cluster.pgbench("main", 600, "-n", "-f", script.toString(), "-M", "extended",
                "-c", "3", "-t", "30");
            assertEquals(0, r.exitCode(), r.all());
            assertTrue(r.stdout().contains("number of failed transactions: 0"), r.all());
            balancesAddUp();
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static void balancesAddUp() throws Exception {
        final long history = count("select coalesce(sum(delta), 0) from pgbench_history");
        assertEquals(history, count("select sum(abalance) from pgbench_accounts"), "accounts");
        assertEquals(history, count("select sum(tbalance) from pgbench_tellers"), "tellers");
        assertEquals(history, count("select sum(bbalance) from pgbench_branches"), "branches");
    }

    private static long count(final String sql) throws Exception {
        try (Connection c = cluster.connect("main"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }
}
