package io.stratum.mvcc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Interleaved transactions (up to three open at once, one thread, NOWAIT writes) against a model with
 * PostgreSQL's semantics: snapshots per statement (READ COMMITTED) or per transaction (REPEATABLE READ),
 * a statement never sees its own changes, no dirty reads, first updater wins (RC re-checks the newest
 * version after UPDATED, RR fails with 40001), row locks block writers, write skew is allowed; and
 * afterwards a read-only store at each commit's LSN sees exactly the state the model had then.
 */
class TransactionModelTest {
    private static Path dir;
    private static Cluster cluster;
    private static int nextRelation = 5000;

    private static synchronized Cluster cluster() throws Exception {
        if (cluster == null) {
            dir = Files.createTempDirectory("mvcc-model");
            cluster = new Cluster(dir, 8 << 20);
        }
        return cluster;
    }

    @AfterContainer
    static void closeCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster = null;
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<List<int[]>> ops() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 99)).as((k, t, s) -> new int[] {k, t, s}).list().ofMinSize(5).ofMaxSize(50);
    }

    /** A transaction of the model. */
    private static final class MTx {
        Transaction tx;
        boolean rr;
        int snap;
        int stmt;
        final Map<Integer, List<int[]>> writes = new HashMap<>(); // key -> [value or DELETED, stmt]*
        final Set<Integer> held = new HashSet<>();
    }

    private static final int DELETED = Integer.MIN_VALUE;

    private final List<Map<Integer, Integer>> states = new ArrayList<>();
    private final List<Long> lsns = new ArrayList<>();
    private final Map<Integer, Integer> lastMod = new HashMap<>();
    private final Map<Integer, Integer> lockedBy = new HashMap<>();
    private final MTx[] slots = new MTx[3];
    private final UnsafeBuffer row = new UnsafeBuffer(new byte[8]);
    private final long[] out = new long[1];
    private MvccStore store;
    private HeapTable heap;
    private int nextKey;

    @Property(tries = 150)
    void transactionsBehaveAsPostgres(@ForAll("ops") final List<int[]> ops) throws Exception {
        final Cluster c = cluster();
        store = c.store;
        states.clear();
        lsns.clear();
        lastMod.clear();
        lockedBy.clear();
        nextKey = 0;
        java.util.Arrays.fill(slots, null);
        final Transaction setup = store.begin(Isolation.READ_COMMITTED, false);
        setup.newStatement();
        final int rel;
        synchronized (TransactionModelTest.class) {
            rel = nextRelation++;
        }
        heap = store.createHeap(setup, rel);
        final Map<Integer, Integer> initial = new TreeMap<>();
        for (int k = 0; k < 4; k++) {
            row.putInt(0, k);
            row.putInt(4, 100 * k);
            heap.insert(setup, row, 0, 8);
            initial.put(k, 100 * k);
            lastMod.put(k, 0);
        }
        nextKey = 4;
        states.add(initial);
        lsns.add(setup.commit());
        for (final int[] op : ops) {
            step(op[0], op[1], op[2]);
        }
        for (int s = 0; s < slots.length; s++) {
            if (slots[s] != null) {
                abort(s);
            }
        }
        final long end = c.sync();
        assertTrue(end >= lsns.get(lsns.size() - 1));
        for (int i = Math.max(0, lsns.size() - 3); i < lsns.size(); i++) {
            try (MvccStore ro = c.readOnlyAt(lsns.get(i))) {
                final Transaction r = ro.begin(Isolation.REPEATABLE_READ, true);
                r.newStatement();
                assertEquals(states.get(i), values(scan(ro.heap(rel), r)), "state at commit " + i);
                r.commit();
            }
        }
    }

    private void step(final int kind, final int s, final int sel) {
        final MTx m = slots[s];
        if (m == null) {
            if (kind < 8) { // begin
                final MTx n = new MTx();
                n.rr = sel % 2 == 1;
                n.tx = store.begin(n.rr ? Isolation.REPEATABLE_READ : Isolation.READ_COMMITTED, false);
                n.tx.newStatement();
                n.stmt = 1;
                n.snap = states.size() - 1;
                slots[s] = n;
            }
            return;
        }
        switch (kind) {
            case 0 -> {
                m.tx.newStatement();
                m.stmt++;
                if (!m.rr) {
                    m.snap = states.size() - 1;
                }
            }
            case 1 -> assertEquals(view(m), values(scan(heap, m.tx)), "what the statement sees");
            case 2 -> {
                final int key = nextKey++;
                row.putInt(0, key);
                row.putInt(4, sel);
                heap.insert(m.tx, row, 0, 8);
                record(m, key, sel);
                lockedBy.put(key, s);
                m.held.add(key);
            }
            case 3, 4 -> write(s, m, sel, kind == 3 ? 1 : 2);
            case 5 -> write(s, m, sel, 3);
            case 6 -> {
                final long lsn = m.tx.commit();
                boolean wrote = false;
                final Map<Integer, Integer> next = new TreeMap<>(states.get(states.size() - 1));
                for (final Map.Entry<Integer, List<int[]>> e : m.writes.entrySet()) {
                    final int[] last = e.getValue().get(e.getValue().size() - 1);
                    if (last[0] == DELETED) {
                        next.remove(e.getKey());
                    } else {
                        next.put(e.getKey(), last[0]);
                    }
                    wrote = true;
                }
                if (wrote) {
                    states.add(next);
                    lsns.add(lsn);
                    for (final Integer k : m.writes.keySet()) {
                        lastMod.put(k, states.size() - 1);
                    }
                }
                release(s, m);
            }
            case 7 -> abort(s);
            default -> { }
        }
    }

    /** Update (1), delete (2) or lock (3) of a key the statement sees, NOWAIT. */
    private void write(final int s, final MTx m, final int sel, final int what) {
        final Map<Integer, Integer> view = view(m);
        if (view.isEmpty()) {
            return;
        }
        final List<Integer> keys = new ArrayList<>(new TreeMap<>(view).keySet());
        final int key = keys.get(sel % keys.size());
        final Map<Integer, long[]> seen = scan(heap, m.tx);
        final long tid = seen.get(key)[1];
        final boolean ownVersion = m.writes.containsKey(key) && visibleOwn(m, key) != null;
        final boolean selfModified = m.writes.containsKey(key)
            && m.writes.get(key).get(m.writes.get(key).size() - 1)[1] == m.stmt;
        final Integer holder = lockedBy.get(key);
        {
            if (selfModified) {
                assertEquals(Outcome.SELF_MODIFIED, apply(m, tid, what, key, 0));
                return;
            }
            if (!ownVersion && lastMod.getOrDefault(key, 0) > m.snap) {
                if (m.rr) {
                    final MvccException e = assertThrows(MvccException.class, () -> apply(m, tid, what, key, 0));
                    assertEquals(MvccException.Reason.SERIALIZATION_FAILURE, e.reason());
                    abort(s);
                    return;
                }
                final Map<Integer, Integer> latest = states.get(states.size() - 1);
                if (!latest.containsKey(key)) {
                    // deleted since the snapshot: directly (DELETED) or after an update (UPDATED, and the
                    // re-check finds the newest version deleted), as PostgreSQL's EvalPlanQual
                    final Outcome o = apply(m, tid, what, key, 0);
                    if (o == Outcome.UPDATED) {
                        assertFalse(heap.fetchLatest(m.tx, out[0], heap.newFetch()), "the newest version is deleted");
                    } else {
                        assertEquals(Outcome.DELETED, o);
                    }
                    return;
                }
                assertEquals(Outcome.UPDATED, apply(m, tid, what, key, 0));
                final TupleFetch f = heap.newFetch();
                assertTrue(heap.fetchLatest(m.tx, out[0], f), "re-check reads the newest version");
                assertEquals(latest.get(key), f.buffer().getInt(f.offset() + 4));
                final long newest = f.tid();
                if (holder != null && holder != s) {
                    final MvccException e = assertThrows(MvccException.class, () -> apply(m, newest, what, key, 0));
                    assertEquals(MvccException.Reason.LOCK_NOT_AVAILABLE, e.reason());
                    abort(s);
                    return;
                }
                assertEquals(Outcome.OK, apply(m, newest, what, key, latest.get(key) + 1));
                done(s, m, key, what, latest.get(key) + 1);
                return;
            }
            if (holder != null && holder != s) {
                final MvccException e = assertThrows(MvccException.class, () -> apply(m, tid, what, key, 0));
                assertEquals(MvccException.Reason.LOCK_NOT_AVAILABLE, e.reason());
                abort(s);
                return;
            }
            assertEquals(Outcome.OK, apply(m, tid, what, key, view.get(key) + 1));
            done(s, m, key, what, view.get(key) + 1);
        }
    }

    private Outcome apply(final MTx m, final long tid, final int what, final int key, final int value) {
        switch (what) {
            case 1 -> {
                row.putInt(0, key);
                row.putInt(4, value);
                return heap.update(m.tx, tid, row, 0, 8, WaitPolicy.NOWAIT, out);
            }
            case 2 -> {
                return heap.delete(m.tx, tid, WaitPolicy.NOWAIT, out);
            }
            default -> {
                return heap.lock(m.tx, tid, LockMode.UPDATE, WaitPolicy.NOWAIT, out);
            }
        }
    }

    private void done(final int s, final MTx m, final int key, final int what, final int value) {
        lockedBy.put(key, s);
        m.held.add(key);
        if (what == 1) {
            record(m, key, value);
        } else if (what == 2) {
            record(m, key, DELETED);
        }
    }

    private void record(final MTx m, final int key, final int value) {
        m.writes.computeIfAbsent(key, k -> new ArrayList<>()).add(new int[] {value, m.stmt});
    }

    private Integer visibleOwn(final MTx m, final int key) {
        final List<int[]> w = m.writes.get(key);
        Integer v = null;
        if (w != null) {
            for (final int[] e : w) {
                if (e[1] < m.stmt) {
                    v = e[0];
                }
            }
        }
        return v;
    }

    private Map<Integer, Integer> view(final MTx m) {
        final Map<Integer, Integer> v = new TreeMap<>(states.get(m.snap));
        for (final Integer key : m.writes.keySet()) {
            final Integer own = visibleOwn(m, key);
            if (own != null) {
                if (own == DELETED) {
                    v.remove(key);
                } else {
                    v.put(key, own);
                }
            }
        }
        return v;
    }

    private void abort(final int s) {
        final MTx m = slots[s];
        m.tx.rollback();
        release(s, m);
    }

    private void release(final int s, final MTx m) {
        for (final Integer k : m.held) {
            lockedBy.remove(k, s);
        }
        slots[s] = null;
    }

    private static Map<Integer, long[]> scan(final HeapTable h, final Transaction tx) {
        final Map<Integer, long[]> seen = new TreeMap<>();
        try (HeapScan s = h.scan(tx)) {
            while (s.next()) {
                final TupleView v = s.tuple();
                final int key = v.buffer().getInt(v.offset());
                assertNull(seen.put(key, new long[] {v.buffer().getInt(v.offset() + 4), v.tid()}),
                    "one visible version of key " + key);
            }
        }
        return seen;
    }

    private static Map<Integer, Integer> values(final Map<Integer, long[]> seen) {
        final Map<Integer, Integer> v = new TreeMap<>();
        seen.forEach((k, x) -> v.put(k, (int) x[0]));
        return v;
    }
}
