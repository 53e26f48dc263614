package io.stratum.cli;

import static io.stratum.cli.BranchDiffCommandsTest.exec;
import static io.stratum.cli.BranchDiffCommandsTest.rows;
import static io.stratum.cli.BranchDiffCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratum.cli.BranchDiffCommandsTest.Run;
import io.stratum.testkit.TestCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * {@code stratum branch merge} against a model three-way merge: random inserts, updates and deletes on both
 * sides of a fork (sometimes on the source only: a fast-forward); the conflicts reported are exactly the
 * cells (or rows, deleted on one side) changed differently on both sides; a merge with conflicts and no
 * side picked exits 12 and changes nothing; with {@code --ours} or {@code --theirs}, or without conflicts,
 * the parent afterwards holds exactly the model's merge.
 */
class BranchMergeProperties {
    private static final String[] COLS = {"id", "a", "b", "c"};
    private static TestCluster c;
    private static String dir;
    private static int n;

    @BeforeContainer
    static void start() throws Exception {
        c = TestCluster.start();
        BranchDiffCommandsTest.adopt(c);
        dir = c.dir().toString();
        exec(c, "main", "create table m (id int primary key, a int, b int, c text)",
            "insert into m select g, g % 3, g % 5, 'c' || g from generate_series(1, 400) g");
    }

    @AfterContainer
    static void stop() {
        if (c != null) {
            c.close();
        }
    }

    @Property(tries = 8, shrinking = ShrinkingMode.OFF, seed = "2026")
    void mergeIsTheModelsThreeWayMerge(@ForAll final long seed) throws Exception {
        final Random r = new Random(seed);
        final String p = "p" + n;
        final String s = "s" + n++;
        assertEquals(0, run("branch", "create", "--dir", dir, p).code());
        assertEquals(0, run("branch", "create", "--dir", dir, s, "--from", p).code());
        final Map<Integer, List<String>> base = read(p);
        work(r, s);
        if (r.nextInt(4) != 0) {
            work(r, p);
        }
        final Map<Integer, List<String>> ours = read(p);
        final Map<Integer, List<String>> theirs = read(s);

        final TreeSet<String> conflicts = new TreeSet<>();
        final Map<Integer, List<String>> mergedOurs = merge(base, ours, theirs, false, conflicts);
        final Map<Integer, List<String>> mergedTheirs = merge(base, ours, theirs, true, new TreeSet<>());

        final Run plain = run("branch", "merge", "--dir", dir, s, "--json");
        final Map<String, Object> answer = JsonTree.parseObject(plain.out());
        final TreeSet<String> got = new TreeSet<>();
        for (final Object o : BranchDiffCommands.list(answer.get("conflicts"))) {
            final Map<?, ?> x = (Map<?, ?>) o;
            got.add(x.get("key") + " " + x.get("column"));
        }
        assertEquals(conflicts, got, "seed " + seed);
        Statistics.collect(Boolean.TRUE.equals(answer.get("fast_forward")) ? "fast-forward" : "three-way",
            conflicts.isEmpty() ? "clean" : "conflicts");
        if (conflicts.isEmpty()) {
            assertEquals(0, plain.code(), plain.out() + plain.err());
            assertEquals(mergedOurs, read(p), "seed " + seed);
        } else {
            assertEquals(12, plain.code(), plain.out() + plain.err());
            assertEquals(ours, read(p), "a refused merge changes nothing");
            final boolean pickTheirs = r.nextBoolean();
            final Run picked = run("branch", "merge", "--dir", dir, s, pickTheirs ? "--theirs" : "--ours");
            assertEquals(0, picked.code(), picked.out() + picked.err());
            assertEquals(pickTheirs ? mergedTheirs : mergedOurs, read(p), "seed " + seed);
        }
        assertEquals(0, run("branch", "delete", "--dir", dir, p, "--recursive").code());
    }

    private static void work(final Random r, final String db) throws Exception {
        final List<String> sql = new ArrayList<>();
        final int ops = 1 + r.nextInt(12);
        for (int i = 0; i < ops; i++) {
            final int k = 1 + r.nextInt(10) + (r.nextInt(4) == 0 ? 200 : 0);
            switch (r.nextInt(6)) {
                case 0 -> sql.add("update m set a = " + r.nextInt(5) + " where id = " + k);
                case 1 -> sql.add("update m set b = " + r.nextInt(3) + ", c = 'x" + r.nextInt(3) + "' where id = " + k);
                case 2 -> sql.add("delete from m where id = " + (k + r.nextInt(3)));
                case 3 -> sql.add("insert into m values (" + (400 + r.nextInt(10)) + ", " + r.nextInt(2) + ", 0, 'i')"
                    + " on conflict (id) do nothing");
                case 4 -> sql.add("update m set c = null where id = " + k);
                default -> sql.add("update m set a = a + 1 where id between " + k + " and " + (k + r.nextInt(5)));
            }
        }
        exec(c, db, sql.toArray(new String[0]));
    }

    private static Map<Integer, List<String>> read(final String db) throws Exception {
        final Map<Integer, List<String>> out = new TreeMap<>();
        for (final String row : rows(c, db, "select id, a, b, c from m")) {
            final String[] f = row.split("\\|", -1);
            final List<String> v = new ArrayList<>();
            for (final String x : f) {
                v.add(x.equals("null") ? null : x);
            }
            out.put(Integer.parseInt(f[0]), v);
        }
        return out;
    }

    /** The model: a three-way merge by key, cell by cell; conflicts resolved to theirs or ours. */
    private static Map<Integer, List<String>> merge(final Map<Integer, List<String>> base,
                                                    final Map<Integer, List<String>> ours,
                                                    final Map<Integer, List<String>> theirs, final boolean pickTheirs,
                                                    final TreeSet<String> conflicts) {
        final Map<Integer, List<String>> out = new TreeMap<>(ours);
        final TreeSet<Integer> keys = new TreeSet<>(base.keySet());
        keys.addAll(ours.keySet());
        keys.addAll(theirs.keySet());
        for (final int k : keys) {
            final List<String> b = base.get(k);
            final List<String> o = ours.get(k);
            final List<String> t = theirs.get(k);
            if (Objects.equals(t, b) || Objects.equals(o, t)) {
                continue;
            }
            if (Objects.equals(o, b)) {
                put(out, k, t);
                continue;
            }
            if (o == null || t == null) {
                conflicts.add("id=" + k + " *");
                if (pickTheirs) {
                    put(out, k, t);
                }
                continue;
            }
            final List<String> m = new ArrayList<>(o);
            for (int i = 0; i < COLS.length; i++) {
                final String vb = b == null ? null : b.get(i);
                final boolean baseHas = b != null;
                if (baseHas && Objects.equals(t.get(i), vb) || Objects.equals(o.get(i), t.get(i))) {
                    continue;
                }
                if (baseHas && Objects.equals(o.get(i), vb)) {
                    m.set(i, t.get(i));
                    continue;
                }
                if (!baseHas && t.get(i) == null && o.get(i) == null) {
                    continue;
                }
                conflicts.add("id=" + k + " " + COLS[i]);
                if (pickTheirs) {
                    m.set(i, t.get(i));
                }
            }
            out.put(k, m);
        }
        return out;
    }

    private static void put(final Map<Integer, List<String>> out, final int k, final List<String> row) {
        if (row == null) {
            out.remove(k);
        } else {
            out.put(k, row);
        }
    }
}
