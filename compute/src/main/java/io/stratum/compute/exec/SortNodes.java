package io.stratum.compute.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Sort (within work_mem, then an external merge sort: {@link ExternalSort}), hash DISTINCT and set operations. */
public final class SortNodes {
    private SortNodes() {
    }

    /** One sort key: an expression over the input row, direction and null placement. */
    public record Key(Expr expr, boolean descending, boolean nullsFirst) {
    }

    /** A comparator of rows by keys evaluated beforehand into the row's trailing slots. */
    static Comparator<Object[]> comparator(final List<Key> keys, final int base) {
        return (x, y) -> {
            for (int k = 0; k < keys.size(); k++) {
                final Key key = keys.get(k);
                final Object a = x[base + k];
                final Object b = y[base + k];
                final int c;
                if (a == null || b == null) {
                    if (a == b) {
                        continue;
                    }
                    c = (a == null) == key.nullsFirst() ? -1 : 1;
                    return c;
                }
                final int v = Values.compare(a, b);
                if (v != 0) {
                    return key.descending() ? -v : v;
                }
            }
            return 0;
        };
    }

    /**
     * The first {@code bound} rows of the sorted input, in order (a top-N heap sort): a max-heap keeps the
     * {@code bound} smallest rows seen so far, so memory is bounded by the LIMIT, not the input. Ties keep
     * input order (a sequence number is the last key), so the rows are exactly the first ones of
     * the full (stable) sort.
     */
    static List<Object[]> topRows(final Cursor in, final List<Key> keys, final int width, final long bound,
                                  final ExecContext cx) {
        final Comparator<Object[]> byKeys = comparator(keys, width);
        final int seq = width + keys.size();
        final Comparator<Object[]> order = byKeys.thenComparingLong(w -> (Long) w[seq]);
        final java.util.PriorityQueue<Object[]> heap = new java.util.PriorityQueue<>(
            (int) Math.min(bound, 1024) + 1, order.reversed());
        long n = 0;
        Object[] r;
        while ((r = in.next()) != null) {
            cx.check();
            final Object[] w = java.util.Arrays.copyOf(r, seq + 1);
            for (int k = 0; k < keys.size(); k++) {
                w[width + k] = keys.get(k).expr().eval(r, cx);
            }
            w[seq] = n++;
            if (heap.size() < bound) {
                cx.reserve(ExecContext.estimate(w));
                heap.add(w);
            } else if (bound > 0 && byKeys.compare(w, heap.peek()) < 0) { // equal keys: the earlier row stays
                cx.release(ExecContext.estimate(heap.poll()));
                cx.reserve(ExecContext.estimate(w));
                heap.add(w);
            }
        }
        final List<Object[]> rows = new ArrayList<>(heap);
        rows.sort(order);
        return rows;
    }

    /**
     * Hands out {@code rows} in order, dropping each from the list as it goes (so it can be collected), cut to
     * {@code width} columns (the sort keys' trailing slots removed), or whole with a negative width.
     */
    static Cursor drain(final List<Object[]> rows, final int width) {
        return new Cursor() {
            int i;

            @Override
            public Object[] next() {
                if (i >= rows.size()) {
                    return null;
                }
                final Object[] r = rows.get(i);
                rows.set(i++, null);
                return width < 0 ? r : java.util.Arrays.copyOf(r, width);
            }

            @Override
            public void close() {
            }
        };
    }

    /** A LIMIT bound up to which a sort keeps a heap of the first rows instead of sorting them all. */
    static final long TOP_N_MAX = 1 << 16;

    public static final class Sort extends PlanNode {
        final PlanNode input;
        final List<Key> keys;

        public Sort(final PlanNode input, final List<Key> keys) {
            super(input.columns());
            this.input = input;
            this.keys = keys;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final int width = columns.size();
            final long bound = cx.takeSortBound();
            if (bound >= 0) {
                final List<Object[]> rows;
                try (Cursor in = input.start(cx)) {
                    rows = topRows(in, keys, width, bound, cx);
                }
                note(cx, "top-N heapsort  Memory: " + kilobytes(rows) + "kB");
                return drain(rows, width);
            }
            final ExternalSort sort = new ExternalSort(comparator(keys, width), cx.workMem(), cx);
            try (Cursor in = input.start(cx)) {
                Object[] r;
                while ((r = in.next()) != null) {
                    cx.check();
                    final Object[] w = java.util.Arrays.copyOf(r, width + keys.size());
                    for (int k = 0; k < keys.size(); k++) {
                        w[width + k] = keys.get(k).expr().eval(r, cx);
                    }
                    sort.add(w);
                }
                sort.finish();
            } catch (final RuntimeException | Error e) {
                sort.close(); // its files go now, not only at the statement's end
                throw e;
            }
            note(cx, sort.spilled() ? "external merge  Disk: " + (sort.diskBytes() + 1023) / 1024 + "kB"
                : "quicksort  Memory: " + (sort.peakMemory() + 1023) / 1024 + "kB");
            return new Cursor() {
                @Override
                public Object[] next() {
                    final Object[] r = sort.next();
                    return r == null ? null : java.util.Arrays.copyOf(r, width);
                }

                @Override
                public void close() {
                    sort.close();
                }
            };
        }

