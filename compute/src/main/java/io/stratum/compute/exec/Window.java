package io.stratum.compute.exec;

import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * Window functions over the whole input: row_number, rank, dense_rank, lag, lead, first_value, last_value,
 * and count/sum/min/max/avg over the frame (default: with ORDER BY the partition up to the current row's
 * peers, else the whole partition; or an explicit ROWS / RANGE frame). Output = input row + one column per
 * function.
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
        final List<Object[]> rows = new ArrayList<>();
        try (Cursor in = input.start(cx)) {
            Object[] r;
            while ((r = in.next()) != null) {
                cx.check();
                final Object[] out = java.util.Arrays.copyOf(r, w + specs.size());
                cx.reserve(ExecContext.estimate(out));
                rows.add(out);
            }
        }
        for (int s = 0; s < specs.size(); s++) {
            compute(specs.get(s), rows, w, w + s, cx);
        }
        return listCursor(rows);
    }

    private static void compute(final Spec spec, final List<Object[]> rows, final int w, final int slot, final ExecContext cx) {
        final List<SortNodes.Key> keys = new ArrayList<>();
        for (final Expr p : spec.partitionBy()) {
            keys.add(new SortNodes.Key(p, false, false));
        }
        keys.addAll(spec.orderBy());
        // decorate: [row, k1..kn]
        final int np = spec.partitionBy().size();
        final List<Object[]> dec = new ArrayList<>(rows.size());
        for (final Object[] r : rows) {
            final Object[] d = new Object[1 + keys.size()];
            d[0] = r;
            for (int k = 0; k < keys.size(); k++) {
                d[1 + k] = keys.get(k).expr().eval(r, cx);
            }
            dec.add(d);
        }
        dec.sort(SortNodes.comparator(keys, 1));
        int start = 0;
        while (start < dec.size()) {
            int end = start + 1;
            while (end < dec.size() && same(dec.get(start), dec.get(end), 1, np)) {
                end++;
            }
            long rank = 0;
            long dense = 0;
            int peerStart = start;
            int peerEnd = start;
            for (int i = start; i < end; i++) {
                final boolean newPeer = i == start || !same(dec.get(i - 1), dec.get(i), 1 + np, keys.size() - np);
                if (newPeer) {
                    rank = i - start + 1;
                    dense++;
                    peerStart = i;
                    peerEnd = i + 1;
                    while (peerEnd < end && same(dec.get(peerStart), dec.get(peerEnd), 1 + np, keys.size() - np)) {
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
                            row[slot] = aggregate(spec, dec, (int) fr[0], (int) fr[1], cx);
                        }
                    }
                }
            }
            start = end;
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

    private static Object aggregate(final Spec spec, final List<Object[]> dec, final int from, final int to, final ExecContext cx) {
        long count = 0;
        Object acc = null;
        for (int i = from; i < to; i++) {
            final Object[] row = (Object[]) dec.get(i)[0];
            if (spec.fn().equals("count") && spec.arg() == null) {
                count++;
                continue;
            }
            final Object v = spec.arg().eval(row, cx);
            if (v == null) {
                continue;
            }
            count++;
            switch (spec.fn()) {
                case "sum": case "avg":
                    acc = acc == null ? v : v instanceof io.stratum.compute.types.Interval
                        ? ((io.stratum.compute.types.Interval) acc).plus((io.stratum.compute.types.Interval) v)
                        : Values.arith('+', Values.decimal(acc), Values.decimal(v), 3);
                    break;
                case "min":
                    acc = acc == null || Values.compare(v, acc) < 0 ? v : acc;
                    break;
                case "max":
                    acc = acc == null || Values.compare(v, acc) > 0 ? v : acc;
                    break;
                default:
                    break;
            }
        }
        switch (spec.fn()) {
            case "count": return count;
            case "avg":
                return acc == null ? null : acc instanceof io.stratum.compute.types.Interval
                    ? ((io.stratum.compute.types.Interval) acc).divide(count)
                    : Values.arith('/', Values.decimal(acc), java.math.BigDecimal.valueOf(count), 3);
            case "sum": return acc == null || acc instanceof io.stratum.compute.types.Interval ? acc
                : Casts.cast(acc, spec.type(), -1, cx.zone());
            default: return acc;
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
