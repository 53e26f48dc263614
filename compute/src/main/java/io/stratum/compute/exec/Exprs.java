package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.util.List;

/** The basic expression nodes: constants, column and parameter references, casts, calls, logic. */
public final class Exprs {
    private Exprs() {
    }

    /** A function implementation; args already evaluated. */
    @FunctionalInterface
    public interface Fn {
        Object call(Object[] args, ExecContext cx);
    }

    public static final class Const extends Expr {
        public final Object value;

        public Const(final Object value, final PgType type) {
            super(type);
            this.value = value;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            return value;
        }

        @Override
        public boolean isConstant() {
            return true;
        }

        @Override
        public String explain() {
            if (value == null) {
                return "NULL";
            }
            if (value instanceof String || type == PgType.UNKNOWN) {
                return "'" + value.toString().replace("'", "''") + "'::" + type.typname();
            }
            return Casts.toText(value, type, java.time.ZoneOffset.UTC);
        }
    }

    public static final class Col extends Expr {
        public final int index;
        public final String name;

        public Col(final int index, final PgType type, final String name) {
            super(type);
            this.index = index;
            this.name = name;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            return row[index];
        }

        @Override
        public String explain() {
            return name;
        }
    }

    /** A column of an enclosing query's row (correlated subquery). */
    public static final class Outer extends Expr {
        final int levelsUp;
        final int index;
        final String name;

        public Outer(final int levelsUp, final int index, final PgType type, final String name) {
            super(type);
            this.levelsUp = levelsUp;
            this.index = index;
            this.name = name;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            return cx.outer(levelsUp)[index];
        }

        @Override
        public String explain() {
            return name;
        }
    }

    /** $n; its type is fixed by the binder's inference (unknown until then). */
    public static final class Param extends Expr {
        public final int index;

        public Param(final int index, final PgType type) {
            super(type);
            this.index = index;
        }

        public void setType(final PgType t) {
            type = t;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            return cx.param(index);
        }

        @Override
        public String explain() {
            return "$" + (index + 1);
        }
    }

    public static final class Cast extends Expr {
        final Expr arg;

        public Cast(final Expr arg, final PgType to, final int typmod) {
            super(to);
            this.arg = arg;
            this.typmod = typmod;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object v = arg.eval(row, cx);
            if (v == null) {
                return null;
            }
            if ((type == PgType.REGCLASS || type == PgType.REGTYPE || type == PgType.REGPROC) && v instanceof String) {
                return cx.env().call("to_" + type.typname(), new Object[] {v});
            }
            if (type == PgType.TEXT && (arg.type == PgType.REGCLASS || arg.type == PgType.REGTYPE
                || arg.type == PgType.REGPROC) && v instanceof Long) {
                return cx.env().call(arg.type.typname() + "_out", new Object[] {v});
            }
            return Casts.cast(v, type, typmod, cx.zone());
        }

        @Override
        public boolean isConstant() {
            return arg.isConstant();
        }

        @Override
        public String explain() {
            return "(" + arg.explain() + ")::" + type.typname();
        }
    }

    public static final class Call extends Expr {
        final String name;
        final Fn fn;
        final Expr[] args;
        final boolean strict;

        public Call(final String name, final PgType type, final Fn fn, final Expr[] args, final boolean strict) {
            super(type);
            this.name = name;
            this.fn = fn;
            this.args = args;
            this.strict = strict;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object[] a = new Object[args.length];
            return evalArgs(args, row, cx, a) && strict ? null : fn.call(a, cx);
        }

        @Override
        public String explain() {
            return explainCall(name, args);
        }
    }

