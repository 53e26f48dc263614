package io.stratum.cli;

import static io.stratum.cli.BranchDiffCommandsTest.adopt;
import static io.stratum.cli.BranchDiffCommandsTest.exec;
import static io.stratum.cli.BranchDiffCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.cluster.LocalCluster;
import io.stratum.testkit.TestCluster;
import io.stratum.wal.Lsn;
import io.stratum.wal.TimelineId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The known limit of a page-based diff: a transaction open on main across the branch point wrote its rows
 * before the fork and commits after it, so main's commit changes only the commit log, no heap page. The
 * rows then differ between main and the branch (main sees them, the branch never will: the transaction is
 * aborted there) without a page either side changed since the fork. The default diff, which reads only
 * those pages, does not see them ({@code docs/branching.md} says so); {@code --full}, which reads every
 * table whole at both heads, does.
 */
class BranchOpenTransactionTest {
    @Test
    void aTransactionOpenAcrossTheBranchPointIsSeenByAFullDiffOnly() throws Exception {
        try (TestCluster c = TestCluster.start()) {
            adopt(c);
            final String dir = c.dir().toString();
            exec(c, "main", "create table t (id int primary key, v text)", "insert into t values (1, 'a')");
            try (Connection open = c.connect("main"); Statement s = open.createStatement()) {
                open.setAutoCommit(false);
                s.execute("insert into t values (2, 'open')");
                s.execute("update t set v = 'changed' where id = 1");
                final long lsn;
                try (ResultSet rs = s.executeQuery("select pg_current_wal_lsn()")) {
                    assertTrue(rs.next());
                    lsn = Lsn.parse(rs.getString(1));
                }
                // the open transaction's rows reach the page server before the branch point
                final TimelineId main = TimelineId.parse(LocalCluster.readProperties(c.dir().resolve(LocalCluster.IDS))
                    .getProperty("branch.main"));
                c.local().pageServer().engine().timeline(c.local().tenant(), main).waitForLsn(lsn, 30_000);
                final BranchDiffCommandsTest.Run create = run("branch", "create", "--dir", dir, "dev");
                assertEquals(0, create.code(), create.err());
                open.commit();
            }
            exec(c, "main", "select 1"); // main's commit is ingested
            assertEquals(List.of("1 changed", "2 open"), rows(c, "main"));
            assertEquals(List.of("1 a"), rows(c, "dev"), "the open transaction never commits on the branch");

            final Map<String, Object> quick = diff(dir, false);
            assertEquals(List.of(), quick.get("tables"), "the page scan sees no change: the known limit " + quick);
            final Map<String, Object> full = diff(dir, true);
            final List<Object> tables = castList(full.get("tables"));
            assertEquals(1, tables.size(), full.toString());
            final Map<?, ?> t = (Map<?, ?>) tables.get(0);
            assertEquals("t", t.get("table"));
            assertEquals(1L, ((Number) t.get("removed")).longValue(), "row 2 is on main only: " + t);
            assertEquals(1L, ((Number) t.get("modified")).longValue(), "row 1 differs: " + t);
            assertEquals(0L, ((Number) t.get("added")).longValue(), t.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(final Object o) {
        return (List<Object>) o;
    }

    private static Map<String, Object> diff(final String dir, final boolean full) {
        final BranchDiffCommandsTest.Run r = full ? run("branch", "diff", "--dir", dir, "main", "dev", "--json", "--full")
            : run("branch", "diff", "--dir", dir, "main", "dev", "--json");
        assertEquals(0, r.code(), r.err());
        return JsonTree.parseObject(r.out());
    }

    private static List<String> rows(final TestCluster c, final String db) throws Exception {
        final java.util.ArrayList<String> out = new java.util.ArrayList<>();
        try (Connection conn = c.connect(db); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("select id, v from t order by id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + " " + rs.getString(2));
            }
        }
        return out;
    }
}
