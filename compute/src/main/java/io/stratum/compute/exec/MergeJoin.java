package io.stratum.compute.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merge join (inner, left, right, full) over two inputs each ascending on its join keys, NULLs last (a
 * {@link SortNodes.Sort} on the keys, or an index scan in key order), as PostgreSQL's nodeMergejoin: keys compare
 * with ORDER BY's comparator ({@link SortNodes#comparator}, so int4 = int8 or numeric = int compare by value), a key
 * holding a NULL matches nothing (its row is returned unmatched by an outer join), and each run of equal right keys
 * (the inner group, PostgreSQL's mark and restore) is joined with every left row of that key ({@link MergeGroup}:
 * within work_mem, in a temporary file beyond it). The join filter ({@code residual}) decides which pairs of equal
 * keys are joined; an outer join's rows with no passing pair are returned with NULLs. The output of an inner or
 * left join keeps the left input's order. Confined to its thread; the group's file goes when the group does, on
 * close, or by the statement's end. Threads: none.
 */
public final class MergeJoin extends PlanNode {
    final Joins.Kind kind;
    final PlanNode left;
    final PlanNode right;
    final List<Expr> leftKeys;
    final List<Expr> rightKeys;
    final Expr residual;

    public MergeJoin(final Joins.Kind kind, final PlanNode left, final PlanNode right, final List<Expr> leftKeys,
                     final List<Expr> rightKeys, final Expr residual) {
        super(Joins.cols(left, right));
        if (leftKeys.isEmpty() || leftKeys.size() != rightKeys.size()) {
            throw new IllegalArgumentException("merge join: one right key per left key, at least one");
        }
        this.kind = kind;
        this.left = left;
        this.right = right;
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.residual = residual;
    }

    /** The sort keys an input must be ordered by for {@code keys}: ascending, NULLs last (ORDER BY's default). */
    public static List<SortNodes.Key> order(final List<Expr> keys) {
        final List<SortNodes.Key> out = new ArrayList<>();
        for (final Expr k : keys) {
            out.add(new SortNodes.Key(k, false, false));
        }
        return out;
    }

    @Override
    public Cursor open(final ExecContext cx) {
        return new Run(cx);
    }

    @Override
    public String label() {
        return "Merge " + (kind == Joins.Kind.INNER ? "" : kind == Joins.Kind.LEFT ? "Left " : kind == Joins.Kind.RIGHT
            ? "Right " : "Full ") + "Join";
    }

    @Override
    public List<String> details() {
        final StringBuilder sb = new StringBuilder("Merge Cond: (");
        final boolean many = leftKeys.size() > 1;
        for (int i = 0; i < leftKeys.size(); i++) {
            sb.append(i > 0 ? " AND " : "").append(many ? "(" : "").append(leftKeys.get(i).explain()).append(" = ")
                .append(rightKeys.get(i).explain()).append(many ? ")" : "");
        }
        final List<String> d = new ArrayList<>();
        d.add(sb.append(')').toString());
        if (residual != null) {
            d.add("Join Filter: " + residual.explain());
        }
        return d;
    }

    @Override
    public List<PlanNode> children() {
        return List.of(left, right);
    }

    /** One execution: the left row, the right group of equal keys, the right row read ahead. */
    private final class Run implements Cursor {
        private final ExecContext cx;
        private final Cursor lc;
        private final Cursor rc;
        private final Comparator<Object[]> cmp;
        private final int lw;
        private final int rw;
        private final boolean keepLeft;
        private final boolean keepRight;
        private final MergeGroup group;

        private Object[] l;
        private Object[] lk;
        private boolean lMatched;
        private boolean lInGroup;
        /** The right row read ahead (and its key), or null at the right input's end. */
        private Object[] r;
        private Object[] rk;
        private boolean rightDone;
        private boolean leftDone;
        private boolean started;

