package io.stratum.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.cluster.BranchManager;
import io.stratum.cluster.LocalCluster;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TimelineId;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Branch operations on the whole cluster through pgJDBC: reset and restore keep the old state as a backup
 * branch and terminate the branch's sessions with 57P01; protection and child branches block what they
 * should; bad input changes nothing; names and protection survive a restart of the whole cluster.
 */
class BranchOpsTest {
    static List<Integer> ids(final Connection c) throws SQLException {
        final List<Integer> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id from t order by id")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    static List<Integer> ids(final TestCluster c, final String db) throws SQLException {
        try (Connection conn = c.connect(db)) {
            return ids(conn);
        }
    }

    /** Runs {@code sql} on {@code db}; answers the LSN after it, once the page server has ingested it. */
    static long exec(final TestCluster c, final String db, final String sql) throws SQLException {
        try (Connection conn = c.connect(db); Statement s = conn.createStatement()) {
            s.execute(sql);
            try (ResultSet rs = s.executeQuery("select pg_current_wal_lsn()")) {
                assertTrue(rs.next());
                final long lsn = Lsn.parse(rs.getString(1));
                final LocalCluster l = c.local();
                final TimelineId tl = TimelineId.parse(
                    LocalCluster.readProperties(c.dir().resolve(LocalCluster.IDS)).getProperty("branch." + db));
                l.pageServer().engine().timeline(l.tenant(), tl).waitForLsn(lsn, 30_000);
                return lsn;
            }
        }
    }

    static void assertCode(final ErrorCode code, final Executable e) {
        final StratumException x = assertThrows(StratumException.class, e);
        assertEquals(code, x.code(), x.getMessage());
    }

    @Test
    void resetAndRestoreKeepBackupsAndTerminateSessions() throws Exception {
        try (TestCluster c = TestCluster.start()) {
            final BranchManager b = c.local().branches();
            exec(c, "main", "create table t (id int primary key, v text)");
            exec(c, "main", "insert into t values (1, 'a'), (2, 'b'), (3, 'c')");
            final BranchManager.Branch dev = b.create("dev", "main", null);
            assertEquals("postgresql://stratum@127.0.0.1:" + c.port() + "/dev", dev.connection());
            exec(c, "dev", "insert into t values (100, 'dev')");
            exec(c, "main", "insert into t values (4, 'd')");
            assertEquals(List.of(1, 2, 3, 100), ids(c, "dev"));

            final String firstBackup;
            try (Connection idle = c.connect("dev")) {
                assertEquals(List.of(1, 2, 3, 100), ids(idle));
                final BranchManager.Moved reset = b.reset("dev");
                firstBackup = reset.backup();
                assertEquals(1, reset.terminatedSessions());
                assertTrue(reset.backup().startsWith("dev_old_"), reset.backup());
                final SQLException e = assertThrows(SQLException.class, () -> ids(idle));
                assertEquals("57P01", e.getSQLState(), e.getMessage());
                assertEquals(List.of(1, 2, 3, 4), ids(c, "dev"), "dev is main's latest state");
                assertEquals(List.of(1, 2, 3, 100), ids(c, reset.backup()), "the old state is the backup");
                assertEquals("main", b.get("dev").parent());
            }

            final long before = exec(c, "dev", "insert into t values (200, 'x')");
            exec(c, "dev", "insert into t values (300, 'y')");
            final BranchManager.Moved restored = b.restore("dev", Lsn.format(before));
            assertEquals(before, restored.branch().branchLsn());
            assertEquals(List.of(1, 2, 3, 4, 200), ids(c, "dev"));
            assertEquals(List.of(1, 2, 3, 4, 200, 300), ids(c, restored.backup()));
            assertEquals(restored.backup(), b.get("dev").parent(), "restore branches from the old state");
            exec(c, "dev", "insert into t values (201, 'z')");
            assertEquals(List.of(1, 2, 3, 4, 200, 201), ids(c, "dev"), "the restored branch takes writes");

            // protection: no delete, reset or restore; nothing changes
            b.protect("dev", true);
            final TimelineId devTl = b.get("dev").timeline();
            assertCode(ErrorCode.CONFLICT, () -> b.reset("dev"));
            assertCode(ErrorCode.CONFLICT, () -> b.restore("dev", Lsn.format(before)));
            assertCode(ErrorCode.CONFLICT, () -> b.delete("dev", false));
            assertCode(ErrorCode.CONFLICT, () -> b.delete(restored.backup(), true));
            assertEquals(devTl, b.get("dev").timeline());
            assertEquals(List.of(1, 2, 3, 4, 200, 201), ids(c, "dev"));
            // a branch with children is refused without --recursive
            assertCode(ErrorCode.CONFLICT, () -> b.delete(restored.backup(), false));

            c.restart();
            final BranchManager b2 = c.local().branches();
            assertTrue(b2.get("dev").isProtected(), "protection is durable");
            assertEquals(List.of(1, 2, 3, 4, 200, 201), ids(c, "dev"));
            assertEquals(List.of(1, 2, 3, 100), ids(c, firstBackup));
            b2.protect("dev", false);
            final io.stratum.wal.TimelineId devTimeline = b2.get("dev").timeline();
            try (Connection onDev = c.connect("dev")) {
                assertEquals(6, ids(onDev).size());
                final List<BranchManager.Branch> gone = b2.delete(restored.backup(), true);
                assertEquals(List.of("dev", restored.backup()), gone.stream().map(BranchManager.Branch::name).toList());
                final SQLException e = assertThrows(SQLException.class, () -> ids(onDev));
                assertEquals("57P01", e.getSQLState());
            }
            final SQLException e = assertThrows(SQLException.class, () -> c.connect("dev"));
            assertEquals("3D000", e.getSQLState());
            assertFalse(b2.list().stream().anyMatch(x -> x.name().equals("dev")));
            // the deleted timelines' WAL is gone from every WAL node too (followers apply the delete just after)
            final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            java.util.Set<io.stratum.wal.TimelineId> left;
            do {
                final java.util.Set<io.stratum.wal.TimelineId> seen = new java.util.HashSet<>();
                for (final io.stratum.raft.NodeStatus n : c.local().walClient().status()) {
                    for (final io.stratum.raft.NodeStatus.Group g : n.groups()) {
                        g.timelines().forEach(t -> seen.add(t.timeline()));
                    }
                }
                left = seen;
            } while (left.contains(devTimeline) && System.nanoTime() < deadline);
            assertTrue(left.contains(c.local().mainTimeline()), "main stays: " + left);
            assertFalse(left.contains(devTimeline), "dev's WAL is deleted from the WAL nodes: " + left);
        }
    }

