package io.stratum.compute.exec;

import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * Window functions over the whole input: row_number, rank, dense_rank, lag, lead, first_value, last_value,
 * and count/sum/min/max/avg over the frame (default: with ORDER BY the partition up to the current row's
 * peers, else the whole partition; or an explicit ROWS / RANGE frame). Output = input row + one column per
 * function. Each function sorts its input within work_mem (spilling beyond it) and holds one partition at a
 * time, in memory up to work_mem and in a temporary file beyond it ({@link PartitionRows}); rows come out in
 * the last function's order. Threads: none.
 */
public final class Window extends PlanNode {
    /**
     * One window call: function, argument (or null), extra arguments (lag/lead offset and default), partition
     * and order keys, result type, frame (null: the default frame).
     */
    public record Spec(String fn, Expr arg, List<Expr> extra, List<Expr> partitionBy, List<SortNodes.Key> orderBy,
                       PgType type, Frame frame) {
    }

    /** Frame bound kinds, as in SQL. */
    public enum Bound { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

    /** {@code ROWS | RANGE BETWEEN start AND end}; offsets are constant expressions (ROWS only). */
    public record Frame(boolean rows, Bound start, Expr startOffset, Bound end, Expr endOffset) {
    }

    final PlanNode input;
    final List<Spec> specs;

    public Window(final PlanNode input, final List<Spec> specs, final List<OutCol> cols) {
        super(cols);
        this.input = input;
        this.specs = specs;
    }

    @Override
    public Cursor open(final ExecContext cx) {
        final int w = input.columns().size();
        final int width = w + specs.size();
        Cursor src = null;
        try {
            final Cursor in = input.start(cx);
            src = new Cursor() {
                @Override
                public Object[] next() {
                    final Object[] r = in.next();
                    return r == null ? null : java.util.Arrays.copyOf(r, width);
                }

                @Override
                public void close() {
                    in.close();
                }
            };
            for (int s = 0; s < specs.size(); s++) {
                final Pass p = new Pass(specs.get(s), width, w + s, cx);
                p.feed(src);
                src = p;
            }
            return src;
        } catch (final RuntimeException | Error e) {
            if (src != null) {
                src.close();
            }
            throw e;
        }
    }

    /**
     * How much of a sorted partition a function needs in memory at once: row_number one row, rank and
     * dense_rank and a running aggregate (default frame, with ORDER BY) one group of peers, everything else the
     * whole partition.
     */
    private enum Unit { ROW, PEERS, PARTITION }

    private static Unit unit(final Spec s) {
        switch (s.fn()) {
            case "row_number": return Unit.ROW;
            case "rank": case "dense_rank": return Unit.PEERS;
            case "count": case "sum": case "avg": case "min": case "max":
                return s.frame() == null && !s.orderBy().isEmpty() ? Unit.PEERS : Unit.PARTITION;
            default: return Unit.PARTITION;
        }
    }

    /**
     * One window function's pass: its input sorted by (PARTITION BY, ORDER BY) within work_mem
     * ({@link ExternalSort}, spilling beyond it), then read one partition (or, for a function that needs no more,
     * one row or one group of peers: {@link Unit}) at a time into memory, where the function's value is computed
     * into its slot of every row. The rows come out in this sort's order and
     * feed the next function's pass.
     */
    private static final class Pass implements Cursor {
        private final Spec spec;
        private final List<SortNodes.Key> keys = new ArrayList<>();
        private final int width;
        private final int slot;
        private final ExecContext cx;
        private final ExternalSort sort;
        private final PartitionRows part;
        private int at;
        private Object[] pending;
        private boolean done;
        private final Unit unit;
        /** The first sorted row of the current partition; rows of it before the current unit; peer groups so far. */
        private Object[] first;
        private long before;
        private long dense;
        private Running running;

        Pass(final Spec spec, final int width, final int slot, final ExecContext cx) {
            this.spec = spec;
            for (final Expr p : spec.partitionBy()) {
                keys.add(new SortNodes.Key(p, false, false));
            }
            keys.addAll(spec.orderBy());
            this.width = width;
            this.slot = slot;
            this.cx = cx;
            this.sort = new ExternalSort(SortNodes.comparator(keys, width), cx.workMem(), cx);
            this.unit = unit(spec);
            this.part = new PartitionRows(cx);
        }

        /** Sorts all of {@code src} (closed here). */
        void feed(final Cursor src) {
            try (src) {
                Object[] r;
                while ((r = src.next()) != null) {
                    cx.check();
                    final Object[] t = java.util.Arrays.copyOf(r, width + keys.size());
                    for (int k = 0; k < keys.size(); k++) {
                        t[width + k] = keys.get(k).expr().eval(r, cx);
                    }
                    sort.add(t);
                }
                sort.finish();
            } catch (final RuntimeException | Error e) {
                sort.close();
                throw e;
            }
        }

