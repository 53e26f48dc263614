package io.stratum.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Restarting the compute, then the whole cluster: committed data is there, uncommitted is not. */
class RestartTest {
    @Test
    void committedSurvivesAndUncommittedDoesNot() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            try (Connection c = cluster.connect("main"); Statement s = c.createStatement()) {
                s.execute("create table r (id int primary key, v text)");
                s.execute("insert into r select g, 'v' || g from generate_series(1, 500) g");
            }
            final Connection open = cluster.connect("main");
            open.setAutoCommit(false);
            try (Statement s = open.createStatement()) {
                s.execute("insert into r values (1000, 'uncommitted')");
                s.execute("update r set v = 'changed' where id = 1");
            }
            cluster.restartCompute();
            assertState(cluster, "after a compute restart");
            open.close();
            try (Connection c = cluster.connect("main"); Statement s = c.createStatement()) {
                s.execute("insert into r values (501, 'after restart')");
            }
            cluster.restart();
            assertState(cluster, "after a cluster restart");
            try (Connection c = cluster.connect("main"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select v from r where id = 501")) {
                assertTrue(rs.next());
                assertEquals("after restart", rs.getString(1));
            }
        }
    }

    private static void assertState(final TestCluster cluster, final String when) throws Exception {
        try (Connection c = cluster.connect("main"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select count(*), min(id), max(id) from r where id <= 500")) {
                assertTrue(rs.next());
                assertEquals(500, rs.getInt(1), when);
            }
            try (ResultSet rs = s.executeQuery("select v from r where id = 1")) {
                assertTrue(rs.next());
                assertEquals("v1", rs.getString(1), when + ": the uncommitted update is gone");
            }
            try (ResultSet rs = s.executeQuery("select * from r where id = 1000")) {
                assertFalse(rs.next(), when + ": the uncommitted insert is gone");
            }
        }
    }
}
