package io.stratum.cli;

import static io.stratum.cli.BranchDiffCommandsTest.exec;
import static io.stratum.cli.BranchDiffCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratum.cli.BranchDiffCommandsTest.Run;
import io.stratum.perf.pg.PgClients;
import io.stratum.testkit.TestCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * {@code stratum branch diff} against a full comparison of both branches: random writes (inserts, updates,
 * deletes on tables keyed by one column, by two, and by none) and schema changes (a column added, an index
 * and a table created, a table dropped) on two branches of main, or on a branch and its child; the diff's
 * rows, per table, are exactly those the comparison of every row of both branches finds (by primary key,
 * NULL for a column a side lacks; a table without one as a multiset). And {@code --sql} applied to a copy
 * of A gives every table the {@code \d} it has on B.
 */
class BranchDiffProperties {
    private static TestCluster c;
    private static String dir;
    private static int n;

    /** The tables and their primary keys (empty: none). */
    private static final Map<String, List<String>> KEYS = Map.of("t1", List.of("id"), "t2", List.of("a", "b"),
        "t3", List.of(), "tn", List.of("id"));

    @BeforeContainer
    static void start() throws Exception {
        c = TestCluster.start();
        BranchDiffCommandsTest.adopt(c);
        dir = c.dir().toString();
        exec(c, "main", "create table t1 (id int primary key, v text, n int)",
            "insert into t1 select g, 'v' || g, g % 7 from generate_series(1, 1500) g",
            "create table t2 (a int, b int, w text, primary key (a, b))",
            "insert into t2 select g % 10, g, 'w' from generate_series(1, 200) g",
            "create table t3 (x int, y text)", "insert into t3 select g % 5, 'y' from generate_series(1, 30) g");
    }

    @AfterContainer
    static void stop() {
        if (c != null) {
            c.close();
        }
    }

    @Property(tries = 6, shrinking = ShrinkingMode.OFF, seed = "1212")
    void diffIsTheFullComparisonAndSqlMigratesTheSchema(@ForAll final long seed, @ForAll final boolean nested)
        throws Exception {
        final Random r = new Random(seed);
        final String a = "a" + n;
        final String b = "b" + n;
        final String m = "m" + n++;
        assertEquals(0, run("branch", "create", "--dir", dir, a).code());
        // A's schema changes only before B forks from it: the compute runs no DROP COLUMN, which undoing them takes
        final Set<String> tablesA = work(r, a, new LinkedHashSet<>(List.of("t1", "t2", "t3")), nested);
        assertEquals(0, run("branch", "create", "--dir", dir, b, "--from", nested ? a : "main").code());
        final Set<String> tablesB = work(r, b, nested ? new LinkedHashSet<>(tablesA)
            : new LinkedHashSet<>(List.of("t1", "t2", "t3")), true);
        if (!nested) {
            work(r, a, tablesA, false);
        }

        final Run d = run("branch", "diff", "--dir", dir, a, b, "--json", "--rows");
        assertEquals(0, d.code(), d.err());
        final Map<String, Object> diff = JsonTree.parseObject(d.out());
        final Map<String, TreeSet<String>> got = new TreeMap<>();
        for (final Object o : BranchDiffCommands.list(diff.get("tables"))) {
            final Map<?, ?> t = (Map<?, ?>) o;
            final TreeSet<String> rows = new TreeSet<>();
            for (final Object x : BranchDiffCommands.list(t.get("rows"))) {
                final Map<?, ?> row = (Map<?, ?>) x;
                rows.add(row.get("diff_type") + " " + row.get("from") + " " + row.get("to"));
            }
            if (!rows.isEmpty()) {
                got.put((String) t.get("table"), rows);
            }
        }
        final Map<String, TreeSet<String>> want = new TreeMap<>();
        final Set<String> all = new TreeSet<>(tablesA);
        all.addAll(tablesB);
        for (final String t : all) {
            final TreeSet<String> rows = compare(tablesA.contains(t) ? read(a, t) : null,
                tablesB.contains(t) ? read(b, t) : null, KEYS.get(t));
            if (!rows.isEmpty()) {
                want.put(t, rows);
            }
        }
        assertEquals(want, got, "seed " + seed);

        // --sql turns a copy of A into B's schema
        assertEquals(0, run("branch", "create", "--dir", dir, m, "--from", a).code());
        final Run sql = run("branch", "diff", "--dir", dir, a, b, "--sql");
        assertEquals(0, sql.code(), sql.err());
        final List<String> ddl = sql.out().lines().filter(l -> !l.isBlank()).toList();
        if (!ddl.isEmpty()) {
            exec(c, m, ddl.toArray(new String[0]));
        }
        for (final String t : all) {
            assertEquals(describe(b, t), describe(m, t), "\\d " + t + " after " + ddl);
        }
        // each open branch holds a buffer pool in the compute: delete this try's
        assertEquals(0, run("branch", "delete", "--dir", dir, a, "--recursive").code());
        if (!nested) {
            assertEquals(0, run("branch", "delete", "--dir", dir, b).code());
        }
    }

