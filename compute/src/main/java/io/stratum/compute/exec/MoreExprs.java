package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Conditional, set-membership, pattern and subquery expressions. */
public final class MoreExprs {
    private MoreExprs() {
    }

    /** CASE [operand] WHEN ... THEN ... ELSE ... END. */
    public static final class Case extends Expr {
        final Expr operand;
        final Expr[] whens;
        final Expr[] thens;
        final Expr otherwise;

        public Case(final PgType type, final Expr operand, final List<Expr> whens, final List<Expr> thens, final Expr otherwise) {
            super(type);
            this.operand = operand;
            this.whens = whens.toArray(new Expr[0]);
            this.thens = thens.toArray(new Expr[0]);
            this.otherwise = otherwise;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object op = operand == null ? null : operand.eval(row, cx);
            for (int i = 0; i < whens.length; i++) {
                final Object w = whens[i].eval(row, cx);
                if (operand == null) {
                    if (Boolean.TRUE.equals(w)) {
                        return thens[i].eval(row, cx);
                    }
                } else if (op != null && w != null && Values.compare(op, w) == 0) {
                    return thens[i].eval(row, cx);
                }
            }
            return otherwise == null ? null : otherwise.eval(row, cx);
        }

        @Override
        public String explain() {
            // the full text: aggregates and GROUP BY keys are deduplicated by their explain() strings
            final StringBuilder sb = new StringBuilder("CASE");
            if (operand != null) {
                sb.append(' ').append(operand.explain());
            }
            for (int i = 0; i < whens.length; i++) {
                sb.append(" WHEN ").append(whens[i].explain()).append(" THEN ").append(thens[i].explain());
            }
            if (otherwise != null) {
                sb.append(" ELSE ").append(otherwise.explain());
            }
            return sb.append(" END").toString();
        }
    }

    /** COALESCE, GREATEST, LEAST, NULLIF by kind. */
    public static final class Variadic extends Expr {
        final String kind;
        final Expr[] args;

        public Variadic(final String kind, final PgType type, final List<Expr> args) {
            super(type);
            this.kind = kind;
            this.args = args.toArray(new Expr[0]);
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            switch (kind) {
                case "coalesce":
                    for (final Expr e : args) {
                        final Object v = e.eval(row, cx);
                        if (v != null) {
                            return v;
                        }
                    }
                    return null;
                case "nullif": {
                    final Object a = args[0].eval(row, cx);
                    final Object b = args[1].eval(row, cx);
                    return a != null && b != null && Values.compare(a, b) == 0 ? null : a;
                }
                default: {
                    Object best = null;
                    for (final Expr e : args) {
                        final Object v = e.eval(row, cx);
                        if (v != null && (best == null || (kind.equals("greatest") ? Values.compare(v, best) > 0
                            : Values.compare(v, best) < 0))) {
                            best = v;
                        }
                    }
                    return best;
                }
            }
        }

        @Override
        public String explain() {
            final StringBuilder sb = new StringBuilder(kind.toUpperCase()).append('(');
            for (int i = 0; i < args.length; i++) {
                sb.append(i > 0 ? ", " : "").append(args[i].explain());
            }
            return sb.append(')').toString();
        }
    }

    /**
     * x [NOT] IN (a, b, c), evaluated as PostgreSQL's transformAExprIn rewrites it: when two or more items read
     * no column of the row (constants, parameters, outer references), those become one {@code x = ANY(ARRAY[...])}
     * whose elements are all evaluated first; then each remaining item ({@code x = item}, in the written order;
     * every item when there is no array) until one is equal. The items are evaluated also when {@code x} is
     * NULL, as PostgreSQL's strict {@code =} evaluates both arguments before it looks at them; so an item that
     * fails fails there too. NOT IN is {@code x <> ALL(...) AND x <> item ...}, the same walk.
     */
    public static final class InList extends Expr {
        final Expr arg;
        final Expr[] list;
        final boolean negate;
        /** The items of the array, and the others in order (all of them in order when there is no array). */
        private final Expr[] array;
        private final Expr[] rest;

