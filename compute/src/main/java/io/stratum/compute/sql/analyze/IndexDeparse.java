package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.And;
import io.stratum.compute.sql.ast.Between;
import io.stratum.compute.sql.ast.BinaryOp;
import io.stratum.compute.sql.ast.BoolLit;
import io.stratum.compute.sql.ast.Case;
import io.stratum.compute.sql.ast.Cast;
import io.stratum.compute.sql.ast.ColumnRef;
import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.IntLit;
import io.stratum.compute.sql.ast.IsBool;
import io.stratum.compute.sql.ast.IsDistinctFrom;
import io.stratum.compute.sql.ast.IsNull;
import io.stratum.compute.sql.ast.Like;
import io.stratum.compute.sql.ast.Not;
import io.stratum.compute.sql.ast.NullLit;
import io.stratum.compute.sql.ast.NumericLit;
import io.stratum.compute.sql.ast.Or;
import io.stratum.compute.sql.ast.StringLit;
import io.stratum.compute.sql.ast.UnaryOp;
import io.stratum.compute.types.PgType;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Index expressions and predicates as PostgreSQL's ruleutils prints them: non-pretty (what pg_index and
 * {@code pg_get_indexdef(oid)} show: every operator in parentheses, {@code (doc ->> 'k'::text)}) and pretty
 * (psql's {@code \d}: parentheses only where precedence needs them, {@code doc ->> 'k'::text}). A string literal
 * is labelled with the type the binder resolves it to ({@code typeOf}: the other operand's type; text for
 * json keys); LIKE prints as {@code ~~}, BETWEEN as two comparisons, COALESCE / NULLIF / GREATEST / LEAST in
 * capitals, qualified columns without their table. Both forms parse back to the same expression. Stateless.
 */
final class IndexDeparse {
    private static final Set<String> KEYWORD_CALLS = Set.of("coalesce", "nullif", "greatest", "least");
    private static final Set<String> JSON_KEY_OPS = Set.of("->", "->>");

    private final boolean pretty;
    private final Function<Expr, PgType> typeOf;

    /** {@code typeOf} gives the bound type of a subexpression, null when it does not bind. */
    IndexDeparse(final boolean pretty, final Function<Expr, PgType> typeOf) {
        this.pretty = pretty;
        this.typeOf = typeOf;
    }

    /** The text of {@code e} as a top-level expression. */
    String top(final Expr e) {
        return expr(e, null, PgType.TEXT);
    }

    /** Whether PostgreSQL prints the key without the extra parentheses of a non-call expression. */
    static boolean looksLikeFunction(final Expr e) {
        return e instanceof FuncCall;
    }

    private static boolean operatorLike(final Expr e) {
        return e instanceof BinaryOp || e instanceof UnaryOp || e instanceof IsNull || e instanceof IsBool
            || e instanceof Like || e instanceof IsDistinctFrom || e instanceof Between;
    }

    /** The text of child {@code e} under {@code parent}, with parentheses where pretty mode needs them. */
    private String child(final Expr e, final Expr parent, final PgType hint) {
        final String s = expr(e, parent, hint);
        if (!pretty || parent == null) {
            return s;
        }
        return simple(e, parent) ? s : "(" + s + ")";
    }

    /** PostgreSQL's isSimpleNode, for the nodes printed here. */
    private static boolean simple(final Expr e, final Expr parent) {
        if (e instanceof ColumnRef || e instanceof FuncCall || e instanceof StringLit || e instanceof IntLit
            || e instanceof NumericLit || e instanceof BoolLit || e instanceof NullLit || e instanceof Case) {
            return true;
        }
        if (e instanceof Cast c) {
            return literal(c.operand()) || !(parent instanceof Cast);
        }
        if (operatorLike(e)) {
            if (parent instanceof And || parent instanceof Or || parent instanceof Not) {
                return true;
            }
            if (e instanceof BinaryOp b && parent instanceof BinaryOp p) {
                return hi(b.op()) && lo(p.op());
            }
            return false;
        }
        if (e instanceof And || e instanceof Not) {
            return parent instanceof And || parent instanceof Or;
        }
        if (e instanceof Or) {
            return parent instanceof Or;
        }
        return false;
    }

    private static boolean hi(final String op) {
        return op.equals("*") || op.equals("/") || op.equals("%");
    }

    private static boolean lo(final String op) {
        return op.equals("+") || op.equals("-");
    }

    private static boolean literal(final Expr e) {
        return e instanceof StringLit || e instanceof IntLit || e instanceof NumericLit || e instanceof BoolLit
            || e instanceof NullLit;
    }

    private String wrap(final String s) {
        return pretty ? s : "(" + s + ")";
    }

    private PgType type(final Expr e) {
        final PgType t = typeOf.apply(e);
        return t == null || t == PgType.UNKNOWN ? PgType.TEXT : t;
    }

    private static String typeName(final PgType t) {
        return SqlTypes.displayName(t);
    }

    /** A constant as get_const_expr prints it, {@code hint} the type it resolved to. */
    private static String constant(final Expr e, final PgType hint) {
        if (e instanceof NullLit) {
            return "NULL";
        }
        if (e instanceof BoolLit b) {
            return b.value() ? "true" : "false";
        }
        if (e instanceof IntLit i) {
            final long v = i.value();
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                return v >= 0 ? Long.toString(v) : "'" + v + "'::integer";
            }
            return "'" + v + "'::bigint";
        }
        if (e instanceof NumericLit n) {
            return n.text();
        }
        final String v = ((StringLit) e).value();
        return "'" + v.replace("'", "''") + "'::" + typeName(hint);
    }

    private String expr(final Expr e, final Expr parent, final PgType hint) {
        if (literal(e)) {
            return constant(e, hint);
        }
        if (e instanceof ColumnRef c) {
            return quote(c.parts().get(c.parts().size() - 1));
        }
        if (e instanceof Cast c) {
            final PgType t = typeOf.apply(e);
            final String tn = t == null ? io.stratum.compute.catalog.Names.unquote(c.type().name()) : typeName(t);
            if (c.operand() instanceof StringLit) {
                return constant(c.operand(), t == null ? PgType.TEXT : t);
            }
            if (c.operand() instanceof IntLit && t != null) {
                return wrap(constant(c.operand(), PgType.INT4)) + "::" + tn;
            }
            return (pretty ? child(c.operand(), e, null) : "(" + expr(c.operand(), e, null) + ")") + "::" + tn;
        }
        if (e instanceof BinaryOp b) {
            final String op = b.op().equals("!=") ? "<>" : b.op();
            PgType lt = null;
            PgType rt = null;
            if (b.right() instanceof StringLit && !(b.left() instanceof StringLit)) {
                rt = JSON_KEY_OPS.contains(op) ? PgType.TEXT : stringSide(b.left());
            }
            if (b.left() instanceof StringLit && !(b.right() instanceof StringLit)) {
                lt = stringSide(b.right());
            }
            return wrap(operand(b.left(), e, lt, rt != null && rt == PgType.TEXT) + " " + op + " "
                + operand(b.right(), e, rt, lt != null && lt == PgType.TEXT));
        }
        if (e instanceof UnaryOp u) {
            return wrap(u.op() + " " + child(u.operand(), e, null));
        }
        if (e instanceof And a) {
            return wrap(child(a.left(), e, null) + " AND " + child(a.right(), e, null));
        }
        if (e instanceof Or o) {
            return wrap(child(o.left(), e, null) + " OR " + child(o.right(), e, null));
        }
        if (e instanceof Not n) {
            return wrap("NOT " + child(n.operand(), e, null));
        }
        if (e instanceof IsNull n) {
            return wrap(child(n.operand(), e, null) + (n.not() ? " IS NOT NULL" : " IS NULL"));
        }
        if (e instanceof IsBool b) {
            return wrap(child(b.operand(), e, null) + " IS " + (b.not() ? "NOT " : "") + b.test().name().replace('_', ' '));
        }
        if (e instanceof IsDistinctFrom d) {
            return wrap(child(d.left(), e, null) + (d.not() ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ")
                + child(d.right(), e, type(d.left())));
        }
        if (e instanceof Like l) {
            final String op = switch (l.kind()) {
                case LIKE -> l.not() ? "!~~" : "~~";
                case ILIKE -> l.not() ? "!~~*" : "~~*";
                default -> null;
            };
            if (op != null) {
                return wrap(child(l.operand(), e, null) + " " + op + " " + child(l.pattern(), e, PgType.TEXT));
            }
        }
        if (e instanceof Between b && !b.symmetric()) {
            final PgType t = type(b.operand());
            final String x = child(b.operand(), new BinaryOp(b.operand(), ">=", null, b.low(), b.pos()), null);
            return b.not()
                ? wrap(wrap(x + " < " + constantOr(b.low(), t)) + " OR " + wrap(x + " > " + constantOr(b.high(), t)))
                : wrap(wrap(x + " >= " + constantOr(b.low(), t)) + " AND " + wrap(x + " <= " + constantOr(b.high(), t)));
        }
        if (e instanceof FuncCall f && f.over() == null && f.filter() == null && !f.star() && !f.distinct()) {
            final String name = f.name().name();
            if (name.equals("extract") && f.args().size() == 2 && f.args().get(0) instanceof StringLit field) {
                return "EXTRACT(" + field.value() + " FROM " + expr(f.args().get(1), null, null) + ")";
            }
            final boolean kw = KEYWORD_CALLS.contains(name) && f.name().schema() == null;
            PgType argHint = PgType.TEXT;
            if (kw) {
                for (final Expr a : f.args()) {
                    if (!literal(a)) {
                        argHint = type(a);
                        break;
                    }
                }
            }
            final StringBuilder sb = new StringBuilder(kw ? name.toUpperCase(java.util.Locale.ROOT) : quoteFn(name)).append('(');
            for (int i = 0; i < f.args().size(); i++) {
                sb.append(i > 0 ? ", " : "").append(expr(f.args().get(i), null, argHint));
            }
            return sb.append(')').toString();
        }
        if (e instanceof Case c) {
            final StringBuilder sb = new StringBuilder("CASE");
            if (c.operand() != null) {
                sb.append(' ').append(expr(c.operand(), null, null));
            }
            for (final Case.When w : c.whens()) {
                sb.append(" WHEN ").append(expr(w.condition(), null, null)).append(" THEN ")
                    .append(expr(w.result(), null, type(e)));
            }
            if (c.elseExpr() != null) {
                sb.append(" ELSE ").append(expr(c.elseExpr(), null, type(e)));
            }
            return sb.append(" END").toString();
        }
        throw new SqlException("0A000", "expression not supported in an index: " + e.getClass().getSimpleName(), null, null,
            e.pos() + 1, null);
    }

    private String constantOr(final Expr e, final PgType t) {
        return literal(e) ? constant(e, t) : child(e, new BinaryOp(e, ">=", null, e, e.pos()), null);
    }

    /** The type a string literal compared with {@code other} resolves to (text for a varchar operand). */
    private PgType stringSide(final Expr other) {
        final PgType t = type(other);
        return t == PgType.VARCHAR ? PgType.TEXT : t;
    }

    /** An operand; a varchar column meeting a text literal is shown with its implicit cast, as PostgreSQL does. */
    private String operand(final Expr e, final Expr parent, final PgType hint, final boolean textOther) {
        if (textOther && !literal(e) && type(e) == PgType.VARCHAR) {
            return (pretty ? child(e, new Cast(e, null, e.pos()), null) : "(" + expr(e, null, null) + ")") + "::text";
        }
        return child(e, parent, hint);
    }

    static String quote(final String s) {
        return s.matches("[a-z_][a-z0-9_$]*") && !RESERVED.contains(s) ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static String quoteFn(final String s) {
        return quote(s);
    }

    private static final Set<String> RESERVED = Set.of("all", "and", "any", "array", "as", "asc", "case", "cast", "check",
        "collate", "column", "constraint", "create", "default", "desc", "distinct", "do", "else", "end", "false", "for",
        "foreign", "from", "grant", "group", "having", "in", "into", "is", "not", "null", "on", "or", "order", "primary",
        "references", "select", "table", "then", "to", "true", "union", "unique", "user", "using", "when", "where", "with");

    /** The texts of several keys joined as the index's column list. */
    static String keys(final List<String> keys) {
        return String.join(", ", keys);
    }
}
