package io.stratum.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two connections through the compute, as PostgreSQL users rely on: no dirty reads, no lost updates, a
 * waiting updater goes on when the other commits, a deadlock is broken with 40P01. Blocking calls run on a
 * pool thread and their outcome is asserted here (never in the bare thread).
 */
class ConcurrencyTest {
    private static TestCluster cluster;
    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        try (Connection c = cluster.connect("main"); Statement s = c.createStatement()) {
            s.execute("create table acct (id int primary key, bal int not null)");
            s.execute("insert into acct values (1, 100), (2, 100)");
        }
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int balance(final Connection c, final int id) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select bal from acct where id = " + id)) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    private static void exec(final Connection c, final String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void noDirtyReadAndAWaitingUpdaterProceedsOnCommitWithoutLosingTheUpdate() throws Exception {
        try (Connection a = cluster.connect("main"); Connection b = cluster.connect("main")) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            final int before = balance(a, 1);
            a.rollback();
            exec(a, "update acct set bal = bal + 10 where id = 1");
            assertEquals(before, balance(b, 1), "b must not see a's uncommitted update");
            final Future<Integer> waiting = POOL.submit(() -> {
                try (Statement s = b.createStatement()) {
                    return s.executeUpdate("update acct set bal = bal + 5 where id = 1");
                }
            });
            assertThrows(TimeoutException.class, () -> waiting.get(1, TimeUnit.SECONDS), "b waits for a's row lock");
            a.commit();
            assertEquals(1, waiting.get(60, TimeUnit.SECONDS), "b's update goes on once a commits");
            b.commit();
            assertEquals(before + 15, balance(a, 1), "both increments are there: no lost update");
            a.commit();
        }
    }

    @Test
    void repeatableReadFailsWithSerializationFailureOnAConcurrentUpdate() throws Exception {
        try (Connection a = cluster.connect("main"); Connection b = cluster.connect("main")) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            b.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            balance(b, 2);
            exec(a, "update acct set bal = bal - 1 where id = 2");
            a.commit();
            final SQLException e = assertThrows(SQLException.class, () -> exec(b, "update acct set bal = bal + 1 where id = 2"));
            assertEquals("40001", e.getSQLState(), e.getMessage());
            b.rollback();
        }
    }

    @Test
    void aDeadlockIsBrokenWith40P01() throws Exception {
        try (Connection a = cluster.connect("main"); Connection b = cluster.connect("main")) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            exec(a, "update acct set bal = bal + 1 where id = 1");
            exec(b, "update acct set bal = bal + 1 where id = 2");
            final CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> outcome(a,
                "update acct set bal = bal + 1 where id = 2"), POOL);
            final CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> outcome(b,
                "update acct set bal = bal + 1 where id = 1"), POOL);
            final String ra = first.get(60, TimeUnit.SECONDS);
            final String rb = second.get(60, TimeUnit.SECONDS);
            assertTrue(ra.equals("40P01") ^ rb.equals("40P01"), "exactly one is the victim: " + ra + ", " + rb);
            assertTrue(ra.equals("ok") ^ rb.equals("ok"), "the other goes on: " + ra + ", " + rb);
            a.rollback();
            b.rollback();
        }
    }

    private static String outcome(final Connection c, final String sql) {
        try {
            exec(c, sql);
            return "ok";
        } catch (final SQLException e) {
            return e.getSQLState();
        }
    }
}