        private void note(final ExecContext cx, final String method) {
            if (cx.instrument() != null) {
                cx.instrument().note(this, "Sort Method: " + method);
            }
        }

        private static long kilobytes(final List<Object[]> rows) {
            long n = 0;
            for (final Object[] r : rows) {
                n += ExecContext.estimate(r);
            }
            return (n + 1023) / 1024;
        }

        @Override
        public String label() {
            return "Sort";
        }

        @Override
        public List<String> details() {
            final StringBuilder sb = new StringBuilder("Sort Key: ");
            for (int k = 0; k < keys.size(); k++) {
                sb.append(k > 0 ? ", " : "").append(keys.get(k).expr().explain()).append(keys.get(k).descending() ? " DESC" : "");
            }
            final String method = instrument == null ? null : instrument.note(this);
            return method == null ? List.of(sb.toString()) : List.of(sb.toString(), method);
        }

        @Override
        public List<PlanNode> children() {
            return List.of(input);
        }
    }

    /** A row (or key) as a hash-map key with SQL grouping equality. */
    public static final class RowKey {
        final Object[] values;
        private final int hash;

        public RowKey(final Object[] values) {
            this.values = values;
            int h = 1;
            for (final Object v : values) {
                h = 31 * h + Values.hash(v);
            }
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(final Object o) {
            if (!(o instanceof RowKey)) {
                return false;
            }
            final Object[] b = ((RowKey) o).values;
            if (b.length != values.length) {
                return false;
            }
            for (int i = 0; i < b.length; i++) {
                if (!Values.same(values[i], b[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * DISTINCT [ON], streaming, first occurrence wins: within work_mem, spilling beyond it ({@link HashDistinct}),
     * or, for DISTINCT ON over its sort, by comparing each row with the last.
     */
    public static final class Distinct extends PlanNode {
        final PlanNode input;
        /** DISTINCT ON: key expressions; null for whole-row DISTINCT. */
        final List<Expr> on;

        public Distinct(final PlanNode input, final List<Expr> on) {
            super(input.columns());
            this.input = input;
            this.on = on;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final Cursor in = input.start(cx);
            final java.util.function.Function<Object[], Object[]> keyOf = on == null ? r -> r : r -> {
                final Object[] k = new Object[on.size()];
                for (int i = 0; i < k.length; i++) {
                    k[i] = on.get(i).eval(r, cx);
                }
                return k;
            };
            // DISTINCT ON over its ORDER BY's sort keeps the sort's order: rows with equal ON keys are adjacent
            // when the sort's leading keys are the ON expressions, and then only the last key is needed
            final boolean ordered = input instanceof Sort;
            if (ordered && on != null && ((Sort) input).keys.size() >= on.size()) {
                return new Cursor() {
                    Object[] last;

                    @Override
                    public Object[] next() {
                        Object[] r;
                        while ((r = in.next()) != null) {
                            cx.check();
                            final Object[] k = keyOf.apply(r);
                            if (last == null || !new RowKey(k).equals(new RowKey(last))) {
                                last = k;
                                return r;
                            }
                        }
                        return null;
                    }

                    @Override
                    public void close() {
                        in.close();
                    }
                };
            }
            return new HashDistinct(in, keyOf, input.columns(), !ordered, cx);
        }

        @Override
        public String label() {
            return "HashAggregate";
        }

        @Override
        public List<PlanNode> children() {
            return List.of(input);
        }
    }

    /** UNION [ALL] / INTERSECT [ALL] / EXCEPT [ALL], within work_mem ({@link HashDistinct}, {@link HashSetOpRun}). */
    public static final class SetOp extends PlanNode {
        final String kind;
        final boolean all;
        final PlanNode left;
        final PlanNode right;

        public SetOp(final String kind, final boolean all, final PlanNode left, final PlanNode right, final List<OutCol> cols) {
            super(cols);
            this.kind = kind;
            this.all = all;
            this.left = left;
            this.right = right;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            if (kind.equals("UNION")) {
                final Cursor both = new Cursor() {
                    Cursor cur = left.start(cx);
                    boolean second;

                    @Override
                    public Object[] next() {
                        while (true) {
                            final Object[] r = cur.next();
                            if (r != null || second) {
                                return r;
                            }
                            cur.close();
                            cur = right.start(cx);
                            second = true;
                        }
                    }

                    @Override
                    public void close() {
                        cur.close();
                    }
                };
                return all ? both : new HashDistinct(both, r -> r, columns, true, cx);
            }
            return new HashSetOpRun(this, cx).start();
        }

        @Override
        public String label() {
            return kind.equals("UNION") ? (all ? "Append" : "HashAggregate") : "HashSetOp " + (kind.equals("INTERSECT")
                ? "Intersect" : "Except") + (all ? " All" : "");
        }

        @Override
        public List<PlanNode> children() {
            return List.of(left, right);
        }
    }
}
