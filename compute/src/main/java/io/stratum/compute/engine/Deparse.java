package io.stratum.compute.engine;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.And;
import io.stratum.compute.sql.ast.ArrayExpr;
import io.stratum.compute.sql.ast.Between;
import io.stratum.compute.sql.ast.BinaryOp;
import io.stratum.compute.sql.ast.BoolLit;
import io.stratum.compute.sql.ast.Case;
import io.stratum.compute.sql.ast.Cast;
import io.stratum.compute.sql.ast.ColumnRef;
import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.InList;
import io.stratum.compute.sql.ast.IntLit;
import io.stratum.compute.sql.ast.IsNull;
import io.stratum.compute.sql.ast.Like;
import io.stratum.compute.sql.ast.Not;
import io.stratum.compute.sql.ast.NullLit;
import io.stratum.compute.sql.ast.NumericLit;
import io.stratum.compute.sql.ast.Or;
import io.stratum.compute.sql.ast.SqlValueFunction;
import io.stratum.compute.sql.ast.StringLit;
import io.stratum.compute.sql.ast.TypeName;
import io.stratum.compute.sql.ast.UnaryOp;
import java.util.List;

/** SQL text of an expression (DEFAULT and CHECK as the catalog stores them); re-parseable. */
final class Deparse {
    private Deparse() {
    }

    static String quoteIdent(final String s) {
        return s.matches("[a-z_][a-z0-9_$]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    static String type(final TypeName t) {
        final StringBuilder sb = new StringBuilder();
        if (t.schema() != null) {
            sb.append(t.schema()).append('.');
        }
        sb.append(t.name().equals("char") ? "\"char\"" : t.name());
        if (!t.modifiers().isEmpty()) {
            sb.append('(');
            for (int i = 0; i < t.modifiers().size(); i++) {
                sb.append(i > 0 ? "," : "").append(t.modifiers().get(i));
            }
            sb.append(')');
        }
        sb.append("[]".repeat(t.arrayDims()));
        return sb.toString();
    }

    private static String list(final List<Expr> es) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < es.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(expr(es.get(i)));
        }
        return sb.toString();
    }

    /** A column DEFAULT as PostgreSQL stores it: a string literal for a json or jsonb column keeps its cast. */
    static String defaultExpr(final Expr e, final TypeName t) {
        final String tn = type(t);
        if (e instanceof StringLit && (tn.equals("json") || tn.equals("jsonb"))) {
            return expr(e) + "::" + tn;
        }
        return expr(e);
    }

    static String expr(final Expr e) {
        if (e instanceof NullLit) {
            return "NULL";
        }
        if (e instanceof BoolLit) {
            return ((BoolLit) e).value() ? "true" : "false";
        }
        if (e instanceof IntLit) {
            return Long.toString(((IntLit) e).value());
        }
        if (e instanceof NumericLit) {
            return ((NumericLit) e).text();
        }
        if (e instanceof StringLit) {
            return "'" + ((StringLit) e).value().replace("'", "''") + "'";
        }
        if (e instanceof ColumnRef) {
            final StringBuilder sb = new StringBuilder();
            for (final String p : ((ColumnRef) e).parts()) {
                sb.append(sb.length() > 0 ? "." : "").append(quoteIdent(p));
            }
            return sb.toString();
        }
        if (e instanceof Cast) {
            return "(" + expr(((Cast) e).operand()) + ")::" + type(((Cast) e).type());
        }
        if (e instanceof UnaryOp) {
            return "(" + ((UnaryOp) e).op() + " " + expr(((UnaryOp) e).operand()) + ")";
        }
        if (e instanceof BinaryOp) {
            final BinaryOp b = (BinaryOp) e;
            return "(" + expr(b.left()) + " " + b.op() + " " + expr(b.right()) + ")";
        }
        if (e instanceof And) {
            return "(" + expr(((And) e).left()) + " AND " + expr(((And) e).right()) + ")";
        }
        if (e instanceof Or) {
            return "(" + expr(((Or) e).left()) + " OR " + expr(((Or) e).right()) + ")";
        }
        if (e instanceof Not) {
            return "(NOT " + expr(((Not) e).operand()) + ")";
        }
        if (e instanceof IsNull) {
            return "(" + expr(((IsNull) e).operand()) + (((IsNull) e).not() ? " IS NOT NULL)" : " IS NULL)");
        }
        if (e instanceof Between) {
            final Between b = (Between) e;
            return "(" + expr(b.operand()) + (b.not() ? " NOT" : "") + " BETWEEN " + expr(b.low()) + " AND " + expr(b.high()) + ")";
        }
        if (e instanceof InList) {
            final InList i = (InList) e;
            return "(" + expr(i.operand()) + (i.not() ? " NOT IN (" : " IN (") + list(i.list()) + "))";
        }
        if (e instanceof Like) {
            final Like l = (Like) e;
            return "(" + expr(l.operand()) + (l.not() ? " NOT " : " ") + l.kind().name().replace("SIMILAR", "SIMILAR TO") + " "
                + expr(l.pattern()) + ")";
        }
        if (e instanceof ArrayExpr) {
            return "ARRAY[" + list(((ArrayExpr) e).elements()) + "]";
        }
        if (e instanceof SqlValueFunction) {
            return ((SqlValueFunction) e).kind().name();
        }
        if (e instanceof Case) {
            final Case c = (Case) e;
            final StringBuilder sb = new StringBuilder("CASE");
            if (c.operand() != null) {
                sb.append(' ').append(expr(c.operand()));
            }
            for (final Case.When w : c.whens()) {
                sb.append(" WHEN ").append(expr(w.condition())).append(" THEN ").append(expr(w.result()));
            }
            if (c.elseExpr() != null) {
                sb.append(" ELSE ").append(expr(c.elseExpr()));
            }
            return sb.append(" END").toString();
        }
        if (e instanceof FuncCall) {
            final FuncCall f = (FuncCall) e;
            final String name = (f.name().schema() != null ? f.name().schema() + "." : "") + f.name().name();
            if (f.star()) {
                return name + "(*)";
            }
            return name + "(" + list(f.args()) + ")";
        }
        throw new SqlException("0A000", "expression not supported in DEFAULT or CHECK: " + e.getClass().getSimpleName(), null, null,
            e.pos() + 1, null);
    }
}