    /** Random writes on {@code db}, then maybe ({@code schema}) a schema change; answers the tables it has after. */
    private static Set<String> work(final Random r, final String db, final Set<String> tables, final boolean schema)
        throws SQLException {
        final List<String> sql = new ArrayList<>();
        final int ops = 1 + r.nextInt(25);
        for (int i = 0; i < ops; i++) {
            final int k = 1 + r.nextInt(1600);
            switch (r.nextInt(9)) {
                case 0, 1 -> sql.add("insert into t1 values (" + k + ", 'i" + r.nextInt(100) + "', " + r.nextInt(9)
                    + ") on conflict (id) do nothing");
                case 2, 3 -> sql.add("update t1 set v = 'u" + r.nextInt(100) + "' where id = " + k);
                case 4 -> sql.add("update t1 set n = n + 1 where id between " + k + " and " + (k + r.nextInt(30)));
                case 5 -> sql.add("delete from t1 where id = " + k);
                case 6 -> sql.add(r.nextBoolean() ? "update t2 set w = 'x" + r.nextInt(5) + "' where b = " + (k % 210)
                    : "delete from t2 where a = " + (k % 10) + " and b = " + (k % 210));
                case 7 -> sql.add("insert into t2 values (" + (k % 10) + ", " + (300 + k) + ", 'n') on conflict do nothing");
                default -> {
                    if (tables.contains("t3")) {
                        sql.add(r.nextBoolean() ? "insert into t3 values (" + (k % 5) + ", 'z')"
                            : "delete from t3 where x = " + (k % 5));
                    }
                }
            }
        }
        switch (schema ? r.nextInt(8) : -1) {
            case 0 -> sql.add("alter table t1 add column c" + r.nextInt(3) + " int");
            case 1 -> sql.add("create index t2_w" + r.nextInt(2) + " on t2 (w)");
            case 2 -> {
                if (!tables.contains("tn")) {
                    sql.add("create table tn (id int primary key, z text not null default 'd')");
                    sql.add("insert into tn values (1, 'a'), (2, 'b')");
                    tables.add("tn");
                }
            }
            case 3 -> {
                if (tables.remove("t3")) {
                    sql.add("drop table t3");
                }
            }
            default -> { }
        }
        try (Connection conn = c.connect(db); Statement s = conn.createStatement()) {
            for (final String q : sql) {
                try {
                    s.execute(q);
                } catch (final SQLException e) {
                    if (!q.startsWith("alter table t1 add column") && !q.startsWith("create index")) {
                        throw e; // adding a column or an index twice fails; nothing else may
                    }
                }
            }
        }
        exec(c, db);
        return tables;
    }

    /** Every row of table {@code t} on {@code db}: column name to text value (in column order). */
    private static List<Map<String, String>> read(final String db, final String t) throws SQLException {
        final List<Map<String, String>> out = new ArrayList<>();
        try (Connection conn = c.connect(db); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("select * from " + t)) {
            final ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                final Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnName(i), rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    /** The model: dolt_diff(A, B) of one table from every row of both sides, as the diff's JSON prints rows. */
    private static TreeSet<String> compare(final List<Map<String, String>> a, final List<Map<String, String>> b,
                                           final List<String> pk) {
        final TreeSet<String> out = new TreeSet<>();
        final Set<String> cols = new LinkedHashSet<>();
        for (final List<Map<String, String>> side : java.util.Arrays.asList(a, b)) {
            if (side != null && !side.isEmpty()) {
                cols.addAll(side.get(0).keySet());
            }
        }
        if (!pk.isEmpty()) {
            final Map<String, Map<String, String>> ma = byKey(a, pk);
            final Map<String, Map<String, String>> mb = byKey(b, pk);
            final Set<String> keys = new TreeSet<>(ma.keySet());
            keys.addAll(mb.keySet());
            for (final String k : keys) {
                final Map<String, String> x = ma.get(k);
                final Map<String, String> y = mb.get(k);
                if (x == null) {
                    out.add("added null " + y);
                } else if (y == null) {
                    out.add("removed " + x + " null");
                } else {
                    for (final String col : cols) {
                        if (!java.util.Objects.equals(x.get(col), y.get(col))) {
                            out.add("modified " + x + " " + y);
                            break;
                        }
                    }
                }
            }
            return out;
        }
        final Map<String, Integer> count = new TreeMap<>();
        final Map<String, Map<String, String>> example = new TreeMap<>();
        for (final Map<String, String> x : a == null ? List.<Map<String, String>>of() : a) {
            count.merge(x.toString(), 1, Integer::sum);
            example.put(x.toString(), x);
        }
        for (final Map<String, String> y : b == null ? List.<Map<String, String>>of() : b) {
            count.merge(y.toString(), -1, Integer::sum);
            example.put(y.toString(), y);
        }
        for (final Map.Entry<String, Integer> e : count.entrySet()) {
            // duplicates print the same: the set keeps one line per distinct row and direction
            if (e.getValue() > 0) {
                out.add("removed " + example.get(e.getKey()) + " null");
            } else if (e.getValue() < 0) {
                out.add("added null " + example.get(e.getKey()));
            }
        }
        return out;
    }

    private static Map<String, Map<String, String>> byKey(final List<Map<String, String>> rows, final List<String> pk) {
        final Map<String, Map<String, String>> out = new TreeMap<>();
        if (rows != null) {
            for (final Map<String, String> r : rows) {
                final StringBuilder k = new StringBuilder();
                for (final String p : pk) {
                    k.append(r.get(p)).append(',');
                }
                out.put(k.toString(), r);
            }
        }
        return out;
    }

    /** psql's {@code \d TABLE} on {@code db}. */
    private static String describe(final String db, final String t) {
        final PgClients.Result r = c.psql(db, "\\d " + t + "\n");
        return r.stdout() + r.stderr();
    }
}
