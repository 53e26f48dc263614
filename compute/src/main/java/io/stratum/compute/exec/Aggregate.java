package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.Interval;
import io.stratum.compute.types.NumericSpecial;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash aggregation: GROUP BY keys, then one value per aggregate; output row = keys + aggregates. With GROUP BY the
 * groups are held within work_mem and the rest partitioned to temporary files ({@link GroupBatches}).
 */
public final class Aggregate extends PlanNode {
    /** One aggregate call. {@code kind}: count_star, count, sum, avg, min, max, bool_and, bool_or, string_agg, array_agg. */
    public record Spec(String kind, Expr arg, Expr arg2, boolean distinct, Expr filter, List<SortNodes.Key> orderBy,
                       PgType type) {
    }

    final PlanNode input;
    final List<Expr> keys;
    final List<Spec> aggs;

    public Aggregate(final PlanNode input, final List<Expr> keys, final List<Spec> aggs, final List<OutCol> cols) {
        super(cols);
        this.input = input;
        this.keys = keys;
        this.aggs = aggs;
    }

    /** Running state of one aggregate in one group. */
    static final class Acc {
        long count;
        Object value;
        boolean any;
        List<Object[]> items;
        HashSet<SortNodes.RowKey> seen;
        /** Variance family: numeric sum of squares, or float8 Sx / Sxx (Youngs-Cramer, as PostgreSQL). */
        BigDecimal sumSq;
        /** Variance family over numeric: whether a NaN or an infinity was seen (the result is then NaN). */
        boolean nonFinite;
        double sx;
        double sxx;
    }

    @Override
    public Cursor open(final ExecContext cx) {
        if (!keys.isEmpty()) {
            return new GroupBatches(this, cx).start(input.start(cx)); // within work_mem, then partitions on disk
        }
        final Map<SortNodes.RowKey, Acc[]> groups = new LinkedHashMap<>();
        try (Cursor in = input.start(cx)) {
            Object[] r;
            while ((r = in.next()) != null) {
                cx.check();
                final Object[] k = new Object[keys.size()];
                for (int i = 0; i < k.length; i++) {
                    k[i] = keys.get(i).eval(r, cx);
                }
                final SortNodes.RowKey key = new SortNodes.RowKey(k);
                Acc[] accs = groups.get(key);
                if (accs == null) {
                    accs = newAccs();
                    cx.reserve(ExecContext.estimate(k) + 64L * aggs.size());
                    groups.put(key, accs);
                }
                for (int a = 0; a < aggs.size(); a++) {
                    accumulate(aggs.get(a), accs[a], r, cx);
                }
            }
        }
        if (groups.isEmpty() && keys.isEmpty()) {
            groups.put(new SortNodes.RowKey(new Object[0]), newAccs());
        }
        final List<Object[]> out = new ArrayList<>(groups.size());
        for (final Map.Entry<SortNodes.RowKey, Acc[]> e : groups.entrySet()) {
            out.add(output(e.getKey(), e.getValue(), cx));
        }
        return listCursor(out);
    }

    /** A group's output row: its keys, then each aggregate's final value. */
    Object[] output(final SortNodes.RowKey key, final Acc[] accs, final ExecContext cx) {
        final Object[] row = new Object[keys.size() + aggs.size()];
        System.arraycopy(key.values, 0, row, 0, keys.size());
        for (int a = 0; a < aggs.size(); a++) {
            row[keys.size() + a] = finish(aggs.get(a), accs[a], cx);
        }
        return row;
    }

    Acc[] newAccs() {
        final Acc[] a = new Acc[aggs.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = new Acc();
        }
        return a;
    }