    @Test
    void badInputChangesNothing() throws Exception {
        try (TestCluster c = TestCluster.start()) {
            final BranchManager b = c.local().branches();
            exec(c, "main", "create table t (id int primary key, v text)");
            b.create("dev", "main", null);
            final byte[] ids = Files.readAllBytes(c.dir().resolve(LocalCluster.IDS));
            final int timelines = c.local().pageServer().engine().listTimelines(c.local().tenant()).size();
            assertCode(ErrorCode.ALREADY_EXISTS, () -> b.create("dev", "main", null));
            assertCode(ErrorCode.NOT_FOUND, () -> b.create("x", "nosuch", null));
            assertCode(ErrorCode.OUT_OF_RANGE, () -> b.create("x", "main", "2999-01-01T00:00:00Z"));
            assertCode(ErrorCode.OUT_OF_RANGE, () -> b.create("x", "main", "2001-01-01T00:00:00Z"));
            final StratumException old = assertThrows(StratumException.class, () -> b.create("x", "main", "0/10"));
            assertTrue(old.getMessage().contains("oldest point still available is 0/1000000"), old.getMessage());
            assertCode(ErrorCode.OUT_OF_RANGE, () -> b.create("x", "main", "FF/0"));
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> b.create("x", "main", "yesterday"));
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> b.create("Bad Name", "main", null));
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> b.delete("main", true));
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> b.reset("main"));
            assertCode(ErrorCode.NOT_FOUND, () -> b.reset("nosuch"));
            assertCode(ErrorCode.NOT_FOUND, () -> b.restore("nosuch", "0/1000000"));
            assertCode(ErrorCode.OUT_OF_RANGE, () -> b.restore("dev", "0/10"));
            assertCode(ErrorCode.NOT_FOUND, () -> b.delete("nosuch", false));
            assertEquals(new String(ids), new String(Files.readAllBytes(c.dir().resolve(LocalCluster.IDS))));
            assertEquals(timelines, c.local().pageServer().engine().listTimelines(c.local().tenant()).size());
            assertNotEquals(null, b.get("dev"));
        }
    }
}
