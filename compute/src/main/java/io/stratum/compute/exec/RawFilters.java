package io.stratum.compute.exec;

import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.storage.FieldTest;
import io.stratum.compute.storage.FieldTests;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a scan's filter conjuncts to tests on encoded fields ({@link FieldTest}) where their truth can be
 * read off the bytes: comparisons of integer and date columns with constants or with each other, text
 * equality and IN lists against constants, and ANDs and ORs of those (a conjunction or disjunction is TRUE
 * exactly when all or any of its parts are, so NULLs need no third value here).
 */
final class RawFilters {
    private RawFilters() {
    }

    /** What a parameter's value is while only the shape is checked (no statement running). */
    private static final Object UNBOUND = new Object();
    private static final FieldTest SHAPE = (src, pos, len) -> true;

    /**
     * The test deciding {@code e} over rows of {@code table}, or null; parameters take their values in
     * {@code cx}. With {@code cx} null only the shape is checked: non-null means a test may be made at open.
     */
    static FieldTest compile(final Expr e, final TableDef table, final ExecContext cx) {
        if (e instanceof Exprs.Cmp) {
            return cmp((Exprs.Cmp) e, table, cx);
        }
        if (e instanceof MoreExprs.InList) {
            return in((MoreExprs.InList) e, table, cx);
        }
        if (e instanceof Exprs.And || e instanceof Exprs.Or) {
            final Expr[] args = e instanceof Exprs.And ? ((Exprs.And) e).args : ((Exprs.Or) e).args;
            final FieldTest[] parts = new FieldTest[args.length];
            for (int i = 0; i < args.length; i++) {
                parts[i] = compile(args[i], table, cx);
                if (parts[i] == null) {
                    return null;
                }
            }
            return e instanceof Exprs.And ? FieldTests.and(parts) : FieldTests.or(parts);
        }
        return null;
    }

    /** The table column {@code e} is (a bare reference of the column's own type), or -1. */
    private static int column(final Expr e, final TableDef table) {
        if (!(e instanceof Exprs.Col)) {
            return -1;
        }
        final int i = ((Exprs.Col) e).index;
        return i < table.columns().size() && table.columns().get(i).type() == e.type() ? i : -1;
    }

    /** A constant's or a parameter's value, {@link #UNBOUND} for a parameter without {@code cx}, else null. */
    private static Object[] value(final Expr x, final ExecContext cx) {
        if (x instanceof Exprs.Const) {
            return new Object[] {((Exprs.Const) x).value};
        }
        if (x instanceof Exprs.Param) {
            return new Object[] {cx == null ? UNBOUND : x.eval(null, cx)};
        }
        return null;
    }

    private static FieldTest cmp(final Exprs.Cmp c, final TableDef table, final ExecContext cx) {
        int col = column(c.left, table);
        Expr other = c.right;
        String op = c.op;
        if (col < 0) {
            col = column(c.right, table);
            other = c.left;
            op = flip(op);
        }
        if (col < 0 || op == null) {
            return null;
        }
        final PgType t = table.columns().get(col).type();
        final int col2 = column(other, table);
        if (col2 >= 0) {
            return table.columns().get(col2).type() == t ? FieldTests.compareColumns(t, col, op, col2) : null;
        }
        final Object[] given = value(other, cx);
        if (given == null) {
            return null;
        }
        final Object v = given[0];
        if (v == UNBOUND) {
            return FieldTests.integral(t) || op.equals("=") || op.equals("<>") ? SHAPE : null;
        }
        if (FieldTests.integral(t)) {
            return FieldTests.compare(t, col, op, v);
        }
        if ((op.equals("=") || op.equals("<>")) && v instanceof String) {
            return FieldTests.textIn(t, col, List.of((String) v), op.equals("<>"));
        }
        return null;
    }

    private static FieldTest in(final MoreExprs.InList in, final TableDef table, final ExecContext cx) {
        final int col = column(in.arg, table);
        if (col < 0) {
            return null;
        }
        final PgType t = table.columns().get(col).type();
        final List<String> texts = new ArrayList<>();
        final List<FieldTest> ints = new ArrayList<>();
        for (final Expr x : in.list) {
            final Object[] given = value(x, cx);
            if (given == null || given[0] == null) {
                return null;
            }
            final Object v = given[0];
            if (v == UNBOUND) {
                ints.add(SHAPE);
                texts.add("");
            } else if (FieldTests.integral(t)) {
                final FieldTest f = FieldTests.compare(t, col, in.negate ? "<>" : "=", v);
                if (f == null) {
                    return null;
                }
                ints.add(f);
            } else if (v instanceof String) {
                texts.add((String) v);
            } else {
                return null;
            }
        }
        if (FieldTests.integral(t)) {
            final FieldTest[] a = ints.toArray(new FieldTest[0]);
            return in.negate ? FieldTests.and(a) : FieldTests.or(a);
        }
        return FieldTests.textIn(t, col, texts, in.negate);
    }

    private static String flip(final String op) {
        switch (op) {
            case "=": case "<>": return op;
            case "<": return ">";
            case "<=": return ">=";
            case ">": return "<";
            case ">=": return "<=";
            default: return null;
        }
    }
}
