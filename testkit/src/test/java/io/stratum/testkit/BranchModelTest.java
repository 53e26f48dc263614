package io.stratum.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.cluster.BranchManager;
import io.stratum.wal.Lsn;
import java.sql.Connection;
import java.time.Instant;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A random sequence of writes, branch creates at random points (LSNs, and times right after a commit), resets, restores and deletes on the whole
 * cluster, against a model: each branch name's rows now, and its rows at each LSN it has had. After every
 * operation the branches touched read what the model says; at the end every branch does, before and after
 * a restart of the whole cluster. The seed is in every message ({@code -Dstratum.seed=N} replays it).
 */
class BranchModelTest {
    /** A branch name in the model: its parent name (null for main), rows now, rows at each LSN of its history. */
    static final class Name {
        String parent;
        List<Integer> rows = new ArrayList<>();
        TreeMap<Long, List<Integer>> history = new TreeMap<>();

        Name copy() {
            final Name n = new Name();
            n.parent = parent;
            n.rows = new ArrayList<>(rows);
            n.history = new TreeMap<>(history);
            return n;
        }
    }

    private final Map<String, Name> model = new HashMap<>();
    private int nextId = 1;
    private int nextName = 1;

    @Test
    void branchesReadWhatTheModelSays() throws Exception {
        final long seed = Long.getLong("stratum.seed", System.nanoTime());
        final Random rnd = new Random(seed);
        final String why = "seed " + seed;
        try (TestCluster c = TestCluster.start()) {
            final BranchManager b = c.local().branches();
            final long start = BranchOpsTest.exec(c, "main", "create table t (id int primary key, v text)");
            final Name main = new Name();
            main.history.put(start, List.of());
            model.put("main", main);
            final List<String> log = new ArrayList<>();
            for (int step = 0; step < 14; step++) {
                try {
                    step(c, b, rnd, log, why);
                } catch (final RuntimeException | java.sql.SQLException e) {
                    throw new AssertionError(why + ": step " + step + " failed after " + log, e);
                }
            }
            System.out.println("BranchModelTest " + why + ": " + log);
            checkAll(c, why + " after " + log);
            c.restart();
            checkAll(c, why + " after a restart, after " + log);
        }
    }

    /** One random operation (none when the one picked is not possible), then the branch it touched reads what the model says. */
    private void step(final TestCluster c, final BranchManager b, final Random rnd, final List<String> log,
                         final String why) throws java.sql.SQLException {
        final List<String> names = new ArrayList<>(model.keySet());
        names.sort(null);
        final String pick = names.get(rnd.nextInt(names.size()));
        final Name n = model.get(pick);
        final int op = rnd.nextInt(10);
        if (op < 4) {
            final int id = nextId++;
            final long lsn = BranchOpsTest.exec(c, pick, "insert into t values (" + id + ", 'x')");
            n.rows.add(id);
            n.history.put(lsn, List.copyOf(n.rows));
            log.add("write " + id + " on " + pick + " at " + Lsn.format(lsn));
        } else if (op < 6 || model.size() < 3) {
            final String name = "b" + nextName++;
            final boolean byTime = rnd.nextInt(3) == 0;
            final Map.Entry<Long, List<Integer>> at = byTime || rnd.nextBoolean() ? null : pickPoint(rnd, n);
            String point = at == null ? null : Lsn.format(at.getKey());
            if (byTime) { // pick's state now, named by a time after its last commit
                final Instant t = Instant.now();
                awaitNextSecond(t); // the time index keeps one commit per second: none later in t's
                point = t.toString();
            }
            final BranchManager.Branch made = b.create(name, pick, point);
            final Name m = new Name();
            m.parent = made.parent(); // pick, or the ancestor holding a point below pick's branch point
            m.rows = new ArrayList<>(at == null ? n.rows : at.getValue());
            m.history.putAll(n.history.headMap(made.branchLsn(), true));
            m.history.put(made.branchLsn(), List.copyOf(m.rows));
            model.put(name, m);
            log.add("create " + name + " from " + pick + " at " + Lsn.format(made.branchLsn())
                + (byTime ? " (" + point + ")" : ""));
            assertEquals(m.rows, BranchOpsTest.ids(c, name), why + " after " + log);
        } else if (op < 7 && n.parent != null && model.containsKey(n.parent)) {
            final BranchManager.Moved moved = b.reset(pick);
            model.put(moved.backup(), n.copy());
            adopt(pick, moved.backup());
            final Name parent = model.get(n.parent);
            n.rows = new ArrayList<>(parent.rows);
            n.history = new TreeMap<>(parent.history.headMap(moved.branch().branchLsn(), true));
            n.history.put(moved.branch().branchLsn(), List.copyOf(n.rows));
            log.add("reset " + pick + " (backup " + moved.backup() + ")");
        } else if (op < 9) {
            final Map.Entry<Long, List<Integer>> to = pickPoint(rnd, n);
            final BranchManager.Moved moved = b.restore(pick, Lsn.format(to.getKey()));
            final Name backup = n.copy();
            model.put(moved.backup(), backup);
            adopt(pick, moved.backup());
            n.parent = moved.branch().parent(); // the backup, or an ancestor holding the point
            n.rows = new ArrayList<>(to.getValue());
            n.history = new TreeMap<>(backup.history.headMap(to.getKey(), true));
            log.add("restore " + pick + " to " + Lsn.format(to.getKey()) + " (backup " + moved.backup() + ")");
        } else if (!pick.equals("main") && model.values().stream().noneMatch(x -> pick.equals(x.parent))) {
            b.delete(pick, false);
            model.remove(pick);
            log.add("delete " + pick);
            return;
        } else {
            return;
        }
        assertEquals(model.get(pick).rows, BranchOpsTest.ids(c, pick), why + " after " + log);
    }

    /** Branches of {@code name}'s old timeline now have its backup as their parent. */
    private void adopt(final String name, final String backup) {
        for (final Name x : model.values()) {
            if (name.equals(x.parent)) {
                x.parent = backup;
            }
        }
    }

    private static Map.Entry<Long, List<Integer>> pickPoint(final Random rnd, final Name n) {
        final List<Map.Entry<Long, List<Integer>>> points = new ArrayList<>(n.history.entrySet());
        return points.get(rnd.nextInt(points.size()));
    }

    private void checkAll(final TestCluster c, final String why) throws Exception {
        for (final Map.Entry<String, Name> e : new TreeMap<>(model).entrySet()) {
            assertEquals(e.getValue().rows, BranchOpsTest.ids(c, e.getKey()), e.getKey() + ", " + why);
            // and one point of its history, read-only
            final Map.Entry<Long, List<Integer>> p = e.getValue().history.lastEntry();
            try (Connection conn = c.connect(e.getKey() + "@" + Lsn.format(p.getKey()));
                 Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("select id from t order by id")) {
                final List<Integer> got = new ArrayList<>();
                while (rs.next()) {
                    got.add(rs.getInt(1));
                }
                assertEquals(p.getValue(), got, e.getKey() + "@" + Lsn.format(p.getKey()) + ", " + why);
            }
        }
    }

    /** Waits (bounded) until the wall clock is in a later second than {@code t}. */
    private static void awaitNextSecond(final Instant t) {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (Instant.now().getEpochSecond() <= t.getEpochSecond()) {
            assertTrue(System.nanoTime() < deadline, "the clock did not advance");
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }
}
