package io.stratum.compute.exec;

import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * Window functions over the whole input: row_number, rank, dense_rank, and count/sum/min/max/avg over a
 * partition (with ORDER BY: the running value up to the current row's peers). Output = input row + one
 * column per function.
 */
public final class Window extends PlanNode {
    /** One window call: function, argument (or null), partition and order keys. */
    public record Spec(String fn, Expr arg, List<Expr> partitionBy, List<SortNodes.Key> orderBy, PgType type) {
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
        try (Cursor in = input.open(cx)) {
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
            for (int i = start; i < end; i++) {
                final boolean newPeer = i == start || !same(dec.get(i - 1), dec.get(i), 1 + np, keys.size() - np);
                if (newPeer) {
                    rank = i - start + 1;
                    dense++;
                    peerStart = i;
                }
                final Object[] row = (Object[]) dec.get(i)[0];
                switch (spec.fn()) {
                    case "row_number": row[slot] = (long) (i - start + 1); break;
                    case "rank": row[slot] = rank; break;
                    case "dense_rank": row[slot] = dense; break;
                    default: {
                        int last = end;
                        if (!spec.orderBy().isEmpty()) {
                            last = peerStart;
                            while (last < end && (last == peerStart || same(dec.get(peerStart), dec.get(last), 1 + np,
                                keys.size() - np))) {
                                last++;
                            }
                        }
                        row[slot] = aggregate(spec, dec, start, last, cx);
                    }
                }
            }
            start = end;
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
                    acc = acc == null ? v : Values.arith('+', Values.decimal(acc), Values.decimal(v), 3);
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
            case "avg": return acc == null ? null : Values.arith('/', Values.decimal(acc), java.math.BigDecimal.valueOf(count), 3);
            case "sum": return acc == null ? null : Casts.cast(acc, spec.type(), -1, cx.zone());
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
