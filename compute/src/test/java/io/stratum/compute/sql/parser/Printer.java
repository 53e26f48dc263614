package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.*;
import java.util.List;
import java.util.stream.Collectors;

/** Test helper: prints expressions fully parenthesised, so tests can state a parse tree as text. */
final class Printer {
    private Printer() {
    }

    static String expr(final Expr e) {
        if (e == null) {
            return "<null>";
        }
        if (e instanceof NullLit) {
            return "NULL";
        }
        if (e instanceof BoolLit b) {
            return b.value() ? "TRUE" : "FALSE";
        }
        if (e instanceof IntLit i) {
            return Long.toString(i.value());
        }
        if (e instanceof NumericLit n) {
            return n.text();
        }
        if (e instanceof StringLit s) {
            return "'" + s.value().replace("'", "''") + "'";
        }
        if (e instanceof BitStringLit b) {
            return "B'" + b.bits() + "'";
        }
        if (e instanceof Param p) {
            return "$" + p.index();
        }
        if (e instanceof ColumnRef c) {
            return c.parts().stream().map(Printer::ident).collect(Collectors.joining("."));
        }
        if (e instanceof Star s) {
            return s.qualifier().isEmpty() ? "*" : s.qualifier().stream().map(Printer::ident)
                    .collect(Collectors.joining(".")) + ".*";
        }
        if (e instanceof FieldSelect f) {
            return "(" + expr(f.base()) + ")." + (f.field().equals("*") ? "*" : ident(f.field()));
        }
        if (e instanceof Subscript s) {
            return "(" + expr(s.base()) + ")[" + (s.lower() == null ? "" : expr(s.lower()))
                    + (s.slice() ? ":" + (s.upper() == null ? "" : expr(s.upper())) : "") + "]";
        }
        if (e instanceof UnaryOp u) {
            return "(" + op(u.op(), u.opSchema()) + " " + expr(u.operand()) + ")";
        }
        if (e instanceof BinaryOp b) {
            return "(" + expr(b.left()) + " " + op(b.op(), b.opSchema()) + " " + expr(b.right()) + ")";
        }
        if (e instanceof And a) {
            return "(" + expr(a.left()) + " AND " + expr(a.right()) + ")";
        }
        if (e instanceof Or o) {
            return "(" + expr(o.left()) + " OR " + expr(o.right()) + ")";
        }
        if (e instanceof Not n) {
            return "(NOT " + expr(n.operand()) + ")";
        }
        if (e instanceof IsNull i) {
            return "(" + expr(i.operand()) + (i.not() ? " IS NOT NULL)" : " IS NULL)");
        }
        if (e instanceof IsBool i) {
            return "(" + expr(i.operand()) + " IS " + (i.not() ? "NOT " : "") + i.test() + ")";
        }
        if (e instanceof IsDistinctFrom d) {
            return "(" + expr(d.left()) + " IS " + (d.not() ? "NOT " : "") + "DISTINCT FROM " + expr(d.right()) + ")";
        }
        if (e instanceof Between b) {
            return "(" + expr(b.operand()) + (b.not() ? " NOT" : "") + " BETWEEN " + (b.symmetric() ? "SYMMETRIC " : "")
                    + expr(b.low()) + " AND " + expr(b.high()) + ")";
        }
        if (e instanceof InList i) {
            return "(" + expr(i.operand()) + (i.not() ? " NOT" : "") + " IN (" + list(i.list()) + "))";
        }
        if (e instanceof InSubquery i) {
            return "(" + expr(i.operand()) + (i.not() ? " NOT" : "") + " IN (<query>))";
        }
        if (e instanceof Like l) {
            final String kw = switch (l.kind()) {
                case LIKE -> "LIKE";
                case ILIKE -> "ILIKE";
                case SIMILAR -> "SIMILAR TO";
            };
            return "(" + expr(l.operand()) + (l.not() ? " NOT " : " ") + kw + " " + expr(l.pattern())
                    + (l.escape() == null ? "" : " ESCAPE " + expr(l.escape())) + ")";
        }
        if (e instanceof QuantifiedComparison q) {
            return "(" + expr(q.left()) + " " + op(q.op(), q.opSchema()) + " " + q.quantifier() + " ("
                    + (q.array() != null ? expr(q.array()) : "<query>") + "))";
        }
        if (e instanceof Exists) {
            return "EXISTS (<query>)";
        }
        if (e instanceof ScalarSubquery) {
            return "(<query>)";
        }
        if (e instanceof ArraySubquery) {
            return "ARRAY(<query>)";
        }
        if (e instanceof ArrayExpr a) {
            return "ARRAY[" + list(a.elements()) + "]";
        }
        if (e instanceof RowExpr r) {
            return "ROW(" + list(r.fields()) + ")";
        }
        if (e instanceof Case c) {
            final StringBuilder sb = new StringBuilder("CASE");
            if (c.operand() != null) {
                sb.append(' ').append(expr(c.operand()));
            }
            for (Case.When w : c.whens()) {
                sb.append(" WHEN ").append(expr(w.condition())).append(" THEN ").append(expr(w.result()));
            }
            if (c.elseExpr() != null) {
                sb.append(" ELSE ").append(expr(c.elseExpr()));
            }
            return sb.append(" END").toString();
        }
        if (e instanceof FuncCall f) {
            final StringBuilder sb = new StringBuilder(f.name().toString()).append('(');
            if (f.distinct()) {
                sb.append("DISTINCT ");
            }
            sb.append(f.star() ? "*" : list(f.args()));
            if (!f.orderBy().isEmpty()) {
                sb.append(" ORDER BY ").append(f.orderBy().stream().map(o -> expr(o.expr()) + " " + o.order())
                        .collect(Collectors.joining(", ")));
            }
            sb.append(')');
            if (f.filter() != null) {
                sb.append(" FILTER (WHERE ").append(expr(f.filter())).append(')');
            }
            if (f.over() != null) {
                sb.append(" OVER (...)");
            }
            return sb.toString();
        }
        if (e instanceof Cast c) {
            return "CAST(" + expr(c.operand()) + " AS " + type(c.type()) + ")";
        }
        if (e instanceof Collate c) {
            return "(" + expr(c.operand()) + " COLLATE " + c.collation() + ")";
        }
        if (e instanceof SqlValueFunction s) {
            return s.kind().name() + (s.precision() == null ? "" : "(" + s.precision() + ")");
        }
        if (e instanceof DefaultExpr) {
            return "DEFAULT";
        }
        throw new AssertionError("unprintable " + e);
    }

    static String type(final TypeName t) {
        return (t.schema() == null ? "" : t.schema() + ".") + t.name()
                + (t.modifiers().isEmpty() ? "" : t.modifiers().stream().map(String::valueOf)
                .collect(Collectors.joining(",", "(", ")"))) + "[]".repeat(t.arrayDims());
    }

    private static String op(final String op, final String schema) {
        return schema == null ? op : "OPERATOR(" + schema + "." + op + ")";
    }

    private static String list(final List<Expr> es) {
        return es.stream().map(Printer::expr).collect(Collectors.joining(", "));
    }

    static String ident(final String s) {
        return s.matches("[a-z_][a-z0-9_]*") && !ParserBase.RESERVED.contains(s) ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
