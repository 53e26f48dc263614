package io.stratum.compute.sql.parser;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.ArrayExpr;
import io.stratum.compute.sql.ast.ArraySubquery;
import io.stratum.compute.sql.ast.BitStringLit;
import io.stratum.compute.sql.ast.BoolLit;
import io.stratum.compute.sql.ast.Case;
import io.stratum.compute.sql.ast.Cast;
import io.stratum.compute.sql.ast.ColumnRef;
import io.stratum.compute.sql.ast.DefaultExpr;
import io.stratum.compute.sql.ast.Exists;
import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.FieldSelect;
import io.stratum.compute.sql.ast.IntLit;
import io.stratum.compute.sql.ast.NullLit;
import io.stratum.compute.sql.ast.NumericLit;
import io.stratum.compute.sql.ast.Param;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.RowExpr;
import io.stratum.compute.sql.ast.ScalarSubquery;
import io.stratum.compute.sql.ast.SqlValueFunction;
import io.stratum.compute.sql.ast.Star;
import io.stratum.compute.sql.ast.StringLit;
import io.stratum.compute.sql.ast.TypeName;
import java.util.ArrayList;
import java.util.List;

/** Primary expressions (c_expr): literals, names, calls, CASE, CAST, subqueries, ARRAY, ROW, windows. */
abstract class PrimaryParser extends CallParser {
    PrimaryParser(final Lexer lx) {
        super(lx);
    }

    final Expr parsePrimary() {
        final int at = pos();
        switch (kind()) {
            case Lexer.INTEGER: {
                final String t = text();
                p++;
                if (t.length() <= 18) {
                    return new IntLit(Long.parseLong(t), at);
                }
                try {
                    return new IntLit(Long.parseLong(t), at);
                } catch (NumberFormatException e) {
                    return new NumericLit(t, at);
                }
            }
            case Lexer.NUMERIC:
                p++;
                return new NumericLit(lx.text[p - 1], at);
            case Lexer.STRING:
                p++;
                return new StringLit(lx.text[p - 1], at);
            case Lexer.BITSTR:
                p++;
                return new BitStringLit(lx.text[p - 1], at);
            case Lexer.PARAM: {
                final String t = text();
                p++;
                try {
                    return new Param(Integer.parseInt(t), at);
                } catch (NumberFormatException e) {
                    throw error("42601", "parameter number too large", at);
                }
            }
            case Lexer.QIDENT:
                return nameOrCall();
            case Lexer.IDENT:
                return keywordOrName(at);
            case Lexer.PUNCT:
                if (isPunct("(")) {
                    return parenthesised(at);
                }
                throw syntaxError();
            default:
                throw syntaxError();
        }
    }

    private Expr keywordOrName(final int at) {
        final String w = text();
        switch (w) {
            case "null":
                p++;
                return new NullLit(at);
            case "true":
                p++;
                return new BoolLit(true, at);
            case "false":
                p++;
                return new BoolLit(false, at);
            case "default":
                p++;
                return new DefaultExpr(at);
            case "case":
                return caseExpr(at);
            case "cast": {
                p++;
                expectPunct("(");
                final Expr e = parseExpr();
                expectKw("as");
                final TypeName t = parseTypeName();
                expectPunct(")");
                return new Cast(e, t, at);
            }
            case "exists": {
                p++;
                expectPunct("(");
                final Query q = parseQuery();
                expectPunct(")");
                return new Exists(q, at);
            }
            case "array":
                p++;
                if (isPunct("(")) {
                    p++;
                    final Query q = parseQuery();
                    expectPunct(")");
                    return new ArraySubquery(q, at);
                }
                return arrayBrackets(at);
            case "row":
                if (isPunctAt(1, "(")) {
                    p += 2;
                    final List<Expr> fields = isPunct(")") ? List.of() : exprList();
                    expectPunct(")");
                    return new RowExpr(fields, true, at);
                }
                break;
            case "current_date":
                p++;
                return new SqlValueFunction(SqlValueFunction.Kind.CURRENT_DATE, null, at);
            case "current_time":
                return valueFunction(SqlValueFunction.Kind.CURRENT_TIME, at, true);
            case "current_timestamp":
                return valueFunction(SqlValueFunction.Kind.CURRENT_TIMESTAMP, at, true);
            case "localtime":
                return valueFunction(SqlValueFunction.Kind.LOCALTIME, at, true);
            case "localtimestamp":
                return valueFunction(SqlValueFunction.Kind.LOCALTIMESTAMP, at, true);
            case "current_user":
                return valueFunction(SqlValueFunction.Kind.CURRENT_USER, at, false);
            case "session_user":
                return valueFunction(SqlValueFunction.Kind.SESSION_USER, at, false);
            case "user":
                return valueFunction(SqlValueFunction.Kind.USER, at, false);
            case "current_role":
                return valueFunction(SqlValueFunction.Kind.CURRENT_ROLE, at, false);
            case "current_catalog":
                return valueFunction(SqlValueFunction.Kind.CURRENT_CATALOG, at, false);
            case "current_schema":
                if (!isPunctAt(1, "(")) {
                    return valueFunction(SqlValueFunction.Kind.CURRENT_SCHEMA, at, false);
                }
                break;
            case "extract":
            case "position":
            case "substring":
            case "trim":
            case "overlay":
                if (isPunctAt(1, "(")) {
                    return SpecialForms.parse(this, w, at);
                }
                break;
            default:
                break;
        }
        if (TYPE_KEYWORDS.contains(w)) {
            final Expr lit = typedLiteral(at);
            if (lit != null) {
                return lit;
            }
        }
        if (RESERVED.contains(w)) {
            throw syntaxError();
        }
        return nameOrCall();
    }

