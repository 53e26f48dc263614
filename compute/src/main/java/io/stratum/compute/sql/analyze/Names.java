package io.stratum.compute.sql.analyze;

import io.stratum.compute.sql.ast.ArrayExpr;
import io.stratum.compute.sql.ast.ArraySubquery;
import io.stratum.compute.sql.ast.Case;
import io.stratum.compute.sql.ast.Cast;
import io.stratum.compute.sql.ast.Collate;
import io.stratum.compute.sql.ast.ColumnRef;
import io.stratum.compute.sql.ast.Exists;
import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.FieldSelect;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.RowExpr;
import io.stratum.compute.sql.ast.ScalarSubquery;
import io.stratum.compute.sql.ast.SqlValueFunction;
import io.stratum.compute.sql.ast.Subscript;

/** Result column names as PostgreSQL's FigureColname gives them. */
final class Names {
    private Names() {
    }

    static String figure(final Expr e) {
        final String n = figureOrNull(e);
        return n == null ? "?column?" : n;
    }

    /**
     * A name from the expression itself, as PostgreSQL's strength above 1: not a cast's type name, nor the
     * {@code case} of a CASE without a named ELSE.
     */
    private static String strong(final Expr e) {
        if (e instanceof Cast) {
            return strong(((Cast) e).operand());
        }
        if (e instanceof Case) {
            return ((Case) e).elseExpr() == null ? null : strong(((Case) e).elseExpr());
        }
        return figureOrNull(e);
    }

    static String figureOrNull(final Expr e) {
        if (e instanceof ColumnRef) {
            return ((ColumnRef) e).column();
        }
        if (e instanceof FuncCall) {
            final String name = ((FuncCall) e).name().name();
            switch (name) {
                case "extract": return "extract";
                case "btrim": case "ltrim": case "rtrim": return ((FuncCall) e).name().schema() != null ? "btrim".equals(name)
                    ? "btrim" : name : name;
                default: return name;
            }
        }
        if (e instanceof Cast) {
            final String inner = strong(((Cast) e).operand());
            if (inner != null) {
                return inner;
            }
            final String t = ((Cast) e).type().name();
            return ((Cast) e).type().arrayDims() > 0 ? t : t;
        }
        if (e instanceof Collate) {
            return figureOrNull(((Collate) e).operand());
        }
        if (e instanceof Case) {
            // PostgreSQL names a CASE after its ELSE when that has a name of its own (CASE ... ELSE id END is id)
            final String d = strong(e);
            return d != null ? d : "case";
        }
        if (e instanceof SqlValueFunction) {
            return ((SqlValueFunction) e).kind().columnName();
        }
        if (e instanceof Exists) {
            return "exists";
        }
        if (e instanceof ArrayExpr || e instanceof ArraySubquery) {
            return "array";
        }
        if (e instanceof RowExpr) {
            return "row";
        }
        if (e instanceof FieldSelect) {
            return ((FieldSelect) e).field();
        }
        if (e instanceof Subscript) {
            return figureOrNull(((Subscript) e).base());
        }
        if (e instanceof ScalarSubquery) {
            return null;
        }
        return null;
    }
}
