package io.stratum.compute.exec;

import io.stratum.compute.stats.ColumnStats;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the planner asks of bound expressions: their conjuncts, whether they depend on the row, and how many
 * rows of a table a predicate keeps (selectivity) given the columns' statistics, with PostgreSQL's
 * estimators and its defaults where no statistics help (0.005 for equality, 1/3 for a range). Threads: none.
 */
public final class PlanExprs {
    /** PostgreSQL's DEFAULT_EQ_SEL, DEFAULT_INEQ_SEL, DEFAULT_RANGE_INEQ_SEL, DEFAULT_MATCH_SEL. */
    static final double EQ = 0.005;
    static final double INEQ = 1.0 / 3;
    static final double RANGE = 0.005;
    static final double MATCH = 0.005;

    private PlanExprs() {
    }

    /** Statistics of a row's columns (by index in the row), or null where unknown. */
    public interface Columns {
        ColumnStats column(int index);
    }

    /** The conjuncts of {@code e}: the arguments of nested ANDs, else {@code e} itself. */
    public static List<Expr> conjuncts(final Expr e) {
        final List<Expr> out = new ArrayList<>();
        addConjuncts(e, out);
        return out;
    }

    private static void addConjuncts(final Expr e, final List<Expr> out) {
        if (e instanceof Exprs.And) {
            for (final Expr a : ((Exprs.And) e).args) {
                addConjuncts(a, out);
            }
        } else {
            out.add(e);
        }
    }