        public InList(final Expr arg, final List<Expr> list, final boolean negate) {
            super(PgType.BOOL);
            this.arg = arg;
            this.list = list.toArray(new Expr[0]);
            this.negate = negate;
            final List<Expr> free = new java.util.ArrayList<>();
            final List<Expr> reading = new java.util.ArrayList<>();
            for (final Expr e : this.list) {
                final java.util.BitSet cols = new java.util.BitSet();
                (PlanExprs.columns(e, cols) && cols.isEmpty() ? free : reading).add(e);
            }
            this.array = free.size() > 1 ? free.toArray(new Expr[0]) : new Expr[0];
            this.rest = free.size() > 1 ? reading.toArray(new Expr[0]) : this.list;
        }

        /** The items that make the {@code x = ANY(ARRAY[...])} part (none when fewer than two read no column). */
        public List<Expr> arrayItems() {
            return List.of(array);
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object v = arg.eval(row, cx);
            boolean sawNull = false;
            boolean equal = false; // the array's elements are all evaluated before any is compared
            for (final Expr e : array) {
                final Object w = e.eval(row, cx);
                if (v == null || w == null) {
                    sawNull = true;
                } else if (!equal && Values.compare(v, w) == 0) {
                    equal = true;
                }
            }
            if (equal) {
                return !negate;
            }
            for (final Expr e : rest) {
                final Object w = e.eval(row, cx);
                if (v == null || w == null) {
                    sawNull = true;
                } else if (Values.compare(v, w) == 0) {
                    return !negate;
                }
            }
            return sawNull ? null : negate;
        }

        @Override
        public String explain() {
            return "(" + arg.explain() + (negate ? " NOT IN " : " IN ") + "(...))";
        }
    }

    /** x op ANY(array) / x op ALL(array). */
    public static final class AnyArray extends Expr {
        final String op;
        final Expr arg;
        final Expr array;
        final boolean all;

        public AnyArray(final String op, final Expr arg, final Expr array, final boolean all) {
            super(PgType.BOOL);
            this.op = op;
            this.arg = arg;
            this.array = array;
            this.all = all;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object v = arg.eval(row, cx);
            final Object a = array.eval(row, cx);
            if (a == null) {
                return null;
            }
            // a multidimensional array's elements in storage order (a one-dimensional one is used as is)
            final Object[] arr = io.stratum.compute.types.ArrayValues.flatten((Object[]) a);
            if (arr.length == 0) {
                return all;
            }
            if (v == null) {
                return null;
            }
            boolean sawNull = false;
            for (final Object w : arr) {
                if (w == null) {
                    sawNull = true;
                    continue;
                }
                final boolean t = Exprs.Cmp.test(op, Values.compare(v, w));
                if (all && !t) {
                    return false;
                }
                if (!all && t) {
                    return true;
                }
            }
            return sawNull ? null : all;
        }

        @Override
        public String explain() {
            return "(" + arg.explain() + " " + op + (all ? " ALL (" : " ANY (") + array.explain() + "))";
        }
    }

    /** [NOT] LIKE / ILIKE and ~ / ~* / !~ / !~*: the pattern is compiled once when constant. */
    public static final class Match extends Expr {
        final Expr arg;
        final Expr pattern;
        final boolean like;
        final boolean caseInsensitive;
        final boolean negate;
        private Pattern compiled;
        private String compiledFrom;

        public Match(final Expr arg, final Expr pattern, final boolean like, final boolean caseInsensitive, final boolean negate) {
            super(PgType.BOOL);
            this.arg = arg;
            this.pattern = pattern;
            this.like = like;
            this.caseInsensitive = caseInsensitive;
            this.negate = negate;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object v = arg.eval(row, cx);
            final Object p = pattern.eval(row, cx);
            if (v == null || p == null) {
                return null;
            }
            final String ps = p.toString();
            if (compiled == null || !ps.equals(compiledFrom)) {
                compiled = like ? likePattern(ps, caseInsensitive) : regex(ps, caseInsensitive);
                compiledFrom = ps;
            }
            final String s = v.toString();
            final boolean m = like ? compiled.matcher(s).matches() : compiled.matcher(s).find();
            return m != negate;
        }

        @Override
        public String explain() {
            return "(" + arg.explain() + (negate ? " !" : " ") + (like ? (caseInsensitive ? "~~*" : "~~") : (caseInsensitive ? "~*" : "~"))
                + " " + pattern.explain() + ")";
        }
    }

