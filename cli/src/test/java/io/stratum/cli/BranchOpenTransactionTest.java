package io.stratum.cli;

import static io.stratum.cli.BranchDiffCommandsTest.adopt;
import static io.stratum.cli.BranchDiffCommandsTest.exec;
import static io.stratum.cli.BranchDiffCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * A transaction open on main across the branch point: it wrote rows before the fork and commits on main
 * after it, so main's commit changes only the commit log above the fork, no heap page. Its rows differ
 * between main (which sees them) and the branch (where it never commits: aborted when a compute opens the
 * branch), though neither side changed their pages since the fork. The diff must report them as a diff that
 * reads every table whole does, and a merge must carry them or see them as PARENT's changes
 * ({@code ForkOpenTransactions}). Without it the default diff reported no change, a merge of the parent into
 * a fresh branch carried nothing, and a merge of a branch that changed the same row was taken for a
 * fast-forward (whose conflicts {@code --ours} would have resolved with the branch's value).
 */
class BranchOpenTransactionTest {
    @Test
    void aTransactionOpenAcrossTheBranchPointIsDiffedAndMerged() throws Exception {
        try (TestCluster c = TestCluster.start()) {
            adopt(c);
            final String dir = c.dir().toString();
            exec(c, "main", "create table t (id int primary key, v text)", "insert into t values (1, 'a')",
                "create table other (id int primary key)", "insert into other values (1)");
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
                for (final String b : List.of("dev", "dev2", "dev3")) {
                    final BranchDiffCommandsTest.Run create = run("branch", "create", "--dir", dir, b);
                    assertEquals(0, create.code(), create.err());
                }
                open.commit();
            }
            // a branch that changed the row main's open transaction changed: main changed no page since the
            // fork, yet this is no fast-forward but a conflict, and nothing is applied
            exec(c, "dev3", "update t set v = 'dev' where id = 1");
            final BranchDiffCommandsTest.Run refused = run("branch", "merge", "--dir", dir, "dev3");
            assertEquals(12, refused.code(), refused.out() + refused.err());
            assertTrue(refused.out().matches("(?s).*t\\s+id=1\\s+v\\s+a\\s+changed\\s+dev.*"), refused.out());
            assertEquals(List.of("1 changed", "2 open"), rows(c, "main"), "a refused merge changes nothing");
            assertFalse(refused.out().contains("fast-forward"), "main changed rows since the fork: " + refused.out());
            exec(c, "main", "insert into other values (2)"); // main goes on after the commit
            assertEquals(List.of("1 changed", "2 open"), rows(c, "main"));
            assertEquals(List.of("1 a"), rows(c, "dev"), "the open transaction never commits on the branch");
            exec(c, "dev", "insert into other values (3)"); // a compute writing dev aborts it there
            assertEquals(List.of("1 a"), rows(c, "dev"), "still not committed on the branch after it was opened");

            final Map<String, Object> full = diff(dir, true);
            final Map<String, Object> quick = diff(dir, false);
            assertEquals(counts(full), counts(quick), "the default diff sees what a whole-table diff sees");
            final Map<?, ?> t = table(quick, "t");
            assertEquals(1L, ((Number) t.get("removed")).longValue(), "row 2 is on main only: " + t);
            assertEquals(1L, ((Number) t.get("modified")).longValue(), "row 1 differs: " + t);
            assertEquals(0L, ((Number) t.get("added")).longValue(), t.toString());
            assertTrue(String.valueOf(t.get("read")).endsWith("changed pages"), "not a whole-table read: " + t);

            // merge main into a branch that changed nothing: the open transaction's rows go with it
            final BranchDiffCommandsTest.Run into = run("branch", "merge", "--dir", dir, "main", "--into", "dev2");
            assertEquals(0, into.code(), into.out() + into.err());
            assertEquals(List.of("1 changed", "2 open"), rows(c, "dev2"), into.out());

        }
    }

    private static Map<?, ?> table(final Map<String, Object> diff, final String name) {
        for (final Object o : castList(diff.get("tables"))) {
            if (name.equals(((Map<?, ?>) o).get("table"))) {
                return (Map<?, ?>) o;
            }
        }
        throw new AssertionError("no table " + name + " in " + diff);
    }

    /** Per table: added, modified, removed. */
    private static Map<Object, List<Object>> counts(final Map<String, Object> diff) {
        final Map<Object, List<Object>> out = new java.util.TreeMap<>();
        for (final Object o : castList(diff.get("tables"))) {
            final Map<?, ?> t = (Map<?, ?>) o;
            final List<Object> c = List.of(((Number) t.get("added")).longValue(),
                ((Number) t.get("modified")).longValue(), ((Number) t.get("removed")).longValue());
            if (!c.equals(List.of(0L, 0L, 0L))) {
                out.put(t.get("table"), c);
            }
        }
        return out;
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
