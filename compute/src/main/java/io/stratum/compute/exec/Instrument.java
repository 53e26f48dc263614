package io.stratum.compute.exec;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * EXPLAIN ANALYZE's counters: per plan node, how often it was opened (loops), the rows it returned and
 * the time spent in it and below it (opening, every row, closing). A node counts only when opened through
 * {@link PlanNode#start}; without an instrument set on the {@link ExecContext} nothing is counted. One per
 * statement; confined to its thread. Threads: none.
 */
public final class Instrument {
    /** loops, rows, nanoseconds in total, nanoseconds until the first row summed over loops. */
    private final Map<PlanNode, long[]> counts = new IdentityHashMap<>();

    Cursor wrap(final PlanNode node, final ExecContext cx) {
        final long[] c = counts.computeIfAbsent(node, n -> new long[4]);
        final long t0 = System.nanoTime();
        final Cursor in = node.open(cx);
        c[0]++;
        c[2] += System.nanoTime() - t0;
        return new Cursor() {
            boolean first = true;

            @Override
            public Object[] next() {
                final long t = System.nanoTime();
                final Object[] r = in.next();
                final long now = System.nanoTime();
                c[2] += now - t;
                if (first) {
                    first = false;
                    c[3] += now - t0;
                }
                if (r != null) {
                    c[1]++;
                }
                return r;
            }

            @Override
            public void close() {
                final long t = System.nanoTime();
                in.close();
                c[2] += System.nanoTime() - t;
            }
        };
    }

    /** The plan as EXPLAIN prints it, each node with {@code (actual time=first..total rows=n loops=l)} per loop. */
    public List<String> explain(final PlanNode root) {
        final List<String> out = new ArrayList<>();
        annotate(root, true);
        try {
            root.explain(out, 0);
        } finally {
            annotate(root, false);
        }
        return out;
    }

    private final Map<PlanNode, long[]> examined = new IdentityHashMap<>();

    /** A filtering scan met one more row (before its filter). */
    void examined(final PlanNode node) {
        examined.computeIfAbsent(node, n -> new long[1])[0]++;
    }

    /** Rows a filtering scan met, plus {@code add}. */
    long examined(final PlanNode node, final long add) {
        final long[] c = examined.get(node);
        return (c == null ? 0 : c[0]) + add;
    }

    private final Map<PlanNode, String> notes = new IdentityHashMap<>();

    /** What a node reports of its last execution besides counts (a sort's "Sort Method: ..."). */
    void note(final PlanNode node, final String text) {
        notes.put(node, text);
    }

    /** The node's {@link #note}, or null. */
    String note(final PlanNode node) {
        return notes.get(node);
    }

    /** Rows the node returned over all its loops, or -1 when it never ran. */
    long rows(final PlanNode node) {
        final long[] c = counts.get(node);
        return c == null ? -1 : c[1];
    }

    private void annotate(final PlanNode n, final boolean on) {
        final long[] c = counts.get(n);
        n.actual = !on ? null : c == null ? "  (never executed)" : String.format(Locale.ROOT,
            "  (actual time=%.3f..%.3f rows=%d loops=%d)", c[3] / 1e6 / c[0], c[2] / 1e6 / c[0], c[1] / c[0], c[0]);
        n.instrument = on ? this : null;
        for (final PlanNode k : n.children()) {
            annotate(k, on);
        }
    }
}
