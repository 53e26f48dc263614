package io.stratum.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.cluster.BranchManager;
import io.stratum.wal.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Latest states and points in time: a branch made (or reset) right after a COMMIT has it; main restored
 * in place to a time (its session terminated, its old state kept as main_old_..., which cannot be deleted
 * since main now grows from it), a branch created at a time, and {@code main@TIME} sessions, all reading
 * the same state.
 */
class BranchTimeTest {
    /** Waits (bounded) until the wall clock is in a later second than {@code t}: the time index keeps one commit per second. */
    static void awaitNextSecond(final Instant t) {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (Instant.now().getEpochSecond() <= t.getEpochSecond()) {
            assertTrue(System.nanoTime() < deadline, "the clock did not advance");
            LockSupport.parkNanos(5_000_000L);
        }
    }

    @Test
    void restoreMainToATime() throws Exception {
        try (TestCluster c = TestCluster.start()) {
            final BranchManager b = c.local().branches();
            BranchOpsTest.exec(c, "main", "create table t (id int primary key, v text)");
            awaitNextSecond(Instant.now());
            final Instant t0 = Instant.now();
            awaitNextSecond(t0);
            BranchOpsTest.exec(c, "main", "insert into t values (1, 'a')");
            awaitNextSecond(Instant.now());
            final Instant t = Instant.now();
            awaitNextSecond(t);
            BranchOpsTest.exec(c, "main", "delete from t");
            BranchOpsTest.exec(c, "main", "insert into t values (2, 'b')");
            assertEquals(List.of(1), BranchOpsTest.ids(c, "main@" + t));
            assertEquals(List.of(1), BranchOpsTest.ids(c, b.create("before", "main", t.toString()).name()));
            try (Connection onMain = c.connect("main")) {
                assertEquals(List.of(2), BranchOpsTest.ids(onMain));
                final BranchManager.Moved m = b.restore("main", t.toString());
                assertEquals(1, m.terminatedSessions());
                assertTrue(m.backup().startsWith("main_old_"), m.backup());
                final SQLException e = assertThrows(SQLException.class, () -> BranchOpsTest.ids(onMain));
                assertEquals("57P01", e.getSQLState());
                assertEquals(List.of(1), BranchOpsTest.ids(c, "main"));
                assertEquals(List.of(2), BranchOpsTest.ids(c, m.backup()));
                BranchOpsTest.assertCode(ErrorCode.INVALID_ARGUMENT, () -> b.delete(m.backup(), true));
                assertEquals(List.of(1), BranchOpsTest.ids(c, "main"), "the refused delete changed nothing");
            }
            BranchOpsTest.exec(c, "main", "insert into t values (3, 'c')");
            assertEquals(List.of(1, 3), BranchOpsTest.ids(c, "main"));
            // before main's new branch point its history is main_old's: sessions and branches reach it
            assertEquals(List.of(), BranchOpsTest.ids(c, "main@" + t0));
            assertEquals(List.of(1), BranchOpsTest.ids(c, "main@" + t));
            final BranchManager.Branch older = b.create("older", "main", t0.toString());
            assertTrue(older.parent().startsWith("main_old_"), older.parent());
            assertEquals(List.of(), BranchOpsTest.ids(c, "older"));
            BranchOpsTest.assertCode(ErrorCode.OUT_OF_RANGE, () -> b.restore("main", "2001-01-01T00:00:00Z"));
        }
    }

    @Test
    void branchMadeRightAfterCommitHasIt() throws Exception {
        try (TestCluster c = TestCluster.start()) {
            final BranchManager b = c.local().branches();
            try (Connection main = c.connect("main"); Statement s = main.createStatement()) {
                s.execute("create table t (id int primary key, v text)");
                for (int i = 1; i <= 4; i++) {
                    s.execute("insert into t values (" + i + ", 'x')");
                    // no wait for the page server here: the branch command waits for what the compute committed
                    final String name = b.create("b" + i, "main", null).name();
                    assertEquals(i, BranchOpsTest.ids(c, name).size(), name);
                    if (i % 2 == 0) {
                        s.execute("insert into t values (" + (100 + i) + ", 'y')");
                        assertEquals(i + 1, BranchOpsTest.ids(c, b.reset(name).branch().name()).size(), "reset " + name);
                        s.execute("delete from t where id = " + (100 + i));
                    }
                }
            }
        }
    }
}
