package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.And;
import io.stratum.compute.sql.ast.Between;
import io.stratum.compute.sql.ast.BinaryOp;
import io.stratum.compute.sql.ast.BoolTestKind;
import io.stratum.compute.sql.ast.Cast;
import io.stratum.compute.sql.ast.Collate;
import io.stratum.compute.sql.ast.ColumnRef;
import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.InList;
import io.stratum.compute.sql.ast.InSubquery;
import io.stratum.compute.sql.ast.IntLit;
import io.stratum.compute.sql.ast.IsBool;
import io.stratum.compute.sql.ast.IsDistinctFrom;
import io.stratum.compute.sql.ast.IsNull;
import io.stratum.compute.sql.ast.Like;
import io.stratum.compute.sql.ast.LikeKind;
import io.stratum.compute.sql.ast.Not;
import io.stratum.compute.sql.ast.NumericLit;
import io.stratum.compute.sql.ast.Or;
import io.stratum.compute.sql.ast.Param;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.QuantifiedComparison;
import io.stratum.compute.sql.ast.Quantifier;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.Subscript;
import io.stratum.compute.sql.ast.UnaryOp;
import io.stratum.compute.session.SqlException;
import java.util.List;

/**
 * Operator expressions with PostgreSQL's precedence (lowest first): OR; AND; NOT; IS / ISNULL / NOTNULL;
 * comparisons {@code < > = <= >= <>}; BETWEEN, IN, LIKE, ILIKE, SIMILAR; any other operator (including
 * {@code ||}, {@code ~} and {@code OPERATOR(schema.op)}); {@code + -}; {@code * / %}; {@code ^};
 * AT TIME ZONE; COLLATE; unary minus; subscripts; {@code ::}.
 */
abstract class ExprParser extends PrimaryParser {
    ExprParser(final Lexer lx) {
        super(lx);
    }

    @Override
    final Expr parseExpr() {
        enter();
        try {
            return parseOr();
        } finally {
            leave();
        }
    }

    private Expr parseOr() {
        Expr e = parseAnd();
        while (isKw("or") && !endsExpression(1)) {
            final int at = pos();
            p++;
            e = new Or(e, parseAnd(), at);
        }
        return e;
    }

    private Expr parseAnd() {
        Expr e = parseNot();
        while (isKw("and") && !endsExpression(1)) {
            final int at = pos();
            p++;
            e = new And(e, parseNot(), at);
        }
        return e;
    }

    /** Whether the token at {@code off} cannot continue an expression (then AND/OR before it is a label). */
    private boolean endsExpression(final int off) {
        final byte k = kindAt(off);
        final boolean ends = k == Lexer.EOF
                || k == Lexer.PUNCT && (isPunctAt(off, ";") || isPunctAt(off, ")") || isPunctAt(off, ","))
                || k == Lexer.IDENT && QueryParser.NOT_BARE_LABEL.contains(textAt(off));
        if (ends) {
            declinedAt = p;
        }
        return ends;
    }

    private Expr parseNot() {
        if (isKw("not")) {
            final int at = pos();
            p++;
            enter();
            try {
                return new Not(parseNot(), at);
            } finally {
                leave();
            }
        }
        return parseIs();
    }

    private Expr parseIs() {
        Expr e = parseComparison();
        while (true) {
            final int at = pos();
            if (isKw("is")) {
                final int k = isKwAt(1, "not") ? 2 : 1;
                if (!(isKwAt(k, "null") || isKwAt(k, "true") || isKwAt(k, "false") || isKwAt(k, "unknown")
                        || isKwAt(k, "distinct"))) {
                    // not a test: IS may be a bare column label (SELECT 1 is); errors point past it
                    declinedAt = p;
                    return e;
                }
                p++;
                final boolean not = acceptKw("not");
                if (acceptKw("null")) {
                    e = new IsNull(e, not, at);
                } else if (acceptKw("true")) {
                    e = new IsBool(e, BoolTestKind.TRUE, not, at);
                } else if (acceptKw("false")) {
                    e = new IsBool(e, BoolTestKind.FALSE, not, at);
                } else if (acceptKw("unknown")) {
                    e = new IsBool(e, BoolTestKind.UNKNOWN, not, at);
                } else if (acceptKw("distinct")) {
                    expectKw("from");
                    e = new IsDistinctFrom(e, parseComparison(), not, at);
                } else {
                    throw syntaxError();
                }
            } else if (isKw("isnull")) {
                p++;
                e = new IsNull(e, false, at);
            } else if (isKw("notnull")) {
                p++;
                e = new IsNull(e, true, at);
            } else {
                return e;
            }
            // IS binds looser than comparisons, yet (a IS NULL) = b is valid
            e = comparisonTail(e);
        }
    }

    private static boolean isComparison(final String op) {
        return switch (op) {
            case "=", "<>", "<", ">", "<=", ">=" -> true;
            default -> false;
        };
    }

    private static boolean isArithmetic(final String op) {
        return switch (op) {
            case "+", "-", "*", "/", "%", "^" -> true;
            default -> false;
        };
    }