        Run(final ExecContext cx) {
            this.cx = cx;
            this.lw = left.columns().size();
            this.rw = right.columns().size();
            this.keepLeft = kind == Joins.Kind.LEFT || kind == Joins.Kind.FULL;
            this.keepRight = kind == Joins.Kind.RIGHT || kind == Joins.Kind.FULL;
            this.cmp = SortNodes.comparator(order(leftKeys), 0);
            this.group = new MergeGroup(cx, keepRight);
            final Cursor lcur = left.start(cx);
            try {
                this.rc = right.start(cx);
            } catch (final RuntimeException | Error e) {
                lcur.close();
                throw e;
            }
            this.lc = lcur;
        }

        private Object[] key(final List<Expr> keys, final Object[] row) {
            final Object[] k = new Object[keys.size()];
            for (int i = 0; i < k.length; i++) {
                k[i] = keys.get(i).eval(row, cx);
                if (k[i] == null) {
                    return null; // NULL = anything is not true: the row joins nothing
                }
            }
            return k;
        }

        private void advanceRight() {
            r = rightDone ? null : rc.next();
            if (r == null) {
                rightDone = true;
                rk = null;
                return;
            }
            cx.check();
            rk = key(rightKeys, r);
        }

        @Override
        public Object[] next() {
            if (!started) {
                started = true;
                advanceRight();
            }
            while (true) {
                if (lInGroup) {
                    // the left row against each row of the group (PostgreSQL's restore to the mark)
                    Object[] g;
                    while ((g = group.next()) != null) {
                        final Object[] row = Joins.concat(l, g, lw, rw);
                        if (residual == null || Boolean.TRUE.equals(residual.eval(row, cx))) {
                            lMatched = true;
                            group.matched();
                            return row;
                        }
                    }
                    lInGroup = false;
                    final Object[] done = l;
                    l = null;
                    if (!lMatched && keepLeft) {
                        return Joins.concat(done, null, lw, rw);
                    }
                    continue;
                }
                if (l == null && !leftDone) {
                    l = lc.next();
                    if (l == null) {
                        leftDone = true;
                    } else {
                        cx.check();
                        lk = key(leftKeys, l);
                        lMatched = false;
                        if (lk == null) {
                            final Object[] done = l;
                            l = null;
                            if (keepLeft) {
                                return Joins.concat(done, null, lw, rw);
                            }
                            continue;
                        }
                    }
                }
                if (group.active() && (l == null || cmp.compare(lk, group.key()) != 0)) {
                    // no more left rows of the group's key: its right rows that joined nothing, then the next group
                    final Object[] u = keepRight ? group.nextUnmatched() : null;
                    if (u != null) {
                        return Joins.concat(null, u, lw, rw);
                    }
                    group.clear();
                }
                if (l == null) {
                    // the left input is done: the right rows left over joined nothing
                    if (!keepRight || r == null) {
                        return null;
                    }
                    final Object[] u = r;
                    advanceRight();
                    return Joins.concat(null, u, lw, rw);
                }
                if (group.active()) {
                    group.rewind();
                    lInGroup = true;
                    continue;
                }
                // the right rows below the left key (or with a NULL key) join nothing
                while (r != null && (rk == null || cmp.compare(rk, lk) < 0)) {
                    final Object[] u = r;
                    advanceRight();
                    if (keepRight) {
                        return Joins.concat(null, u, lw, rw);
                    }
                }
                if (r != null && cmp.compare(rk, lk) == 0) {
                    group.begin(rk);
                    while (r != null && rk != null && cmp.compare(rk, group.key()) == 0) {
                        group.add(r);
                        advanceRight();
                    }
                    group.rewind();
                    lInGroup = true;
                    continue;
                }
                final Object[] done = l;
                l = null;
                if (keepLeft) {
                    return Joins.concat(done, null, lw, rw);
                }
            }
        }

        @Override
        public void close() {
            try {
                group.close();
            } finally {
                try {
                    rc.close();
                } finally {
                    lc.close();
                }
            }
        }
    }
}