    /**
     * Evaluates a call's arguments into {@code out}, every one before the NULL check, as PostgreSQL does (an error
     * in a later argument is raised even when an earlier one is NULL); true when one of them is NULL.
     */
    static boolean evalArgs(final Expr[] args, final Object[] row, final ExecContext cx, final Object[] out) {
        boolean nulls = false;
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i].eval(row, cx);
            nulls |= out[i] == null;
        }
        return nulls;
    }

    /** {@code name(arg, ...)} as EXPLAIN prints a call. */
    static String explainCall(final String name, final Expr[] args) {
        final StringBuilder sb = new StringBuilder(name).append('(');
        for (int i = 0; i < args.length; i++) {
            sb.append(i > 0 ? ", " : "").append(args[i].explain());
        }
        return sb.append(')').toString();
    }

    /** Comparison operators = <> < <= > >= on values coerced to one type. */
    public static final class Cmp extends Expr {
        public final String op;
        public final Expr left;
        public final Expr right;

        public Cmp(final String op, final Expr left, final Expr right) {
            super(PgType.BOOL);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object a = left.eval(row, cx);
            final Object b = right.eval(row, cx);
            if (a == null || b == null) {
                return null;
            }
            return test(op, Values.compare(a, b));
        }

        static Boolean test(final String op, final int c) {
            switch (op) {
                case "=": return c == 0;
                case "<>": return c != 0;
                case "<": return c < 0;
                case "<=": return c <= 0;
                case ">": return c > 0;
                case ">=": return c >= 0;
                default: throw new SqlException("42883", "operator does not exist: " + op);
            }
        }

        @Override
        public String explain() {
            return "(" + left.explain() + " " + op + " " + right.explain() + ")";
        }
    }

    /**
     * A comparison of two row constructors, {@code (a, b) < (c, d)}, with SQL's NULL rules (PostgreSQL's
     * RowCompareExpr): {@code =} is true when every pair is equal, false when some pair differs, else NULL;
     * {@code <>} the opposite; an ordering operator decides on the first pair that is not equal, and is NULL
     * when that pair holds a NULL. (A record value compared as a whole treats NULL fields as values instead.)
     */
    public static final class RowCmp extends Expr {
        final String op;
        final Expr[] left;
        final Expr[] right;

        public RowCmp(final String op, final List<Expr> left, final List<Expr> right) {
            super(PgType.BOOL);
            this.op = op;
            this.left = left.toArray(new Expr[0]);
            this.right = right.toArray(new Expr[0]);
        }

        /** Row equality with SQL's NULL rules: false if a pair differs, else NULL if a pair holds a NULL, else true. */
        static Boolean equal(final Object[] a, final Object[] b) {
            boolean sawNull = false;
            for (int i = 0; i < a.length; i++) {
                if (a[i] == null || b[i] == null) {
                    sawNull = true;
                } else if (Values.compare(a[i], b[i]) != 0) {
                    return false;
                }
            }
            return sawNull ? null : Boolean.TRUE;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            if (op.equals("=") || op.equals("<>")) {
                final Object[] a = new Object[left.length];
                final Object[] b = new Object[right.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = left[i].eval(row, cx);
                    b[i] = right[i].eval(row, cx);
                }
                final Boolean eq = equal(a, b);
                return eq == null ? null : (Object) (eq == op.equals("="));
            }
            for (int i = 0; i < left.length; i++) {
                final Object a = left[i].eval(row, cx);
                final Object b = right[i].eval(row, cx);
                if (a == null || b == null) {
                    return null;
                }
                final int c = Values.compare(a, b);
                if (c != 0) {
                    return Cmp.test(op, c);
                }
            }
            return Cmp.test(op, 0);
        }

        @Override
        public String explain() {
            final StringBuilder sb = new StringBuilder("(ROW(");
            for (int i = 0; i < left.length; i++) {
                sb.append(i > 0 ? ", " : "").append(left[i].explain());
            }
            sb.append(") ").append(op).append(" ROW(");
            for (int i = 0; i < right.length; i++) {
                sb.append(i > 0 ? ", " : "").append(right[i].explain());
            }
            return sb.append("))").toString();
        }
    }

    /** Numeric + - * / %. */
    public static final class Arith extends Expr {
        final char op;
        final Expr left;
        final Expr right;
        final int kind;

        public Arith(final char op, final Expr left, final Expr right, final PgType result) {
            super(result);
            this.op = op;
            this.left = left;
            this.right = right;
            this.kind = SqlTypes.numericRank(result);
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object a = left.eval(row, cx);
            final Object b = right.eval(row, cx);
            if (a == null || b == null) {
                return null;
            }
            return Values.arith(op, a, b, kind);
        }

        @Override
        public String explain() {
            return "(" + left.explain() + " " + op + " " + right.explain() + ")";
        }
    }

    public static final class And extends Expr {
        final Expr[] args;

        public And(final List<Expr> args) {
            super(PgType.BOOL);
            this.args = args.toArray(new Expr[0]);
        }

        public Expr[] args() {
            return args;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            boolean sawNull = false;
            for (final Expr e : args) {
                final Object v = e.eval(row, cx);
                if (v == null) {
                    sawNull = true;
                } else if (!(Boolean) v) {
                    return Boolean.FALSE;
                }
            }
            return sawNull ? null : Boolean.TRUE;
        }

        @Override
        public String explain() {
            final StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < args.length; i++) {
                sb.append(i > 0 ? " AND " : "").append(args[i].explain());
            }
            return sb.append(')').toString();
        }
    }

    public static final class Or extends Expr {
        final Expr[] args;

        public Or(final List<Expr> args) {
            super(PgType.BOOL);
            this.args = args.toArray(new Expr[0]);
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            boolean sawNull = false;
            for (final Expr e : args) {
                final Object v = e.eval(row, cx);
                if (v == null) {
                    sawNull = true;
                } else if ((Boolean) v) {
                    return Boolean.TRUE;
                }
            }
            return sawNull ? null : Boolean.FALSE;
        }

        @Override
        public String explain() {
            final StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < args.length; i++) {
                sb.append(i > 0 ? " OR " : "").append(args[i].explain());
            }
            return sb.append(')').toString();
        }
    }

    public static final class Not extends Expr {
        final Expr arg;

        public Not(final Expr arg) {
            super(PgType.BOOL);
            this.arg = arg;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object v = arg.eval(row, cx);
            return v == null ? null : !(Boolean) v;
        }

        @Override
        public String explain() {
            return "(NOT " + arg.explain() + ")";
        }
    }

    /** IS [NOT] NULL, IS [NOT] TRUE/FALSE/UNKNOWN. */
    public static final class Is extends Expr {
        /** 'N' null, 'T' true, 'F' false. */
        final char what;
        final boolean negate;
        final Expr arg;

        public Is(final Expr arg, final char what, final boolean negate) {
            super(PgType.BOOL);
            this.arg = arg;
            this.what = what;
            this.negate = negate;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object v = arg.eval(row, cx);
            final boolean r;
            if (what == 'N') {
                r = v == null || (v instanceof Object[] && allNull((Object[]) v));
            } else {
                r = v != null && ((Boolean) v == (what == 'T'));
            }
            return r != negate;
        }

        private static boolean allNull(final Object[] a) {
            return false;
        }

        @Override
        public String explain() {
            return "(" + arg.explain() + " IS " + (negate ? "NOT " : "") + (what == 'N' ? "NULL" : what == 'T' ? "TRUE" : "FALSE") + ")";
        }
    }

    /** a IS [NOT] DISTINCT FROM b. */
    public static final class Distinct extends Expr {
        final Expr left;
        final Expr right;
        final boolean not;

        public Distinct(final Expr left, final Expr right, final boolean not) {
            super(PgType.BOOL);
            this.left = left;
            this.right = right;
            this.not = not;
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final boolean same = Values.same(left.eval(row, cx), right.eval(row, cx));
            return not == same;
        }

        @Override
        public String explain() {
            return "(" + left.explain() + " IS " + (not ? "NOT " : "") + "DISTINCT FROM " + right.explain() + ")";
        }
    }
}