    private Expr parseComparison() {
        final Expr e = parsePattern();
        return comparisonTail(e);
    }

    /** One comparison at most: the operators are non-associative ({@code a < b < c} is an error). */
    private Expr comparisonTail(final Expr e) {
        if (kind() == Lexer.OP && isComparison(text())) {
            final int at = pos();
            final String op = text();
            p++;
            final Expr c = rightOperand(e, op, null, at, true);
            if (kind() == Lexer.OP && isComparison(text())) {
                throw syntaxError();
            }
            return c;
        }
        return e;
    }

    /** The right side of a binary operator: {@code ANY|SOME|ALL (...)} or an operand at the next level. */
    private Expr rightOperand(final Expr left, final String op, final String schema, final int at,
                              final boolean comparisonLevel) {
        if ((isKw("any") || isKw("some") || isKw("all")) && isPunctAt(1, "(")) {
            final Quantifier q = isKw("all") ? Quantifier.ALL : Quantifier.ANY;
            p += 2;
            if (isQueryStart()) {
                final Query sub = parseQuery();
                expectPunct(")");
                return new QuantifiedComparison(left, op, schema, q, null, sub, at);
            }
            final Expr arr = parseExpr();
            expectPunct(")");
            return new QuantifiedComparison(left, op, schema, q, arr, null, at);
        }
        final Expr right = comparisonLevel ? parsePattern() : parseAdditive();
        return new BinaryOp(left, op, schema, right, at);
    }

    private Expr parsePattern() {
        Expr e = parseOperand();
        while (true) {
            final int save = p;
            final int at = pos();
            boolean not = false;
            if (isKw("not")) {
                if (!(isKwAt(1, "between") || isKwAt(1, "in") || isKwAt(1, "like") || isKwAt(1, "ilike")
                        || isKwAt(1, "similar"))) {
                    // NOT after an operand only continues as NOT BETWEEN / IN / LIKE / ILIKE / SIMILAR;
                    // otherwise it ends the expression (and may be a bare column label)
                    return e;
                }
                not = true;
                p++;
            }
            if (acceptKw("between")) {
                boolean symmetric = acceptKw("symmetric");
                if (!symmetric) {
                    acceptKw("asymmetric");
                }
                final Expr lo = parseOperand();
                expectKw("and");
                final Expr hi = parseOperand();
                e = new Between(e, lo, hi, not, symmetric, at);
            } else if (acceptKw("in")) {
                e = inTail(e, not, at);
            } else if (isKw("like") || isKw("ilike")) {
                final LikeKind k = isKw("like") ? LikeKind.LIKE : LikeKind.ILIKE;
                p++;
                e = likeTail(e, k, not, at);
            } else if (isKw("similar") && isKwAt(1, "to")) {
                p += 2;
                e = likeTail(e, LikeKind.SIMILAR, not, at);
            } else {
                p = save;
                return e;
            }
        }
    }

    private Expr likeTail(final Expr e, final LikeKind k, final boolean not, final int at) {
        if ((isKw("any") || isKw("all") || isKw("some")) && isPunctAt(1, "(") && k != LikeKind.SIMILAR) {
            final String op = (not ? "!" : "") + (k == LikeKind.LIKE ? "~~" : "~~*");
            return rightOperand(e, op, null, at, false);
        }
        final Expr pattern = parseOperand();
        final Expr escape = acceptKw("escape") ? parseOperand() : null;
        return new Like(e, pattern, escape, k, not, at);
    }

    private Expr inTail(final Expr e, final boolean not, final int at) {
        if (!isPunct("(")) {
            throw syntaxError();
        }
        if (isQueryStartAt(1)) {
            p++;
            final Query q = parseQuery();
            expectPunct(")");
            return new InSubquery(e, q, not, at);
        }
        if (isPunctAt(1, "(") && parensLeadToQuery()) {
            final int save = p;
            try {
                p++;
                final Query q = parseQuery();
                expectPunct(")");
                return new InSubquery(e, q, not, at);
            } catch (SqlException ex) {
                p = save;
            }
        }
        p++;
        final List<Expr> list = exprList();
        expectPunct(")");
        return new InList(e, list, not, at);
    }

    /** Generic operators ({@code ||}, {@code ~}, {@code OPERATOR(s.op)}, ...) over additive operands. */
    @Override
    final Expr parseOperand() {
        Expr e = parseAdditive();
        while (true) {
            final int at = pos();
            String op;
            String schema = null;
            if (kind() == Lexer.OP && !isComparison(text()) && !isArithmetic(text())) {
                op = text();
                p++;
            } else if (isKw("operator") && isPunctAt(1, "(")) {
                final String[] q = qualifiedOperator();
                schema = q[0];
                op = q[1];
                if (isComparison(op) || isArithmetic(op)) {
                    // OPERATOR(...) always has generic-operator precedence
                    e = rightOperand(e, op, schema, at, false);
                    continue;
                }
            } else {
                return e;
            }
            e = rightOperand(e, op, schema, at, false);
        }
    }

