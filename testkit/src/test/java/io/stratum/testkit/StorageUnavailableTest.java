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
 * Found by {@code stratum chaos --minutes 10 --seed 1}: a session that starts while the page server is down
 * (or its link is cut) got FATAL XX000 "cannot connect to the page server" and an ERROR with a stack trace in
 * the compute's log, as if the compute had a bug. It is the storage that is unavailable for a moment: FATAL
 * 57P03 (cannot_connect_now), and the session works once the page server is back.
 */
class StorageUnavailableTest {
    @Test
    void aSessionStartingWhileThePageServerIsDownIsRefusedWith57P03() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            final String lsn;
            try (Connection c = cluster.connect("main"); Statement s = c.createStatement()) {
                s.execute("create table t (id int primary key)");
                s.execute("insert into t values (1)");
                try (ResultSet rs = s.executeQuery("select pg_current_wal_lsn()")) {
                    assertTrue(rs.next());
                    lsn = rs.getString(1);
                }
            }
            cluster.stopPageServer();
            final SQLException e = assertThrows(SQLException.class, () -> cluster.connect("main@" + lsn).close());
            assertEquals("57P03", e.getSQLState(), e.getMessage());
            cluster.startPageServer();
            try (Connection c = cluster.connect("main@" + lsn); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from t")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
        }
    }
}
