package io.stratum.compute.exec;

import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * Nested-loop, hash and index-nested-loop joins: inner, left, right, full, cross; LATERAL through the
 * outer-row stack. The hash join builds its table on the right input.
 */
public final class Joins {
    private Joins() {
    }

    public enum Kind { INNER, LEFT, RIGHT, FULL }

    static Object[] concat(final Object[] l, final Object[] r, final int lw, final int rw) {
        final Object[] out = new Object[lw + rw];
        if (l != null) {
            System.arraycopy(l, 0, out, 0, lw);
        }
        if (r != null) {
            System.arraycopy(r, 0, out, lw, rw);
        }
        return out;
    }

    static List<Object[]> materialize(final PlanNode p, final ExecContext cx) {
        final List<Object[]> rows = new ArrayList<>();
        try (Cursor c = p.start(cx)) {
            Object[] r;
            while ((r = c.next()) != null) {
                cx.check();
                cx.reserve(ExecContext.estimate(r));
                rows.add(r);
            }
        }
        return rows;
    }

    static List<OutCol> cols(final PlanNode l, final PlanNode r) {
        final List<OutCol> c = new ArrayList<>(l.columns());
        c.addAll(r.columns());
        return c;
    }

    public static final class NestedLoop extends PlanNode {
        final Kind kind;
        final PlanNode left;
        final PlanNode right;
        final Expr cond;
        final boolean lateral;

        public NestedLoop(final Kind kind, final PlanNode left, final PlanNode right, final Expr cond, final boolean lateral) {
            super(cols(left, right));
            this.kind = kind;
            this.left = left;
            this.right = right;
            this.cond = cond;
            this.lateral = lateral;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final int lw = left.columns().size();
            final int rw = right.columns().size();
            final List<Object[]> rightRows = lateral ? null : materialize(right, cx);
            final boolean[] matchedRight = rightRows != null && (kind == Kind.RIGHT || kind == Kind.FULL)
                ? new boolean[rightRows.size()] : null;
            final Cursor lc = left.start(cx);
            return new Cursor() {
                Object[] l;
                boolean lMatched;
                int ri;
                List<Object[]> cur;
                long curBytes; // reserved for a lateral side's rows of the current outer row
                boolean leftDone;
                int tail = -1;

                private void releaseCur() {
                    cx.release(curBytes);
                    curBytes = 0;
                    cur = null;
                }

                @Override
                public Object[] next() {
                    while (true) {
                        if (leftDone) {
                            if (matchedRight == null) {
                                return null;
                            }
                            while (++tail < rightRows.size()) {
                                if (!matchedRight[tail]) {
                                    return concat(null, rightRows.get(tail), lw, rw);
                                }
                            }
                            return null;
                        }
                        if (l == null) {
                            l = lc.next();
                            if (l == null) {
                                leftDone = true;
                                continue;
                            }
                            lMatched = false;
                            ri = 0;
                            if (lateral) {
                                releaseCur(); // the previous outer row's rows are dropped: so is their reservation
                                cx.pushOuter(l);
                                try {
                                    cur = materialize(right, cx);
                                } finally {
                                    cx.popOuter();
                                }
                                for (final Object[] r : cur) {
                                    curBytes += ExecContext.estimate(r);
                                }
                            } else {
                                cur = rightRows;
                            }
                        }
                        while (ri < cur.size()) {
                            cx.check();
                            final int idx = ri++;
                            final Object[] row = concat(l, cur.get(idx), lw, rw);
                            if (cond == null || Boolean.TRUE.equals(cond.eval(row, cx))) {
                                lMatched = true;
                                if (matchedRight != null) {
                                    matchedRight[idx] = true;
                                }
                                return row;
                            }
                        }
                        final Object[] done = l;
                        l = null;
                        if (!lMatched && (kind == Kind.LEFT || kind == Kind.FULL)) {
                            return concat(done, null, lw, rw);
                        }
                    }
                }

                @Override
                public void close() {
                    if (lateral) {
                        releaseCur();
                    }
                    lc.close();
                }
            };
        }

        @Override
        public String label() {
            return "Nested Loop" + (kind == Kind.INNER ? "" : " " + (kind == Kind.LEFT ? "Left" : kind == Kind.RIGHT
                ? "Right" : "Full") + " Join");
        }

        @Override
        public List<String> details() {
            return cond == null ? List.of() : List.of("Join Filter: " + cond.explain());
        }

        @Override
        public List<PlanNode> children() {
            return List.of(left, right);
        }
    }

    /**
     * Equi-join: builds a hash table on the right input's keys, probes with the left's; within work_mem, in
     * batches on disk beyond it ({@link HashJoinRun}).
     */
    public static final class Hash extends PlanNode {
        final Kind kind;
        final PlanNode left;
        final PlanNode right;
        final List<Expr> leftKeys;
        final List<Expr> rightKeys;
        final Expr residual;