    static void accumulate(final Spec s, final Acc acc, final Object[] row, final ExecContext cx) {
        if (s.filter() != null && !Boolean.TRUE.equals(s.filter().eval(row, cx))) {
            return;
        }
        if (s.kind().equals("count_star")) {
            acc.count++;
            return;
        }
        final Object v = s.arg().eval(row, cx);
        if (v == null && !s.kind().equals("array_agg") && !s.kind().startsWith("json")) {
            return;
        }
        if (s.distinct()) {
            if (acc.seen == null) {
                acc.seen = new HashSet<>();
            }
            if (!acc.seen.add(new SortNodes.RowKey(new Object[] {v}))) {
                return;
            }
            cx.reserve(48);
        }
        switch (s.kind()) {
            case "count":
                acc.count++;
                break;
            case "sum":
            case "avg":
                acc.count++;
                if (acc.value == null) {
                    acc.value = start(v, s);
                } else if (v instanceof Interval) {
                    acc.value = ((Interval) acc.value).plus((Interval) v);
                } else if (acc.value instanceof Long && Values.integral(v)) {
                    try {
                        acc.value = Math.addExact((Long) acc.value, ((Number) v).longValue());
                    } catch (final ArithmeticException e) {
                        acc.value = BigDecimal.valueOf((Long) acc.value).add(BigDecimal.valueOf(((Number) v).longValue()));
                    }
                } else if (acc.value instanceof BigDecimal || acc.value instanceof NumericSpecial) {
                    acc.value = Values.arith('+', acc.value, v, 3);
                } else {
                    acc.value = ((Number) acc.value).doubleValue() + ((Number) v).doubleValue();
                }
                break;
            case "var_samp": case "var_pop": case "stddev_samp": case "stddev_pop": case "variance": case "stddev":
                Variance.accumulate(s, acc, v);
                break;
            case "min":
                if (acc.value == null || Values.compare(v, acc.value) < 0) {
                    acc.value = v;
                }
                break;
            case "max":
                if (acc.value == null || Values.compare(v, acc.value) > 0) {
                    acc.value = v;
                }
                break;
            case "bool_and":
                acc.value = acc.value == null ? v : (Boolean) acc.value && (Boolean) v;
                break;
            case "bool_or":
                acc.value = acc.value == null ? v : (Boolean) acc.value || (Boolean) v;
                break;
            case "string_agg":
            case "array_agg":
            case "json_agg": case "jsonb_agg": case "json_object_agg": case "jsonb_object_agg": {
                if (acc.items == null) {
                    acc.items = new ArrayList<>();
                }
                final int nk = s.orderBy() == null ? 0 : s.orderBy().size();
                final Object[] item = new Object[2 + nk];
                item[0] = v;
                item[1] = s.arg2() == null ? null : s.arg2().eval(row, cx);
                for (int k = 0; k < nk; k++) {
                    item[2 + k] = s.orderBy().get(k).expr().eval(row, cx);
                }
                cx.reserve(ExecContext.estimate(item));
                acc.items.add(item);
                break;
            }
            default:
                throw new SqlException("42883", "function " + s.kind() + " does not exist");
        }
    }

    private static Object start(final Object v, final Spec s) {
        if (s.type() == PgType.FLOAT8 || s.type() == PgType.FLOAT4) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Interval) {
            return v;
        }
        if (Values.integral(v)) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigDecimal || v instanceof NumericSpecial) {
            return v;
        }
        return ((Number) v).doubleValue();
    }

    /** The final value of {@code s} over {@code acc} (does not change {@code acc}: a window calls it per row). */
    static Object finish(final Spec s, final Acc acc, final ExecContext cx) {
        switch (s.kind()) {
            case "count_star":
            case "count":
                return acc.count;
            case "sum":
                if (acc.value == null) {
                    return null;
                }
                if (s.type() == PgType.NUMERIC) {
                    return Values.numeric(acc.value);
                }
                if (s.type() == PgType.FLOAT4) {
                    return ((Number) acc.value).floatValue();
                }
                if (s.type() == PgType.FLOAT8) {
                    return ((Number) acc.value).doubleValue();
                }
                if (s.type() == PgType.INT8 && acc.value instanceof BigDecimal) {
                    throw new SqlException("22003", "bigint out of range");
                }
                return acc.value;
            case "avg":
                if (acc.value == null) {
                    return null;
                }
                if (acc.value instanceof Interval) {
                    return ((Interval) acc.value).divide(acc.count);
                }
                if (s.type() == PgType.FLOAT8) {
                    return ((Number) acc.value).doubleValue() / acc.count;
                }
                return Values.arith('/', Values.numeric(acc.value), BigDecimal.valueOf(acc.count), 3);
            case "var_samp": case "var_pop": case "stddev_samp": case "stddev_pop": case "variance": case "stddev":
                return Variance.finish(s, acc);
            case "string_agg":
            case "array_agg":
            case "json_agg": case "jsonb_agg": case "json_object_agg": case "jsonb_object_agg": {
                if (acc.items == null) {
                    return null;
                }
                if (s.orderBy() != null && !s.orderBy().isEmpty()) {
                    acc.items.sort(SortNodes.comparator(s.orderBy(), 2));
                }
                if (s.kind().startsWith("json")) {
                    return JsonAggs.finish(s, acc.items, cx);
                }
                if (s.kind().equals("array_agg")) {
                    final Object[] a = new Object[acc.items.size()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = acc.items.get(i)[0];
                    }
                    return ArrayFns.accumulate(a, s.arg() != null && SqlTypes.isArray(s.arg().type()));
                }
                final StringBuilder sb = new StringBuilder();
                for (int i = 0; i < acc.items.size(); i++) {
                    final Object[] it = acc.items.get(i);
                    if (i > 0 && it[1] != null) {
                        sb.append(it[1]);
                    }
                    sb.append(Casts.toText(it[0], null, cx.zone()));
                }
                return sb.toString();
            }
            default:
                return acc.value;
        }
    }

    @Override
    public String label() {
        return keys.isEmpty() ? "Aggregate" : "HashAggregate";
    }

    @Override
    public List<String> details() {
        if (keys.isEmpty()) {
            return List.of();
        }
        final StringBuilder sb = new StringBuilder("Group Key: ");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(keys.get(i).explain());
        }
        final String batches = instrument == null ? null : instrument.note(this);
        return batches == null ? List.of(sb.toString()) : List.of(sb.toString(), batches);
    }

    @Override
    public List<PlanNode> children() {
        return List.of(input);
    }
}
