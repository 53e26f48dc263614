package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.SqlException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two sessions: lost update prevented, no dirty reads, a waiting updater proceeds, deadlocks broken. */
class ConcurrencyTest {
    @TempDir
    Path dir;
    EngineFixture fx;
    SqlClient a;
    SqlClient b;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        a = fx.client();
        b = fx.client();
        pool = Executors.newFixedThreadPool(2);
        a.q("create table acc (id int primary key, bal int)");
        a.q("insert into acc values (1, 100), (2, 100)");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        fx.close();
    }

    /** Waits (bounded) until {@code f} is blocked, i.e. has not finished, and another session can observe it. */
    private static void assertBlocked(final Future<?> f) throws Exception {
        try {
            f.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("expected the statement to wait");
        } catch (final java.util.concurrent.TimeoutException expected) {
            // still waiting for the lock, as it should
        }
    }

    @Test
    void noDirtyReads() {
        a.q("begin");
        a.q("update acc set bal = 0 where id = 1");
        assertEquals("100", b.one("select bal from acc where id = 1"));
        a.q("rollback");
        assertEquals("100", b.one("select bal from acc where id = 1"));
    }

    @Test
    void waitingUpdaterProceedsAfterCommitAndLostUpdateIsPrevented() throws Exception {
        a.q("begin");
        a.q("update acc set bal = bal + 10 where id = 1");
        final Future<String> other = pool.submit(() -> b.q("update acc set bal = bal + 5 where id = 1").tag());
        assertBlocked(other);
        a.q("commit");
        assertEquals("UPDATE 1", other.get(30, TimeUnit.SECONDS));
        assertEquals("115", a.one("select bal from acc where id = 1"));
    }

    @Test
    void readCommittedRecheckSkipsRowsThatNoLongerMatch() throws Exception {
        a.q("begin");
        a.q("update acc set bal = 500 where id = 2");
        final Future<String> other = pool.submit(() -> b.q("update acc set bal = bal - 1 where bal = 100").tag());
        assertBlocked(other);
        a.q("commit");
        assertEquals("UPDATE 1", other.get(30, TimeUnit.SECONDS));
        assertEquals(List.of("99", "500"), a.q("select bal from acc order by id").column(0));
    }

    @Test
    void repeatableReadFailsWith40001() throws Exception {
        b.q("begin isolation level repeatable read");
        assertEquals("100", b.one("select bal from acc where id = 1"));
        a.q("update acc set bal = 1 where id = 1");
        final SqlException e = b.exception("update acc set bal = bal + 1 where id = 1");
        assertEquals("40001", e.sqlState());
        assertEquals("25P02", b.error("select 1"));
        b.q("rollback");
    }

    @Test
    void deadlockIsBrokenWith40P01() throws Exception {
        a.q("begin");
        b.q("begin");
        a.q("update acc set bal = 1 where id = 1");
        b.q("update acc set bal = 2 where id = 2");
        final CompletableFuture<String> fa = CompletableFuture.supplyAsync(() -> outcome(a, "update acc set bal = 1 where id = 2"), pool);
        final CompletableFuture<String> fb = CompletableFuture.supplyAsync(() -> outcome(b, "update acc set bal = 2 where id = 1"), pool);
        final List<String> states = new ArrayList<>();
        states.add(fa.get(60, TimeUnit.SECONDS));
        states.add(fb.get(60, TimeUnit.SECONDS));
        assertTrue(states.contains("40P01"), states.toString());
        assertTrue(states.contains("ok"), states.toString());
        a.q("rollback");
        b.q("rollback");
    }

    private static String outcome(final SqlClient c, final String sql) {
        try {
            c.q(sql);
            if (c.session.transactionStatus() == 'T') {
                c.q("commit");
            }
            return "ok";
        } catch (final SqlException e) {
            return e.sqlState();
        }
    }

    @Test
    void selectForUpdateNowaitAndSkipLocked() throws Exception {
        a.q("begin");
        assertEquals("100", a.one("select bal from acc where id = 1 for update"));
        assertEquals("55P03", b.error("select * from acc where id = 1 for update nowait"));
        assertEquals(List.of("2"), b.q("select id from acc for update skip locked").column(0));
        a.q("commit");
    }

    @Test
    void lockTimeoutAndStatementTimeoutEndLockWaits() {
        a.q("begin");
        a.q("update acc set bal = 0 where id = 1");
        b.q("set lock_timeout = '100ms'");
        assertEquals("55P03", b.error("update acc set bal = 1 where id = 1"));
        b.q("set lock_timeout = 0");
        b.q("set statement_timeout = 150");
        final SqlException e = b.exception("update acc set bal = 1 where id = 1");
        assertEquals("57014", e.sqlState());
        assertEquals("canceling statement due to statement timeout", e.getMessage());
        a.q("rollback");
        b.q("set statement_timeout = 0");
        assertEquals("UPDATE 1", b.q("update acc set bal = 1 where id = 1").tag());
    }

    @Test
    void serializableRunsAsRepeatableReadWithANotice() {
        b.q("begin isolation level serializable");
        assertEquals("serializable", b.one("show transaction_isolation"));
        assertTrue(b.notices.stream().anyMatch(n -> n.message().contains("REPEATABLE READ")), b.notices.toString());
        b.q("commit");
        assertEquals("read committed", b.one("show transaction_isolation"));
    }

    @Test
    void cancelInterruptsAStatement() throws Exception {
        final Future<String> f = pool.submit(() -> b.error("select pg_sleep(30)"));
        assertBlocked(f);
        b.session.cancel();
        assertEquals("57014", f.get(30, TimeUnit.SECONDS));
    }
}