    /** A LIKE pattern (with backslash escape) as an anchored regex. */
    public static Pattern likePattern(final String p, final boolean ci) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            final char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                sb.append(Pattern.quote(String.valueOf(p.charAt(++i))));
            } else if (c == '%') {
                sb.append(".*");
            } else if (c == '_') {
                sb.append('.');
            } else {
                sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.toString(), Pattern.DOTALL | (ci ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
    }

    /** A POSIX regex as java.util.regex sees it (the subset psql and applications send). */
    public static Pattern regex(final String p, final boolean ci) {
        try {
            return Pattern.compile(p.replace("[[:alpha:]]", "\\p{Alpha}").replace("[[:digit:]]", "\\d")
                .replace("[[:space:]]", "\\s").replace("[[:alnum:]]", "\\p{Alnum}"), ci ? Pattern.CASE_INSENSITIVE : 0);
        } catch (final java.util.regex.PatternSyntaxException e) {
            throw new SqlException("2201B", "invalid regular expression: " + e.getDescription());
        }
    }

    /** ARRAY[a, b, c]. */
    public static final class ArrayOf extends Expr {
        final Expr[] elements;

        public ArrayOf(final PgType type, final List<Expr> elements) {
            super(type);
            this.elements = elements.toArray(new Expr[0]);
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object[] out = new Object[elements.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = elements[i].eval(row, cx);
            }
            return out;
        }

        @Override
        public String explain() {
            return "ARRAY[...]";
        }
    }

    /** ROW(a, b) and composite values: an Object[] of the fields. */
    public static final class RowOf extends Expr {
        final Expr[] fields;

        public RowOf(final List<Expr> fields) {
            super(PgType.RECORD);
            this.fields = fields.toArray(new Expr[0]);
        }

        /** The field expressions (row_to_json names them by their columns). */
        public List<Expr> fields() {
            return List.of(fields);
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object[] out = new Object[fields.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = fields[i].eval(row, cx);
            }
            return out;
        }

        @Override
        public String explain() {
            return "ROW(...)";
        }
    }

    /** (composite).field. */
    public static final class Field extends Expr {
        final Expr arg;
        final int index;

        public Field(final Expr arg, final int index, final PgType type) {
            super(type);
            this.arg = arg;
            this.index = index;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object v = arg.eval(row, cx);
            return v == null ? null : ((Object[]) v)[index];
        }

        @Override
        public String explain() {
            return "(" + arg.explain() + ").f" + index;
        }
    }

    /** Subqueries: scalar, EXISTS, x op ANY/ALL (subquery), ARRAY(subquery). Correlation through the outer stack. */
    public static final class Sub extends Expr {
        /** 'S' scalar, 'E' exists, 'A' any, 'L' all, 'R' array. */
        final char kind;
        final PlanNode plan;
        final Expr arg;
        final String op;
        final boolean correlated;
        private ExecContext cachedFor;
        private Object cache;

        public Sub(final char kind, final PlanNode plan, final Expr arg, final String op, final PgType type, final boolean correlated) {
            super(type);
            this.kind = kind;
            this.plan = plan;
            this.arg = arg;
            this.op = op;
            this.correlated = correlated;
        }

        public PlanNode plan() {
            return plan;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            if (kind == 'A' || kind == 'L') {
                return quantified(row, cx);
            }
            if (!correlated && cachedFor == cx) {
                return cache;
            }
            cx.pushOuter(row);
            Object result;
            try (Cursor c = plan.start(cx)) {
                switch (kind) {
                    case 'E':
                        result = c.next() != null;
                        break;
                    case 'R': {
                        final List<Object> vals = new ArrayList<>();
                        Object[] r;
                        while ((r = c.next()) != null) {
                            vals.add(r[0]);
                        }
                        // ARRAY(SELECT array ...): one more dimension, as array_agg
                        result = ArrayFns.accumulate(vals.toArray(), SqlTypes.isArray(plan.columns().get(0).type()));
                        break;
                    }
                    default: {
                        final Object[] r = c.next();
                        if (r == null) {
                            result = null;
                        } else {
                            if (c.next() != null) {
                                throw new SqlException("21000", "more than one row returned by a subquery used as an expression");
                            }
                            result = r[0];
                        }
                    }
                }
            } finally {
                cx.popOuter();
            }
            if (!correlated) {
                cachedFor = cx;
                cache = result;
            }
            return result;
        }

        /** An uncorrelated ANY / ALL subquery's values, read once per statement (a hash set of them for = ANY, <> ALL). */
        private record Values1(List<Object> values, java.util.Set<SortNodes.RowKey> set, boolean sawNull, boolean empty) {
        }

        private Object quantified(final Object[] row, final ExecContext cx) {
            final Object v = arg.eval(row, cx);
            final boolean all = kind == 'L';
            if (!correlated) {
                return hashed(v, all, cx);
            }
            boolean sawNull = false;
            cx.pushOuter(row);
            try (Cursor c = plan.start(cx)) {
                Object[] r;
                while ((r = c.next()) != null) {
                    final Object w = r[0];
                    if (v == null || w == null) {
                        sawNull = true;
                        continue;
                    }
                    final boolean t = Exprs.Cmp.test(op, Values.compare(v, w));
                    if (all && !t) {
                        return false;
                    }
                    if (!all && t) {
                        return true;
                    }
                }
            } finally {
                cx.popOuter();
            }
            return sawNull ? null : all;
        }

        /** {@link #quantified} over the values read once: PostgreSQL's hashed subplan for = ANY and <> ALL. */
        private Object hashed(final Object v, final boolean all, final ExecContext cx) {
            final boolean hashable = all ? op.equals("<>") : op.equals("=");
            if (cachedFor != cx) {
                final List<Object> vals = new ArrayList<>();
                final java.util.Set<SortNodes.RowKey> set = hashable ? new java.util.HashSet<>() : null;
                boolean nulls = false;
                boolean empty = true;
                try (Cursor c = plan.start(cx)) {
                    Object[] r;
                    while ((r = c.next()) != null) {
                        cx.check();
                        nulls |= r[0] == null;
                        empty = false;
                        if (r[0] != null && (set == null || set.add(new SortNodes.RowKey(new Object[] {r[0]})))) {
                            cx.reserve(ExecContext.estimate(new Object[] {r[0]}) + 32);
                        }
                        if (set == null) {
                            vals.add(r[0]);
                        }
                    }
                }
                cache = new Values1(vals, set, nulls, empty);
                cachedFor = cx;
            }
            final Values1 q = (Values1) cache;
            if (q.empty()) {
                return all;
            }
            if (v == null) {
                return null;
            }
            if (hashable) {
                if (q.set().contains(new SortNodes.RowKey(new Object[] {v}))) {
                    return !all;
                }
                return q.sawNull() ? null : (Object) all;
            }
            for (final Object w : q.values()) {
                if (w != null && Exprs.Cmp.test(op, Values.compare(v, w)) != all) {
                    return !all;
                }
            }
            return q.sawNull() ? null : (Object) all;
        }

        @Override
        public String explain() {
            return kind == 'E' ? "(SubPlan EXISTS)" : "(SubPlan)";
        }
    }

    /**
     * PostgreSQL's plan-time rule for strict operators and functions: one NULL constant argument makes the
     * whole call a NULL constant, and its other arguments are never evaluated (so their errors never surface).
     */
    public static Expr foldStrictNull(final Expr e) {
        final Expr[] args;
        if (e instanceof Exprs.Call && ((Exprs.Call) e).strict) {
            args = ((Exprs.Call) e).args;
        } else if (e instanceof Exprs.Cmp) {
            args = new Expr[] {((Exprs.Cmp) e).left, ((Exprs.Cmp) e).right};
        } else if (e instanceof Exprs.Arith) {
            args = new Expr[] {((Exprs.Arith) e).left, ((Exprs.Arith) e).right};
        } else if (e instanceof Match) {
            args = new Expr[] {((Match) e).arg, ((Match) e).pattern};
        } else if (e instanceof Variadic && ((Variadic) e).kind.equals("nullif") && ((Variadic) e).args.length == 2) {
            // NULLIF with a NULL constant: the two cannot be equal, so it is its first argument
            final Expr[] a = ((Variadic) e).args;
            return isNullConstant(a[0]) ? new Exprs.Const(null, e.type()) : isNullConstant(a[1]) ? a[0] : e;
        } else {
            return e;
        }
        for (final Expr a : args) {
            if (isNullConstant(a)) {
                return new Exprs.Const(null, e.type());
            }
        }
        return e;
    }

    private static boolean isNullConstant(final Expr a) {
        return a instanceof Exprs.Const && ((Exprs.Const) a).value == null
            || a instanceof Exprs.Cast && isNullConstant(((Exprs.Cast) a).arg);
    }
}
