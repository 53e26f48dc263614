package io.stratum.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.Lsn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The database name picks the branch: main, a branch made from it, main@LSN read-only, unknown names. */
class BranchSessionTest {
    private static long count(final Connection c, final String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    @Test
    void branchesAndPointInTimeSessions() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            final String lsn;
            try (Connection c = cluster.connect("main"); Statement s = c.createStatement()) {
                s.execute("create table b (id int primary key)");
                s.execute("insert into b select generate_series(1, 10)");
                try (ResultSet rs = s.executeQuery("select pg_current_wal_lsn()")) {
                    assertTrue(rs.next());
                    lsn = rs.getString(1);
                }
                s.execute("insert into b select generate_series(11, 20)");
            }
            try (Connection old = cluster.connect("main@" + lsn)) {
                assertEquals(10, count(old, "select count(*) from b"), "main@" + lsn + " sees the first ten rows");
                final SQLException e = assertThrows(SQLException.class, () -> {
                    try (Statement s = old.createStatement()) {
                        s.execute("insert into b values (100)");
                    }
                });
                assertEquals("25006", e.getSQLState(), e.getMessage());
            }
            final String future = "main@" + Lsn.format(Lsn.parse(lsn) + (1L << 30));
            final SQLException past = assertThrows(SQLException.class, () -> cluster.connect(future));
            assertEquals("22023", past.getSQLState(), past.getMessage());
            assertTrue(past.getMessage().contains("past the end of the branch's WAL"), past.getMessage());
            final long at = cluster.local().createBranch("dev", "main", -1);
            assertTrue(at >= Lsn.parse(lsn));
            try (Connection dev = cluster.connect("dev"); Statement s = dev.createStatement()) {
                assertEquals(20, count(dev, "select count(*) from b"));
                s.execute("delete from b where id > 5");
                assertEquals(5, count(dev, "select count(*) from b"));
            }
            try (Connection main = cluster.connect("main")) {
                assertEquals(20, count(main, "select count(*) from b"), "a branch's writes stay on the branch");
            }
            final SQLException e = assertThrows(SQLException.class, () -> cluster.connect("nosuch"));
            assertEquals("3D000", e.getSQLState());
        }
    }

    @Test
    void sqlFunctionsAreTheBranchsAndTheMomentsOwn() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            final String lsn;
            try (Connection c = cluster.connect("main"); Statement s = c.createStatement()) {
                s.execute("create function bf(x int) returns int language sql immutable as 'select x + 1'");
                try (ResultSet rs = s.executeQuery("select pg_current_wal_lsn()")) {
                    assertTrue(rs.next());
                    lsn = rs.getString(1);
                }
                cluster.local().createBranch("fdev", "main", -1);
                s.execute("create or replace function bf(x int) returns int language sql immutable as 'select x + 100'");
                s.execute("create function bg() returns int language sql as 'select 7'");
                assertEquals(101, count(c, "select bf(1)"));
            }
            try (Connection dev = cluster.connect("fdev"); Statement s = dev.createStatement()) {
                assertEquals(2, count(dev, "select bf(1)"), "the branch keeps the body it was made with");
                final SQLException e = assertThrows(SQLException.class, () -> count(dev, "select bg()"));
                assertEquals("42883", e.getSQLState(), e.getMessage());
                s.execute("drop function bf(int)");
            }
            try (Connection old = cluster.connect("main@" + lsn)) {
                assertEquals(2, count(old, "select bf(1)"), "main@" + lsn + " sees the function as it was");
            }
            try (Connection main = cluster.connect("main")) {
                assertEquals(101, count(main, "select bf(1)"), "a DROP FUNCTION on the branch stays there");
                assertEquals(7, count(main, "select bg()"));
            }
        }
    }
}