        /** The sorted row {@code t} as the partition holds it: [row, key values...]. */
        private Object[] decorate(final Object[] t) {
            final Object[] d = new Object[1 + keys.size()];
            d[0] = java.util.Arrays.copyOf(t, width);
            System.arraycopy(t, width, d, 1, keys.size());
            return d;
        }

        @Override
        public Object[] next() {
            if (at < part.size()) {
                return part.output(at++);
            }
            part.clear();
            at = 0;
            if (pending == null && !done) {
                pending = sort.next();
            }
            if (pending == null) {
                done = true;
                return null;
            }
            final int np = spec.partitionBy().size();
            if (first == null || !same(pending, first, width, np)) {
                first = pending;
                before = 0;
                dense = 0;
                running = new Running(spec);
            }
            final Object[] unitFirst = pending;
            final int unitKeys = unit == Unit.PEERS ? keys.size() : np;
            part.add(decorate(pending));
            while (true) {
                final Object[] t = sort.next();
                if (t == null) {
                    pending = null;
                    done = true;
                    break;
                }
                if (unit == Unit.ROW || !same(t, unitFirst, width, unitKeys)) {
                    pending = t;
                    break;
                }
                cx.check();
                part.add(decorate(t));
            }
            if (unit == Unit.PARTITION) {
                compute(spec, part, np, keys.size(), slot, cx);
            } else {
                stream();
            }
            before += part.size();
            return part.output(at++);
        }

        /** Computes a streamed function over {@link #part}: one row, or one group of peers, of the partition. */
        private void stream() {
            switch (spec.fn()) {
                case "row_number":
                    for (int i = 0; i < part.size(); i++) {
                        set(i, before + i + 1);
                    }
                    return;
                case "rank": case "dense_rank": {
                    dense++;
                    final long v = spec.fn().equals("rank") ? before + 1 : dense;
                    for (int i = 0; i < part.size(); i++) {
                        set(i, v);
                    }
                    return;
                }
                default: {
                    for (int i = 0; i < part.size(); i++) {
                        running.add((Object[]) part.get(i)[0], cx);
                    }
                    final Object v = running.result(cx);
                    for (int i = 0; i < part.size(); i++) {
                        set(i, v);
                    }
                }
            }
        }

        private void set(final int i, final Object v) {
            final Object[] row = (Object[]) part.get(i)[0];
            row[slot] = v;
            part.computed(row);
        }

        @Override
        public void close() {
            try {
                part.close();
            } finally {
                sort.close();
            }
        }
    }

    /**
     * Computes {@code spec} into {@code slot} over {@code dec}: one partition of [row, keys...], sorted, visited
     * in order (frames and lag/lead reach around the current row), which is what a spilled partition reads fastest.
     */
    private static void compute(final Spec spec, final PartitionRows dec, final int np, final int nk, final int slot,
                                final ExecContext cx) {
        final int start = 0;
        final int end = dec.size();
        long rank = 0;
        long dense = 0;
        int peerStart = start;
        int peerEnd = start;
        Running acc = null;
        long accFrom = -1;
        long accTo = -1;
        for (int i = start; i < end; i++) {
            if (i == peerEnd) { // a new group of peers
                rank = i - start + 1;
                dense++;
                peerStart = i;
                peerEnd = i + 1;
                final Object[] first = dec.get(peerStart);
                while (peerEnd < end && same(first, dec.get(peerEnd), 1 + np, nk - np)) {
                    peerEnd++;
                }
            }
            final Object[] row = (Object[]) dec.get(i)[0];
            switch (spec.fn()) {
                case "row_number": row[slot] = (long) (i - start + 1); break;
                case "rank": row[slot] = rank; break;
                case "dense_rank": row[slot] = dense; break;
                case "percent_rank": row[slot] = end - start == 1 ? 0.0 : (rank - 1) / (double) (end - start - 1); break;
                case "cume_dist": row[slot] = (peerEnd - start) / (double) (end - start); break;
                case "ntile": {
                    final Object nb = spec.arg().eval(row, cx);
                    if (nb == null) {
                        row[slot] = null;
                        break;
                    }
                    final long buckets = ((Number) nb).longValue();
                    if (buckets <= 0) {
                        throw new io.stratum.compute.session.SqlException("22014", "argument of ntile must be greater than zero");
                    }
                    final long total = end - start;
                    final long per = total / buckets;
                    final long extraRows = total % buckets;
                    final long pos = i - start;
                    final long big = extraRows * (per + 1);
                    row[slot] = (int) (pos < big ? pos / (per + 1) + 1 : extraRows + (pos - big) / Math.max(1, per) + 1);
                    break;
                }
                case "lag": case "lead": {
                    final Object off = spec.extra().isEmpty() ? Integer.valueOf(1) : spec.extra().get(0).eval(row, cx);
                    if (off == null) {
                        row[slot] = null;
                        break;
                    }
                    final long at = i + (spec.fn().equals("lag") ? -1L : 1L) * ((Number) off).longValue();
                    row[slot] = at >= start && at < end ? spec.arg().eval((Object[]) dec.get((int) at)[0], cx)
                        : spec.extra().size() > 1 ? spec.extra().get(1).eval(row, cx) : null;
                    break;
                }
                default: {
                    final long[] fr = frame(spec, i, start, end, peerStart, peerEnd, row, cx);
                    if (spec.fn().equals("nth_value")) {
                        final Object nv = spec.extra().get(0).eval(row, cx);
                        if (nv != null && ((Number) nv).longValue() <= 0) {
                            throw new io.stratum.compute.session.SqlException("22016",
                                "argument of nth_value must be greater than zero");
                        }
                        final long at = nv == null ? -1 : fr[0] + ((Number) nv).longValue() - 1;
                        row[slot] = nv == null || at >= fr[1] ? null : spec.arg().eval((Object[]) dec.get((int) at)[0], cx);
                    } else if (spec.fn().equals("first_value") || spec.fn().equals("last_value")) {
                        row[slot] = fr[0] >= fr[1] ? null : spec.arg().eval((Object[]) dec.get((int) (spec.fn()
                            .equals("first_value") ? fr[0] : fr[1] - 1))[0], cx);
                    } else {
                        // PostgreSQL's window aggregate: while the frame's start stays, rows entering are added to
                        // the running state (the whole partition, or up to the current row, costs one pass)
                        if (acc == null || fr[0] != accFrom || fr[1] < accTo) {
                            acc = new Running(spec);
                            accFrom = fr[0];
                            accTo = fr[0];
                        }
                        for (long k = accTo; k < fr[1]; k++) {
                            acc.add((Object[]) dec.get((int) k)[0], cx);
                        }
                        accTo = fr[1];
                        row[slot] = acc.result(cx);
                    }
                }
            }
            dec.computed(row);
        }
    }

