package io.stratum.compute.exec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * {@code WITH RECURSIVE}: the recursive union evaluates its non-recursive term, then the recursive term over
 * the rows the previous step produced (the working table) until a step produces none. Rows stream out as
 * they are produced, so {@code LIMIT} over an unbounded recursion stops it, as in PostgreSQL. UNION (not ALL)
 * drops rows seen before. Every row kept in a working table or the seen-set is reserved against the
 * statement's memory limit (53200 past it).
 */
public final class Recursive {
    private Recursive() {
    }

    /** The rows of the current step, read by the recursive term's {@link WorkScan}s when they are opened. */
    public static final class WorkTable {
        List<Object[]> rows = List.of();
    }

    /** The recursive term's reference to the CTE itself. */
    public static final class WorkScan extends PlanNode {
        private final WorkTable table;
        private final String name;

        public WorkScan(final WorkTable table, final String name, final List<OutCol> cols) {
            super(cols);
            this.table = table;
            this.name = name;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            return copyCursor(table.rows);
        }

        @Override
        public String label() {
            return "WorkTable Scan on " + name;
        }

        @Override
        public List<PlanNode> children() {
            return List.of();
        }
    }

    /** The CTE: non-recursive term, then the recursive term step by step. */
    public static final class Union extends PlanNode {
        private final PlanNode initial;
        private final PlanNode step;
        private final WorkTable table;
        private final boolean all;

        public Union(final PlanNode initial, final PlanNode step, final WorkTable table, final boolean all,
                     final List<OutCol> cols) {
            super(cols);
            this.initial = initial;
            this.step = step;
            this.table = table;
            this.all = all;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final Cursor first = initial.start(cx);
            return new Cursor() {
                private Cursor cur = first;
                private List<Object[]> next = new ArrayList<>();
                private final HashSet<SortNodes.RowKey> seen = all ? null : new HashSet<>();
                private boolean done;

                @Override
                public Object[] next() {
                    while (!done) {
                        final Object[] r = cur.next();
                        if (r == null) {
                            cur.close();
                            if (next.isEmpty()) {
                                done = true;
                                cur = null;
                                return null;
                            }
                            table.rows = next;
                            next = new ArrayList<>();
                            cur = step.start(cx);
                            continue;
                        }
                        cx.check();
                        if (seen != null && !seen.add(new SortNodes.RowKey(r.clone()))) {
                            continue;
                        }
                        cx.reserve(ExecContext.estimate(r) * (seen == null ? 1 : 2));
                        next.add(r.clone());
                        return r;
                    }
                    return null;
                }

                @Override
                public void close() {
                    if (cur != null) {
                        cur.close();
                        cur = null;
                    }
                }
            };
        }

        @Override
        public String label() {
            return "Recursive Union";
        }

        @Override
        public List<PlanNode> children() {
            return List.of(initial, step);
        }
    }
}
