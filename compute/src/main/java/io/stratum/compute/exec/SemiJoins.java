package io.stratum.compute.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * Semi and anti joins, what {@code IN}, {@code EXISTS} and {@code NOT EXISTS} become when the planner
 * decorrelates them: each outer (left) row is returned once when some inner row matches (semi) or when none
 * does (anti), with the outer row's columns only, so duplicates on the inner side never multiply outer rows.
 * A match needs every key pair equal (a NULL key never matches) and the join filter true. The null-aware
 * anti join is {@code x NOT IN (subquery)} in a WHERE clause: an outer row survives when the subquery is
 * empty, or when x is not NULL, no inner value equals it and none is NULL (PostgreSQL's NULL semantics:
 * otherwise NOT IN is false or unknown). Threads: none; each cursor is confined to the statement's thread.
 */
public final class SemiJoins {
    private SemiJoins() {
    }

    private static SortNodes.RowKey key(final Expr[] keys, final Object[] row, final ExecContext cx) {
        final Object[] k = new Object[keys.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = keys[i].eval(row, cx);
            if (k[i] == null) {
                return null;
            }
        }
        return new SortNodes.RowKey(k);
    }

    private static String keysText(final Expr[] l, final Expr[] r) {
        final StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < l.length; i++) {
            sb.append(i > 0 ? " AND " : "").append(l[i].explain()).append(" = ").append(r[i].explain());
        }
        return sb.append(')').toString();
    }

    /** Shared by the three nodes: the outer side, the inner side, semi or anti, and the join filter. */
    abstract static class Base extends PlanNode {
        final PlanNode left;
        final PlanNode right;
        final boolean anti;
        final Expr residual;

        Base(final PlanNode left, final PlanNode right, final boolean anti, final Expr residual) {
            super(left.columns());
            this.left = left;
            this.right = right;
            this.anti = anti;
            this.residual = residual;
        }

        String kind() {
            return anti ? " Anti Join" : " Semi Join";
        }

        /** The nested loops' label and details; the hash join names its own. */
        @Override
        public String label() {
            return "Nested Loop" + kind();
        }

        @Override
        public List<String> details() {
            return residual == null ? List.of() : List.of("Join Filter: " + residual.explain());
        }

        /** Whether some row of {@code candidates} passes the join filter with outer row {@code l}. */
        boolean anyPasses(final Object[] l, final Cursor candidates, final ExecContext cx) {
            final int lw = left.columns().size();
            final int rw = right.columns().size();
            Object[] r;
            while ((r = candidates.next()) != null) {
                cx.check();
                if (residual == null || Boolean.TRUE.equals(residual.eval(Joins.concat(l, r, lw, rw), cx))) {
                    return true;
                }
            }
            return false;
        }

        /** A cursor over the outer rows for which {@code matched} says what the join wants (false for anti). */
        Cursor filtering(final ExecContext cx, final java.util.function.Predicate<Object[]> keep, final Runnable onClose) {
            final Cursor lc = left.start(cx);
            return new Cursor() {
                @Override
                public Object[] next() {
                    Object[] l;
                    while ((l = lc.next()) != null) {
                        cx.check();
                        if (keep.test(l)) {
                            return l;
                        }
                    }
                    return null;
                }

                @Override
                public void close() {
                    lc.close();
                    onClose.run();
                }
            };
        }

        @Override
        public List<PlanNode> children() {
            return List.of(left, right);
        }
    }

    /**
     * Hash semi or anti join: the inner side's keys in a hash table (only the distinct keys when there is no
     * join filter), probed with each outer row's keys; within work_mem, batched on disk beyond it
     * ({@link HashSemiRun}).
     */
    public static final class Hash extends Base {
        final Expr[] leftKeys;
        final Expr[] rightKeys;
        final boolean nullAware;

        public Hash(final boolean anti, final boolean nullAware, final PlanNode left, final PlanNode right,
                    final List<Expr> leftKeys, final List<Expr> rightKeys, final Expr residual) {
            super(left, right, anti, residual);
            if (nullAware && (!anti || leftKeys.size() != 1 || residual != null)) {
                throw new IllegalArgumentException("null-aware: an anti join on one key without a filter");
            }
            this.leftKeys = leftKeys.toArray(new Expr[0]);
            this.rightKeys = rightKeys.toArray(new Expr[0]);
            this.nullAware = nullAware;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            return new HashSemiRun(this, cx).start();
        }

        @Override
        public String label() {
            return "Hash" + kind();
        }

        @Override
        public List<String> details() {
            final List<String> d = new ArrayList<>();
            d.add("Hash Cond: " + keysText(leftKeys, rightKeys));
            if (residual != null) {
                d.add("Join Filter: " + residual.explain());
            }
            if (nullAware) {
                d.add("Null Aware: true");
            }
            return d;
        }
    }

    /**
     * Index nested loop semi or anti join: per outer row, its keys go into the slot the inner index scan's
     * bounds read ({@link Joins.LoopKey}); the inner side stops at the first row that passes the join filter.
     */
    public static final class IndexLoop extends Base {
        final Expr[] keys;
        final Object[][] slot;

        public IndexLoop(final boolean anti, final PlanNode left, final PlanNode inner, final List<Expr> keys,
                         final Object[][] slot, final Expr residual) {
            super(left, inner, anti, residual);
            this.keys = keys.toArray(new Expr[0]);
            this.slot = slot;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            return filtering(cx, l -> {
                final Object[] k = new Object[keys.length];
                for (int i = 0; i < k.length; i++) {
                    k[i] = keys[i].eval(l, cx);
                    if (k[i] == null) {
                        return anti; // a NULL key matches nothing
                    }
                }
                slot[0] = k;
                final Cursor ic;
                try {
                    ic = right.start(cx);
                } finally {
                    slot[0] = null;
                }
                try (ic) {
                    return anyPasses(l, ic, cx) != anti;
                }
            }, () -> { });
        }
    }

    /** Nested loop semi or anti join over the materialized inner rows, for conditions without equalities. */
    public static final class NestedLoop extends Base {
        public NestedLoop(final boolean anti, final PlanNode left, final PlanNode right, final Expr cond) {
            super(left, right, anti, cond);
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final List<Object[]> inner = Joins.materialize(right, cx);
            long held = 0;
            for (final Object[] r : inner) {
                held += ExecContext.estimate(r);
            }
            final long reserved = held;
            return filtering(cx, l -> anyPasses(l, PlanNode.listCursor(inner), cx) != anti, () -> cx.release(reserved));
        }
    }
}
