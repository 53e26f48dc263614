package io.stratum.compute.sql.parser;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.QualifiedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Token cursor, keyword classes and error reporting shared by the parser layers (expressions, queries,
 * DML, DDL, utility statements), each a subclass of the previous.
 */
abstract class ParserBase {
    /** PostgreSQL 15's reserved keywords (never an identifier without quotes). */
    static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "and", "any", "array", "as", "asc",
            "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
            "current_catalog", "current_date", "current_role", "current_time", "current_timestamp", "current_user",
            "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
            "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into", "lateral",
            "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order",
            "placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric", "table",
            "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where",
            "window", "with");
    /** Keywords that may name a function or type but not a column or table alias (type_func_name_keyword). */
    static final Set<String> TYPE_FUNC = Set.of("authorization", "binary", "collation", "concurrently", "cross",
            "current_schema", "freeze", "full", "ilike", "inner", "is", "isnull", "join", "left", "like", "natural",
            "notnull", "outer", "overlaps", "right", "similar", "tablesample", "verbose");

    final Lexer lx;
    final String src;
    int p;
    /** Token index of an IS the expression parser left alone; a syntax error there points past it. */
    int declinedAt = -1;
    /** Nesting depth of expressions and queries (bounded, so deep input cannot overflow the stack). */
    private int depth;
    /** Deepest nesting accepted; PostgreSQL's own limit is its 2 MB max_stack_depth. */
    static final int MAX_DEPTH = 1000;

    ParserBase(final Lexer lx) {
        this.lx = lx;
        this.src = lx.src;
    }

    // ------------------------------------------------------------------ cross-layer entry points

    abstract io.stratum.compute.sql.ast.Expr parseExpr();

    abstract Query parseQuery();

    // ------------------------------------------------------------------ cursor

    final byte kind() {
        return lx.kind[p];
    }

    final byte kindAt(final int off) {
        final int i = Math.min(p + off, lx.count - 1);
        return lx.kind[i];
    }

    final String text() {
        return lx.text[p];
    }

    final String textAt(final int off) {
        return lx.text[Math.min(p + off, lx.count - 1)];
    }

    /** 0-based offset of the current token. */
    final int pos() {
        return lx.start[p];
    }

    final boolean atEnd() {
        return lx.kind[p] == Lexer.EOF || isPunct(";");
    }

    final boolean isKw(final String k) {
        return lx.kind[p] == Lexer.IDENT && lx.text[p].equals(k);
    }

    final boolean isKwAt(final int off, final String k) {
        final int i = Math.min(p + off, lx.count - 1);
        return lx.kind[i] == Lexer.IDENT && lx.text[i].equals(k);
    }

    final boolean acceptKw(final String k) {
        if (isKw(k)) {
            p++;
            return true;
        }
        return false;
    }

    final void expectKw(final String k) {
        if (!acceptKw(k)) {
            throw syntaxError();
        }
    }

    final boolean isPunct(final String s) {
        return lx.kind[p] == Lexer.PUNCT && lx.text[p].equals(s);
    }

    final boolean isPunctAt(final int off, final String s) {
        final int i = Math.min(p + off, lx.count - 1);
        return lx.kind[i] == Lexer.PUNCT && lx.text[i].equals(s);
    }

    final boolean acceptPunct(final String s) {
        if (isPunct(s)) {
            p++;
            return true;
        }
        return false;
    }

    final void expectPunct(final String s) {
        if (!acceptPunct(s)) {
            throw syntaxError();
        }
    }

    final boolean isOp(final String s) {
        return lx.kind[p] == Lexer.OP && lx.text[p].equals(s);
    }

    final boolean acceptOp(final String s) {
        if (isOp(s)) {
            p++;
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ nesting

    /** Enters one nesting level; 54001 past {@link #MAX_DEPTH}. Pair with {@link #leave()}. */
    final void enter() {
        if (++depth > MAX_DEPTH) {
            throw tooDeep();
        }
    }

    /** PostgreSQL's answer to too deep an expression. */
    static SqlException tooDeep() {
        return new SqlException("54001", "stack depth limit exceeded", null,
                "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the "
                        + "platform's stack depth limit is adequate.", 0, null);
    }

    final void leave() {
        depth--;
    }

    // ------------------------------------------------------------------ errors

    /** {@code syntax error at or near "tok"} at the current token, or {@code at end of input}. */
    final SqlException syntaxError() {
        return syntaxErrorAt(p);
    }

    final SqlException syntaxErrorAt(final int t) {
        final int tok = t == declinedAt ? t + 1 : t;
        if (lx.kind[tok] == Lexer.EOF) {
            return new SqlException("42601", "syntax error at end of input", null, null,
                    Parser.charPosition(src, src.length()), null);
        }
        final int s = lx.start[tok];
        return new SqlException("42601", "syntax error at or near \"" + src.substring(s, lx.end[tok]) + "\"", null,
                null, Parser.charPosition(src, s), null);
    }

    final SqlException error(final String state, final String message, final int offset) {
        return new SqlException(state, message, null, null, Parser.charPosition(src, offset), null);
    }

    // ------------------------------------------------------------------ identifiers

    /** True when the current token can be a column, table or alias name (ColId). */
    final boolean isColId() {
        final byte k = kind();
        return k == Lexer.QIDENT || k == Lexer.IDENT && !RESERVED.contains(text()) && !TYPE_FUNC.contains(text());
    }

    /** A ColId: an identifier or non-reserved keyword, not a type/function keyword. */
    final String colId() {
        if (!isColId()) {
            throw syntaxError();
        }
        return lx.text[p++];
    }

    /** True when the current token can be a function or type name (type_function_name). */
    final boolean isTypeFuncName() {
        final byte k = kind();
        return k == Lexer.QIDENT || k == Lexer.IDENT && !RESERVED.contains(text());
    }

    /** Any identifier or keyword (ColLabel): after AS, after a dot, option names. */
    final String colLabel() {
        final byte k = kind();
        if (k != Lexer.IDENT && k != Lexer.QIDENT) {
            throw syntaxError();
        }
        return lx.text[p++];
    }

    /** {@code name | schema.name | catalog.schema.name}. */
    final QualifiedName qualifiedName() {
        final int at = pos();
        final String first = colId();
        if (!isPunct(".")) {
            return new QualifiedName(null, null, first, at);
        }
        p++;
        final String second = colLabel();
        if (!isPunct(".")) {
            return new QualifiedName(null, first, second, at);
        }
        p++;
        final String third = colLabel();
        if (isPunct(".")) {
            throw error("42601", "improper qualified name (too many dotted names): " + first + "." + second + "."
                    + third + "." + textAt(1), at);
        }
        return new QualifiedName(first, second, third, at);
    }

    /** {@code name [, ...]} of qualified names. */
    final List<QualifiedName> qualifiedNameList() {
        final List<QualifiedName> out = new ArrayList<>();
        do {
            out.add(qualifiedName());
        } while (acceptPunct(","));
        return out;
    }

    /** {@code ( name [, ...] )} of ColIds. */
    final List<String> parenNameList() {
        expectPunct("(");
        final List<String> out = new ArrayList<>();
        do {
            out.add(colId());
        } while (acceptPunct(","));
        expectPunct(")");
        return out;
    }

    /** True when the current token starts a query (SELECT, VALUES, WITH, TABLE). */
    final boolean isQueryStart() {
        return isKw("select") || isKw("values") || isKw("with") || isKw("table");
    }

    /** Parses a signed integer literal. */
    final long signedLong() {
        final int at = pos();
        final boolean neg = acceptOp("-");
        if (!neg) {
            acceptOp("+");
        }
        if (kind() != Lexer.INTEGER) {
            throw syntaxError();
        }
        final String t = text();
        p++;
        try {
            return Long.parseLong(neg ? "-" + t : t);
        } catch (NumberFormatException e) {
            throw error("22003", "value \"" + t + "\" is out of range for type bigint", at);
        }
    }

    /** Parses an unsigned int literal (type modifiers, precisions). */
    final int smallInt() {
        final int at = pos();
        if (kind() != Lexer.INTEGER) {
            throw syntaxError();
        }
        final String t = text();
        p++;
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw error("22003", "value \"" + t + "\" is out of range for type integer", at);
        }
    }
}