        public Hash(final Kind kind, final PlanNode left, final PlanNode right, final List<Expr> leftKeys,
                    final List<Expr> rightKeys, final Expr residual) {
            super(cols(left, right));
            this.kind = kind;
            this.left = left;
            this.right = right;
            this.leftKeys = leftKeys;
            this.rightKeys = rightKeys;
            this.residual = residual;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            return new HashJoinRun(this, cx).start();
        }

        @Override
        public String label() {
            return "Hash " + (kind == Kind.INNER ? "" : (kind == Kind.LEFT ? "Left " : kind == Kind.RIGHT ? "Right " : "Full "))
                + "Join";
        }

        @Override
        public List<String> details() {
            final StringBuilder sb = new StringBuilder("Hash Cond: (");
            for (int i = 0; i < leftKeys.size(); i++) {
                sb.append(i > 0 ? " AND " : "").append(leftKeys.get(i).explain()).append(" = ").append(rightKeys.get(i).explain());
            }
            final List<String> d = new ArrayList<>();
            d.add(sb.append(')').toString());
            if (residual != null) {
                d.add("Join Filter: " + residual.explain());
            }
            final String batches = instrument == null ? null : instrument.note(this);
            if (batches != null) {
                d.add(batches);
            }
            return d;
        }

        @Override
        public List<PlanNode> children() {
            return List.of(left, right);
        }
    }

    /**
     * The current outer row's join key in an index-nested-loop join: the inner index scan's bound, read
     * when the scan opens (the join sets the slot before it opens the inner side for each outer row).
     */
    public static final class LoopKey extends Expr {
        final Object[][] slot;
        final int index;
        final String name;

        public LoopKey(final Object[][] slot, final int index, final PgType type, final String name) {
            super(type);
            this.slot = slot;
            this.index = index;
            this.name = name;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            return slot[0] == null ? null : slot[0][index];
        }

        @Override
        public String explain() {
            return name;
        }
    }

    /**
     * Index nested loop (inner or left): for each outer row, its keys go into the slot that the inner side's
     * index scan bounds read ({@link LoopKey}), and the inner side is opened once per outer row.
     */
    public static final class IndexLoop extends PlanNode {
        final Kind kind;
        final PlanNode left;
        final PlanNode inner;
        final Expr[] keys;
        final Object[][] slot;
        final Expr residual;

        public IndexLoop(final Kind kind, final PlanNode left, final PlanNode inner, final List<Expr> keys,
                         final Object[][] slot, final Expr residual) {
            super(cols(left, inner));
            if (kind != Kind.INNER && kind != Kind.LEFT) {
                throw new IllegalArgumentException("index nested loop: inner or left only");
            }
            this.kind = kind;
            this.left = left;
            this.inner = inner;
            this.keys = keys.toArray(new Expr[0]);
            this.slot = slot;
            this.residual = residual;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final int lw = left.columns().size();
            final int rw = inner.columns().size();
            final Cursor lc = left.start(cx);
            return new Cursor() {
                Object[] l;
                Cursor ic;
                boolean lMatched;

                @Override
                public Object[] next() {
                    while (true) {
                        if (l == null) {
                            l = lc.next();
                            if (l == null) {
                                return null;
                            }
                            cx.check();
                            lMatched = false;
                            final Object[] k = new Object[keys.length];
                            boolean nullKey = false;
                            for (int i = 0; i < k.length; i++) {
                                k[i] = keys[i].eval(l, cx);
                                nullKey |= k[i] == null;
                            }
                            if (!nullKey) {
                                slot[0] = k;
                                ic = inner.start(cx);
                                slot[0] = null;
                            }
                        }
                        if (ic != null) {
                            Object[] r;
                            while ((r = ic.next()) != null) {
                                final Object[] row = concat(l, r, lw, rw);
                                if (residual == null || Boolean.TRUE.equals(residual.eval(row, cx))) {
                                    lMatched = true;
                                    return row;
                                }
                            }
                            ic.close();
                            ic = null;
                        }
                        final Object[] done = l;
                        l = null;
                        if (!lMatched && kind == Kind.LEFT) {
                            return concat(done, null, lw, rw);
                        }
                    }
                }

                @Override
                public void close() {
                    if (ic != null) {
                        ic.close();
                    }
                    lc.close();
                }
            };
        }

        @Override
        public String label() {
            return "Nested Loop" + (kind == Kind.LEFT ? " Left Join" : "");
        }

        @Override
        public List<String> details() {
            return residual == null ? List.of() : List.of("Join Filter: " + residual.explain());
        }

        @Override
        public List<PlanNode> children() {
            return List.of(left, inner);
        }
    }
}