    private Expr valueFunction(final SqlValueFunction.Kind k, final int at, final boolean precision) {
        p++;
        Integer prec = null;
        if (precision && isPunct("(")) {
            p++;
            prec = smallInt();
            expectPunct(")");
        }
        return new SqlValueFunction(k, prec, at);
    }

    /** {@code interval '1 day'}, {@code timestamp with time zone '...'}; null (cursor restored) if not one. */
    private Expr typedLiteral(final int at) {
        final int save = p;
        try {
            final TypeName t = parseTypeName();
            if (kind() == Lexer.STRING) {
                final StringLit s = new StringLit(text(), pos());
                p++;
                if (t.name().equals("interval")) {
                    intervalFields();
                }
                return new Cast(s, t, at);
            }
        } catch (SqlException e) {
            // not a typed literal
        }
        p = save;
        return null;
    }

    /** A column reference, {@code t.*}, a function call, or a generic typed literal {@code int4 '1'}. */
    final Expr nameOrCall() {
        final int at = pos();
        final List<String> parts = new ArrayList<>(3);
        parts.add(lx.text[p++]);
        while (isPunct(".")) {
            p++;
            if (isOp("*")) {
                p++;
                return new Star(List.copyOf(parts), at);
            }
            parts.add(colLabel());
        }
        if (isPunct("(")) {
            if (parts.size() > 3) {
                throw error("42601", "improper qualified name (too many dotted names): " + String.join(".", parts), at);
            }
            final QualifiedName name = parts.size() == 1 ? new QualifiedName(null, null, parts.get(0), at)
                    : parts.size() == 2 ? new QualifiedName(null, parts.get(0), parts.get(1), at)
                    : new QualifiedName(parts.get(0), parts.get(1), parts.get(2), at);
            return funcCall(name, at);
        }
        if (kind() == Lexer.STRING && parts.size() <= 3 && !TYPE_FUNC.contains(parts.get(0))) {
            final String name = parts.get(parts.size() - 1);
            final String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : null;
            final StringLit s = new StringLit(text(), pos());
            p++;
            return new Cast(s, new TypeName(schema, name, List.of(), 0, at), at);
        }
        if (parts.size() > 4) {
            throw error("42601", "improper qualified name (too many dotted names): " + String.join(".", parts), at);
        }
        return new ColumnRef(List.copyOf(parts), at);
    }

    private Expr caseExpr(final int at) {
        p++;
        final Expr operand = isKw("when") ? null : parseExpr();
        final List<Case.When> whens = new ArrayList<>();
        while (isKw("when")) {
            final int wat = pos();
            p++;
            final Expr cond = parseExpr();
            expectKw("then");
            whens.add(new Case.When(cond, parseExpr(), wat));
        }
        if (whens.isEmpty()) {
            throw syntaxError();
        }
        final Expr otherwise = acceptKw("else") ? parseExpr() : null;
        expectKw("end");
        return new Case(operand, List.copyOf(whens), otherwise, at);
    }

    private ArrayExpr arrayBrackets(final int at) {
        enter();
        try {
            return arrayElements(at);
        } finally {
            leave();
        }
    }

    private ArrayExpr arrayElements(final int at) {
        expectPunct("[");
        final List<Expr> elems = new ArrayList<>();
        if (!isPunct("]")) {
            do {
                if (isPunct("[")) {
                    elems.add(arrayBrackets(pos()));
                } else {
                    elems.add(parseExpr());
                }
            } while (acceptPunct(","));
        }
        expectPunct("]");
        return new ArrayExpr(List.copyOf(elems), at);
    }

    /** {@code (expr)}, {@code (a, b)}, {@code (SELECT ...)}, then {@code .field} / {@code .*}. */
    private Expr parenthesised(final int at) {
        Expr e = null;
        if (isQueryStartAt(1)) {
            p++;
            final Query q = parseQuery();
            expectPunct(")");
            e = new ScalarSubquery(q, at);
        } else if (isPunctAt(1, "(") && parensLeadToQuery()) {
            final int save = p;
            try {
                p++;
                final Query q = parseQuery();
                expectPunct(")");
                e = new ScalarSubquery(q, at);
            } catch (SqlException ex) {
                p = save;
            }
        }
        if (e == null) {
            p++;
            final Expr first = parseExpr();
            if (isPunct(",")) {
                final List<Expr> fields = new ArrayList<>();
                fields.add(first);
                while (acceptPunct(",")) {
                    fields.add(parseExpr());
                }
                expectPunct(")");
                e = new RowExpr(List.copyOf(fields), false, at);
            } else {
                expectPunct(")");
                e = first;
            }
        }
        while (isPunct(".")) {
            final int dot = pos();
            p++;
            if (acceptOp("*")) {
                e = new FieldSelect(e, "*", dot);
            } else {
                e = new FieldSelect(e, colLabel(), dot);
            }
        }
        return e;
    }

    /** From the current '(': whether the first token after the run of '(' starts a query. */
    final boolean parensLeadToQuery() {
        int i = p;
        while (i < lx.count && lx.kind[i] == Lexer.PUNCT && lx.text[i].equals("(")) {
            i++;
        }
        return isQueryStartAt(i - p);
    }

    final boolean isQueryStartAt(final int off) {
        return isKwAt(off, "select") || isKwAt(off, "values") || isKwAt(off, "with") || isKwAt(off, "table");
    }

    /** {@code expr [, ...]}. */
    final List<Expr> exprList() {
        final List<Expr> out = new ArrayList<>();
        do {
            out.add(parseExpr());
        } while (acceptPunct(","));
        return List.copyOf(out);
    }
}
