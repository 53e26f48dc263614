package io.stratum.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Found by {@code stratum chaos --seed 2}: once an append of the compute's WAL writer failed (the WAL service
 * lost its quorum, or the Ratis client hit "ILLEGAL TRANSITION CLOSED -> RUNNING" on a reconnect), every later
 * write on the branch failed with 58030 "WAL writer failed earlier" until the compute process was restarted.
 * Now the next session reopens the branch (a new writer lease and recovery) and the failed store's sessions
 * are terminated; until then a failed store serves no statement (its pool may hold changes that never became
 * durable): FATAL 57P02, as PostgreSQL ends every session after a failed WAL write.
 */
class WalWriterRecoveryTest {
    @Test
    void aFailedWalWriterIsReplacedWhenTheQuorumComesBack() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            try (Connection c = cluster.connect("main"); Statement s = c.createStatement()) {
                s.execute("create table w (id int primary key)");
                s.execute("insert into w values (1)");
            }
            final Connection old = cluster.connect("main");
            final Connection reader = cluster.connect("main");
            cluster.stopWalNode(1);
            cluster.stopWalNode(2);
            try (Connection c = cluster.connect("main"); Statement s = c.createStatement()) {
                // no quorum: the append times out and the writer is failed
                final SQLException e = assertThrows(SQLException.class, () -> s.execute("insert into w values (2)"));
                assertEquals("58030", e.getSQLState(), e.getMessage());
            }
            // the failed store's pool may hold that insert's changes: it serves no more statements at all
            try (Statement s = reader.createStatement()) {
                final SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("select count(*) from w"));
                assertEquals("57P02", e.getSQLState(), e.getMessage());
                assertTrue(reader.isClosed() || !reader.isValid(5), "the connection was ended (FATAL)");
            } finally {
                reader.close();
            }
            cluster.startWalNode(1);
            cluster.startWalNode(2);
            try (Connection c = cluster.connect("main"); Statement s = c.createStatement()) {
                s.execute("insert into w values (3)");
                try (ResultSet rs = s.executeQuery("select count(*) from w where id in (1, 3)")) {
                    assertTrue(rs.next());
                    assertEquals(2, rs.getInt(1));
                }
            }
            try (Statement s = old.createStatement()) {
                final SQLException e = assertThrows(SQLException.class, () -> s.execute("select 1"));
                assertEquals("57P01", e.getSQLState(), "a session of the failed store is terminated: " + e.getMessage());
            } finally {
                old.close();
            }
        }
    }
}