    /** The frame of row {@code i} as [from, to) in the sorted partition [start, end). */
    private static long[] frame(final Spec spec, final int i, final int start, final int end, final int peerStart,
                                final int peerEnd, final Object[] row, final ExecContext cx) {
        final Frame f = spec.frame();
        if (f == null) {
            return new long[] {start, spec.orderBy().isEmpty() ? end : peerEnd};
        }
        final long from = bound(f.start(), f.startOffset(), f.rows(), true, i, start, end, peerStart, peerEnd, row, cx);
        final long to = bound(f.end(), f.endOffset(), f.rows(), false, i, start, end, peerStart, peerEnd, row, cx);
        return new long[] {Math.max(start, from), Math.min(end, Math.max(to, Math.max(start, from)))};
    }

    private static long bound(final Bound b, final Expr offset, final boolean rows, final boolean isStart, final int i,
                              final int start, final int end, final int peerStart, final int peerEnd, final Object[] row,
                              final ExecContext cx) {
        switch (b) {
            case UNBOUNDED_PRECEDING: return start;
            case UNBOUNDED_FOLLOWING: return end;
            case CURRENT_ROW: return rows ? (isStart ? i : i + 1) : (isStart ? peerStart : peerEnd);
            default: {
                final Object v = offset.eval(row, cx);
                if (v == null) {
                    throw new io.stratum.compute.session.SqlException("22004", "frame " + (isStart ? "starting" : "ending")
                        + " offset must not be null");
                }
                final long n = ((Number) v).longValue();
                if (n < 0) {
                    throw new io.stratum.compute.session.SqlException("22013", "frame " + (isStart ? "starting" : "ending")
                        + " offset must not be negative");
                }
                final long at = b == Bound.PRECEDING ? i - n : i + n;
                return isStart ? at : at + 1;
            }
        }
    }

    private static boolean same(final Object[] a, final Object[] b, final int from, final int n) {
        for (int k = from; k < from + n; k++) {
            if (!Values.same(a[k], b[k])) {
                return false;
            }
        }
        return true;
    }

    /**
     * An aggregate over a frame, fed row by row: count, sum, avg, min, max, with the plain aggregate's
     * transition and final functions ({@link Aggregate#accumulate}, {@link Aggregate#finish}: float8 sums in
     * double as PostgreSQL's float8_accum, numeric exactly, integers in a long until it overflows).
     */
    private static final class Running {
        private final Aggregate.Spec agg;
        private final Aggregate.Acc acc = new Aggregate.Acc();

        Running(final Spec spec) {
            this.agg = new Aggregate.Spec(spec.fn().equals("count") && spec.arg() == null ? "count_star" : spec.fn(),
                spec.arg(), null, false, null, null, spec.type());
        }

        void add(final Object[] row, final ExecContext cx) {
            Aggregate.accumulate(agg, acc, row, cx);
        }

        Object result(final ExecContext cx) {
            return Aggregate.finish(agg, acc, cx);
        }
    }

    @Override
    public String label() {
        return "WindowAgg";
    }

    @Override
    public List<PlanNode> children() {
        return List.of(input);
    }
}
