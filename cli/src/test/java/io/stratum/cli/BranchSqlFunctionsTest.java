package io.stratum.cli;

import static io.stratum.cli.BranchDiffCommandsTest.exec;
import static io.stratum.cli.BranchDiffCommandsTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.testkit.TestCluster;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SQL functions for the embedded case, through pgJDBC against the whole cluster: an application
 * branches itself ({@code stratum_branch_create}), lists ({@code stratum_branch_list()}), reads the changed
 * rows of a table ({@code stratum_diff}) and merges ({@code stratum_branch_merge}); bad input is an error
 * with its SQLSTATE, and changes nothing.
 */
class BranchSqlFunctionsTest {
    @Test
    void anApplicationBranchesDiffsAndMergesItself() throws Exception {
        try (TestCluster c = TestCluster.start()) {
            exec(c, "main", "create table t (id int primary key, v text)", "insert into t values (1, 'a'), (2, 'b')");
            assertEquals(List.of("postgresql://stratum@127.0.0.1:" + c.port() + "/dev"),
                rows(c, "main", "select stratum_branch_create('dev')"));
            assertEquals(List.of("main|null", "dev|main"), rows(c, "main", "select name, parent from stratum_branch_list()"));
            exec(c, "dev", "update t set v = 'B' where id = 2", "insert into t values (3, 'c')", "delete from t where id = 1");
            assertEquals(List.of("removed|{\"id\":\"1\",\"v\":\"a\"}|null",
                    "modified|{\"id\":\"2\",\"v\":\"b\"}|{\"id\":\"2\",\"v\":\"B\"}", "added|null|{\"id\":\"3\",\"v\":\"c\"}"),
                rows(c, "main", "select diff_type, from_row, to_row from stratum_diff('main', 'dev', 't')"
                    + " order by diff_type desc"));
            final String merged = rows(c, "main", "select stratum_branch_merge('dev')").get(0);
            assertTrue(merged.contains("\"applied\":true") && merged.contains("\"fast_forward\":true"), merged);
            assertEquals(List.of("2|B", "3|c"), rows(c, "main", "select * from t order by id"));

            assertEquals("42710", state(() -> rows(c, "main", "select stratum_branch_create('dev')")));
            assertEquals("42704", state(() -> rows(c, "main", "select * from stratum_diff('main', 'nosuch', 't')")));
            assertEquals("42704", state(() -> rows(c, "main", "select * from stratum_diff('main', 'dev', 'nosuch')")));
            assertEquals("22023", state(() -> rows(c, "main", "select stratum_branch_create('Bad Name')")));

            // a conflict: 55000 and nothing applied; then theirs
            exec(c, "dev", "update t set v = 'dev' where id = 3");
            exec(c, "main", "update t set v = 'main' where id = 3");
            assertEquals("55000", state(() -> rows(c, "main", "select stratum_branch_merge('dev')")));
            assertEquals(List.of("2|B", "3|main"), rows(c, "main", "select * from t order by id"));
            rows(c, "main", "select stratum_branch_merge('dev', 'main', 'theirs')");
            assertEquals(List.of("2|B", "3|dev"), rows(c, "main", "select * from t order by id"));
        }
    }

    interface Sql {
        void run() throws SQLException;
    }

    private static String state(final Sql sql) {
        return assertThrows(SQLException.class, sql::run).getSQLState();
    }
}