    /** Whether {@code e} is the same for every row of a scan (constants, parameters, outer references). */
    public static boolean rowFree(final Expr e) {
        if (e instanceof Exprs.Const || e instanceof Exprs.Param || e instanceof Exprs.Outer || e instanceof Joins.LoopKey) {
            return true;
        }
        if (e instanceof Exprs.Cast) {
            return rowFree(((Exprs.Cast) e).arg);
        }
        if (e instanceof Exprs.Arith) {
            return rowFree(((Exprs.Arith) e).left) && rowFree(((Exprs.Arith) e).right);
        }
        if (e instanceof Exprs.Call) {
            final Exprs.Call c = (Exprs.Call) e;
            if (e.explain().startsWith("now(")) {
                return true;
            }
            if (c.name.isEmpty() || (Character.isLetter(c.name.charAt(0)) && !IMMUTABLE.contains(c.name))) {
                return false;
            }
            for (final Expr a : c.args) {
                if (!rowFree(a)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Functions a bound may call (operators, spelled as symbols, are immutable too): evaluated once per scan. */
    private static final java.util.Set<String> IMMUTABLE = java.util.Set.of("lower", "upper", "abs", "round", "trunc",
        "date_trunc", "make_date", "to_date", "length", "substr", "substring");

    /**
     * Adds the row columns {@code e} reads to {@code out}; false when {@code e} holds a node this walk does not
     * know (then any column may be read).
     */
    public static boolean columns(final Expr e, final java.util.BitSet out) {
        return walk(e, out, null);
    }

    /**
     * Whether {@code e} is made of nodes {@link #columns} knows and calls only operators and immutable functions:
     * evaluating it once more (as a restriction derived from it) changes no result.
     */
    public static boolean immutable(final Expr e) {
        final boolean[] impure = new boolean[1];
        return walk(e, new java.util.BitSet(), impure) && !impure[0];
    }

    private static boolean walk(final Expr e, final java.util.BitSet out, final boolean[] impure) {
        if (impure != null && e instanceof Exprs.Call) {
            final String name = ((Exprs.Call) e).name;
            impure[0] |= name.isEmpty() || Character.isLetter(name.charAt(0)) && !IMMUTABLE.contains(name);
        }
        if (e == null || e instanceof Exprs.Const || e instanceof Exprs.Param || e instanceof Exprs.Outer
            || e instanceof Joins.LoopKey) {
            return true;
        }
        if (e instanceof Exprs.Col) {
            out.set(((Exprs.Col) e).index);
            return true;
        }
        if (e instanceof Exprs.Cast) {
            return walk(((Exprs.Cast) e).arg, out, impure);
        }
        if (e instanceof Exprs.Cmp) {
            return walk(((Exprs.Cmp) e).left, out, impure) && walk(((Exprs.Cmp) e).right, out, impure);
        }
        if (e instanceof Exprs.Arith) {
            return walk(((Exprs.Arith) e).left, out, impure) && walk(((Exprs.Arith) e).right, out, impure);
        }
        if (e instanceof Exprs.Distinct) {
            return walk(((Exprs.Distinct) e).left, out, impure) && walk(((Exprs.Distinct) e).right, out, impure);
        }
        if (e instanceof Exprs.Not) {
            return walk(((Exprs.Not) e).arg, out, impure);
        }
        if (e instanceof Exprs.Is) {
            return walk(((Exprs.Is) e).arg, out, impure);
        }
        if (e instanceof Exprs.And) {
            return all(((Exprs.And) e).args, out, impure);
        }
        if (e instanceof Exprs.Or) {
            return all(((Exprs.Or) e).args, out, impure);
        }
        if (e instanceof Exprs.Call) {
            return all(((Exprs.Call) e).args, out, impure);
        }
        if (e instanceof MoreExprs.InList) {
            return walk(((MoreExprs.InList) e).arg, out, impure) && all(((MoreExprs.InList) e).list, out, impure);
        }
        if (e instanceof MoreExprs.Match) {
            return walk(((MoreExprs.Match) e).arg, out, impure) && walk(((MoreExprs.Match) e).pattern, out, impure);
        }
        if (e instanceof MoreExprs.Case) {
            final MoreExprs.Case c = (MoreExprs.Case) e;
            return walk(c.operand, out, impure) && all(c.whens, out, impure) && all(c.thens, out, impure)
                && walk(c.otherwise, out, impure);
        }
        return false;
    }

    private static boolean all(final Expr[] es, final java.util.BitSet out, final boolean[] impure) {
        for (final Expr x : es) {
            if (!walk(x, out, impure)) {
                return false;
            }
        }
        return true;
    }

    /** The column {@code e} reads, looking through casts, or -1. */
    public static int column(final Expr e) {
        if (e instanceof Exprs.Col) {
            return ((Exprs.Col) e).index;
        }
        if (e instanceof Exprs.Cast) {
            return column(((Exprs.Cast) e).arg);
        }
        return -1;
    }

    /** The fraction of rows for which {@code e} is true. */
    public static double selectivity(final Expr e, final Columns cols) {
        return clamp(sel(e, cols));
    }

    private static double clamp(final double s) {
        return Double.isNaN(s) ? 0.25 : Math.max(1e-7, Math.min(1.0, s));
    }

    private static double sel(final Expr e, final Columns cols) {
        if (e instanceof Exprs.And) {
            return and(((Exprs.And) e).args, cols);
        }
        if (e instanceof Exprs.Or) {
            double none = 1;
            for (final Expr a : ((Exprs.Or) e).args) {
                none *= 1 - clamp(sel(a, cols));
            }
            return 1 - none;
        }
        if (e instanceof Exprs.Not) {
            return 1 - clamp(sel(((Exprs.Not) e).arg, cols));
        }
        if (e instanceof Exprs.Cmp) {
            final Exprs.Cmp c = (Exprs.Cmp) e;
            int col = column(c.left);
            Expr val = c.right;
            String op = c.op;
            if (col < 0 || !rowFree(val)) {
                col = column(c.right);
                val = c.left;
                op = flip(op);
            }
            if (col < 0 || !rowFree(val)) {
                final int a = column(c.left);
                final int b = column(c.right);
                if (c.op.equals("=") && a >= 0 && b >= 0) {
                    return 1 / Math.max(distinct(cols.column(a)), distinct(cols.column(b)));
                }
                return c.op.equals("=") ? EQ : c.op.equals("<>") ? 1 - EQ : INEQ;
            }
            final ColumnStats s = cols.column(col);
            switch (op) {
                case "=":
                    return eq(s, constant(val));
                case "<>":
                    return 1 - eq(s, constant(val)) - (s == null ? 0 : s.nullFraction());
                default:
                    return range(s, op, constant(val));
            }
        }
        if (e instanceof MoreExprs.InList) {
            final MoreExprs.InList in = (MoreExprs.InList) e;
            final int col = column(in.arg);
            final ColumnStats s = col < 0 ? null : cols.column(col);
            double sum = 0;
            for (final Expr x : in.list) {
                sum += rowFree(x) ? eq(s, constant(x)) : EQ;
            }
            sum = Math.min(1, sum);
            return in.negate ? 1 - sum : sum;
        }
        if (e instanceof MoreExprs.Match) {
            final MoreExprs.Match m = (MoreExprs.Match) e;
            final double s = m.pattern instanceof Exprs.Const && ((Exprs.Const) m.pattern).value instanceof String
                && !((String) ((Exprs.Const) m.pattern).value).startsWith("%") ? 0.05 : 0.1;
            return m.negate ? 1 - s : s;
        }
        if (e instanceof Exprs.Is && ((Exprs.Is) e).what == 'N') {
            final Exprs.Is is = (Exprs.Is) e;
            final int col = column(is.arg);
            final ColumnStats s = col < 0 ? null : cols.column(col);
            final double n = s == null ? 0.005 : s.nullFraction();
            return is.negate ? 1 - n : n;
        }
        if (e instanceof Exprs.Const) {
            return Boolean.TRUE.equals(((Exprs.Const) e).value) ? 1 : 0;
        }
        return 0.25;
    }

    /** AND: the product, except a lower and an upper bound on one column, which combine as PostgreSQL's range. */
    private static double and(final Expr[] args, final Columns cols) {
        double s = 1;
        final Map<Integer, double[]> ranges = new HashMap<>();
        for (final Expr a : args) {
            if (a instanceof Exprs.Cmp) {
                final Exprs.Cmp c = (Exprs.Cmp) a;
                int col = column(c.left);
                String op = c.op;
                Expr val = c.right;
                if (col < 0 || !rowFree(val)) {
                    col = column(c.right);
                    op = flip(op);
                    val = c.left;
                }
                if (col >= 0 && rowFree(val) && !op.equals("=") && !op.equals("<>")) {
                    final double[] r = ranges.computeIfAbsent(col, k -> new double[] {-1, -1});
                    final int side = op.startsWith(">") ? 0 : 1;
                    if (r[side] < 0) {
                        r[side] = clamp(sel(a, cols));
                        continue;
                    }
                }
            }
            s *= clamp(sel(a, cols));
        }
        for (final Map.Entry<Integer, double[]> e : ranges.entrySet()) {
            final double lo = e.getValue()[0];
            final double hi = e.getValue()[1];
            if (lo >= 0 && hi >= 0) {
                final ColumnStats cs = cols.column(e.getKey());
                final double both = lo + hi - 1 + (cs == null ? 0 : cs.nullFraction());
                s *= both > 0 ? both : cs == null || cs.histogram().length == 0 ? RANGE : 1e-4;
            } else {
                s *= lo >= 0 ? lo : hi;
            }
        }
        return s;
    }

    private static String flip(final String op) {
        switch (op) {
            case "<": return ">";
            case "<=": return ">=";
            case ">": return "<";
            case ">=": return "<=";
            default: return op;
        }
    }

    /** A row-free expression's value when it is known while planning (constants), else null. */
    private static Object constant(final Expr e) {
        if (e instanceof Exprs.Const) {
            return ((Exprs.Const) e).value;
        }
        return null;
    }

    private static double distinct(final ColumnStats s) {
        return s == null || s.distinct() < 1 ? 200 : s.distinct();
    }

    /** col = v. */
    static double eq(final ColumnStats s, final Object v) {
        if (s == null) {
            return EQ;
        }
        final double nonNull = 1 - s.nullFraction();
        if (v == null) {
            return nonNull / Math.max(1, s.distinct());
        }
        for (int i = 0; i < s.mcv().length; i++) {
            if (sameValue(s.mcv()[i], v)) {
                return s.mcvFrequency()[i];
            }
        }
        final double rest = Math.max(0, nonNull - s.mcvTotal());
        final double others = s.distinct() - s.mcv().length;
        return others >= 1 ? rest / others : Math.min(rest, 1.0 / Math.max(1, s.distinct()));
    }

    private static boolean sameValue(final Object a, final Object b) {
        try {
            return Values.compare(a, b) == 0;
        } catch (final RuntimeException differentTypes) {
            return false;
        }
    }

    /** col op v for op in <, <=, >, >=. */
    static double range(final ColumnStats s, final String op, final Object v) {
        if (s == null || v == null) {
            return INEQ;
        }
        final boolean below = op.startsWith("<");
        final boolean inclusive = op.endsWith("=");
        double mcvPart = 0;
        try {
            for (int i = 0; i < s.mcv().length; i++) {
                final int c = Values.compare(s.mcv()[i], v);
                if (c == 0 ? inclusive : below == c < 0) {
                    mcvPart += s.mcvFrequency()[i];
                }
            }
            final Object[] h = s.histogram();
            final double rest = Math.max(0, 1 - s.nullFraction() - s.mcvTotal());
            if (h.length < 2) {
                return s.mcv().length > 0 ? mcvPart : INEQ;
            }
            final double f = fractionBelow(h, v);
            return mcvPart + rest * (below ? f : 1 - f);
        } catch (final RuntimeException differentTypes) {
            return INEQ;
        }
    }

    /** The fraction of the histogram's values below {@code v}, interpolated within a bucket for numbers and dates. */
    private static double fractionBelow(final Object[] h, final Object v) {
        if (Values.compare(v, h[0]) <= 0) {
            return 0;
        }
        if (Values.compare(v, h[h.length - 1]) >= 0) {
            return 1;
        }
        int lo = 0;
        int hi = h.length - 1;
        while (hi - lo > 1) {
            final int mid = (lo + hi) >>> 1;
            if (Values.compare(h[mid], v) <= 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double within = 0.5;
        final double a = number(h[lo]);
        final double b = number(h[hi]);
        final double x = number(v);
        final double w = (x - a) / (b - a);
        if (!Double.isNaN(w) && b > a) {
            // NaN when a bound or x is NaN, or the bucket is -Infinity .. Infinity: the bucket's middle
            within = Math.max(0, Math.min(1, w));
        }
        return (lo + within) / (h.length - 1);
    }

    private static double number(final Object v) {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof LocalDate) {
            return ((LocalDate) v).toEpochDay();
        }
        return Double.NaN;
    }
}