    /** {@code OPERATOR ( [schema .] op )}: returns {schema, op}. */
    private String[] qualifiedOperator() {
        p += 2;
        String schema = null;
        while (kind() == Lexer.IDENT || kind() == Lexer.QIDENT) {
            schema = text();
            p++;
            expectPunct(".");
        }
        if (kind() != Lexer.OP) {
            throw syntaxError();
        }
        final String op = text();
        p++;
        expectPunct(")");
        return new String[] {schema, op};
    }

    private Expr parseAdditive() {
        Expr e = parseMultiplicative();
        while (isOp("+") || isOp("-")) {
            final int at = pos();
            final String op = text();
            p++;
            e = new BinaryOp(e, op, null, parseMultiplicative(), at);
        }
        return e;
    }

    private Expr parseMultiplicative() {
        Expr e = parseExponent();
        while (isOp("*") || isOp("/") || isOp("%")) {
            final int at = pos();
            final String op = text();
            p++;
            e = new BinaryOp(e, op, null, parseExponent(), at);
        }
        return e;
    }

    private Expr parseExponent() {
        Expr e = parseAtTimeZone();
        while (isOp("^")) {
            final int at = pos();
            p++;
            e = new BinaryOp(e, "^", null, parseAtTimeZone(), at);
        }
        return e;
    }

    private Expr parseAtTimeZone() {
        Expr e = parseCollate();
        while (isKw("at") && isKwAt(1, "time") && isKwAt(2, "zone")) {
            final int at = pos();
            p += 3;
            final Expr zone = parseCollate();
            e = FuncCall.of(new QualifiedName(null, "pg_catalog", "timezone", at), List.of(zone, e), at);
        }
        return e;
    }

    private Expr parseCollate() {
        Expr e = parseUnary();
        while (isKw("collate")) {
            final int at = pos();
            p++;
            e = new Collate(e, qualifiedCollation(), at);
        }
        return e;
    }

    private QualifiedName qualifiedCollation() {
        final int at = pos();
        final String first = colLabel();
        if (acceptPunct(".")) {
            return new QualifiedName(null, first, colLabel(), at);
        }
        return new QualifiedName(null, null, first, at);
    }

    private Expr parseUnary() {
        enter();
        try {
            return unary();
        } finally {
            leave();
        }
    }

    private Expr unary() {
        final int at = pos();
        if (isOp("-")) {
            p++;
            final Expr operand = parseUnary();
            if (operand instanceof IntLit i && i.pos() == lx.start[p - 1] && i.value() != Long.MIN_VALUE) {
                return new IntLit(-i.value(), at);
            }
            if (operand instanceof NumericLit n && n.pos() == lx.start[p - 1]) {
                final String neg = n.text().startsWith("-") ? n.text().substring(1) : "-" + n.text();
                if (n.text().indexOf('.') < 0 && n.text().indexOf('e') < 0 && n.text().indexOf('E') < 0) {
                    try {
                        return new IntLit(Long.parseLong(neg), at);
                    } catch (NumberFormatException e) {
                        // stays numeric
                    }
                }
                return new NumericLit(neg, at);
            }
            return new UnaryOp("-", null, operand, at);
        }
        if (isOp("+")) {
            p++;
            return new UnaryOp("+", null, parseUnary(), at);
        }
        if (kind() == Lexer.OP && !isComparison(text()) && !isArithmetic(text())) {
            final String op = text();
            p++;
            return new UnaryOp(op, null, parseAdditive(), at);
        }
        if (isKw("operator") && isPunctAt(1, "(")) {
            final String[] q = qualifiedOperator();
            return new UnaryOp(q[1], q[0], parseAdditive(), at);
        }
        final boolean parenthesised = isPunct("(");
        final Expr primary = parsePrimary();
        return parsePostfix(primary, parenthesised || primary instanceof ColumnRef || primary instanceof Param);
    }

    /**
     * Casts and subscripts after a primary expression. As in PostgreSQL's grammar, only a column reference, a
     * parameter or a parenthesised expression (a subquery among them) takes a subscript: {@code ARRAY[1,2][1]},
     * {@code f(x)[1]} and {@code 'a'[1]} are syntax errors there, and need {@code (ARRAY[1,2])[1]}. A subscript
     * after a cast stays allowed ({@code x::int[] [1]}).
     */
    private Expr parsePostfix(Expr e, boolean subscriptable) {
        while (true) {
            if (isPunct("::")) {
                final int at = pos();
                p++;
                e = new Cast(e, parseTypeName(), at);
                subscriptable = true;
            } else if (isPunct("[")) {
                final int at = pos();
                if (!subscriptable) {
                    throw error("42601", "syntax error at or near \"[\"", at);
                }
                p++;
                Expr lower = null;
                Expr upper = null;
                boolean slice = false;
                if (!isPunct(":")) {
                    lower = parseExpr();
                }
                if (acceptPunct(":")) {
                    slice = true;
                    if (!isPunct("]")) {
                        upper = parseExpr();
                    }
                }
                expectPunct("]");
                e = new Subscript(e, lower, upper, slice, at);
            } else {
                return e;
            }
        }
    }
}
