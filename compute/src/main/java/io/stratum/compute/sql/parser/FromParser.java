package io.stratum.compute.sql.parser;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.ColumnDef;
import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.FromItem;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.FunctionRef;
import io.stratum.compute.sql.ast.Join;
import io.stratum.compute.sql.ast.JoinKind;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.SubqueryRef;
import io.stratum.compute.sql.ast.TableRef;
import io.stratum.compute.sql.ast.Values;
import io.stratum.compute.sql.ast.ValuesRef;
import java.util.ArrayList;
import java.util.List;

/** FROM lists: tables, subqueries, VALUES, table functions, joins, aliases, LATERAL. */
abstract class FromParser extends QueryParser {
    FromParser(final Lexer lx) {
        super(lx);
    }

    @Override
    final List<FromItem> parseFromList() {
        final List<FromItem> out = new ArrayList<>();
        do {
            out.add(fromItem());
        } while (acceptPunct(","));
        return List.copyOf(out);
    }

    private FromItem fromItem() {
        enter();
        try {
            return joins();
        } finally {
            leave();
        }
    }

    private FromItem joins() {
        FromItem left = tablePrimary();
        while (true) {
            final int at = pos();
            if (isKw("cross") && isKwAt(1, "join")) {
                p += 2;
                left = new Join(JoinKind.CROSS, left, tablePrimary(), null, List.of(), false, null, at);
                continue;
            }
            final int save = p;
            final boolean natural = acceptKw("natural");
            final JoinKind kind;
            if (acceptKw("join")) {
                kind = JoinKind.INNER;
            } else if (isKw("inner") && isKwAt(1, "join")) {
                p += 2;
                kind = JoinKind.INNER;
            } else if (isKw("left") || isKw("right") || isKw("full")) {
                kind = isKw("left") ? JoinKind.LEFT : isKw("right") ? JoinKind.RIGHT : JoinKind.FULL;
                p++;
                acceptKw("outer");
                expectKw("join");
            } else {
                if (natural) {
                    p = save;
                    throw syntaxErrorAt(p + 1);
                }
                return left;
            }
            final FromItem right = tablePrimary();
            if (natural) {
                left = new Join(kind, left, right, null, List.of(), true, null, at);
            } else if (acceptKw("on")) {
                left = new Join(kind, left, right, parseExpr(), List.of(), false, null, at);
            } else if (isKw("using")) {
                p++;
                final List<String> cols = parenNameList();
                final String alias = acceptKw("as") ? colId() : null;
                left = new Join(kind, left, right, null, cols, false, alias, at);
            } else {
                throw syntaxError();
            }
        }
    }

    private FromItem tablePrimary() {
        final int at = pos();
        final boolean lateral = acceptKw("lateral");
        if (isPunct("(")) {
            final int parenAt = pos();
            final Query q = tryParenQuery();
            if (q != null) {
                final String alias = aliasName();
                final List<String> cols = alias != null && isPunct("(") ? parenNameList() : List.of();
                final boolean values = q.body() instanceof Values && q.with() == null && q.orderBy().isEmpty()
                        && q.limit() == null && q.offset() == null;
                if (alias == null) {
                    // PostgreSQL 15 requires the alias (16 made it optional)
                    throw new SqlException("42601", values ? "VALUES in FROM must have an alias"
                            : "subquery in FROM must have an alias", null, values
                            ? "For example, FROM (VALUES ...) [AS] foo." : "For example, FROM (SELECT ...) [AS] foo.",
                            Parser.charPosition(src, parenAt), null);
                }
                if (values && q.body() instanceof Values v) {
                    return new ValuesRef(v, lateral, alias, cols, at);
                }
                return new SubqueryRef(q, lateral, alias, cols, at);
            }
            if (lateral) {
                throw syntaxErrorAt(p + 1);
            }
            p++;
            final FromItem inner = fromItem();
            expectPunct(")");
            final String alias = aliasName();
            if (alias != null && inner instanceof Join j) {
                return new Join(j.kind(), j.left(), j.right(), j.on(), j.using(), j.natural(), alias, j.pos());
            }
            return inner;
        }
        final boolean only = acceptKw("only");
        final boolean parenOnly = only && acceptPunct("(");
        final QualifiedName name = qualifiedName();
        if (parenOnly) {
            expectPunct(")");
        }
        if (!only && isPunct("(")) {
            final FuncCall call = funcCall(name, at);
            boolean ordinality = false;
            if (isKw("with") && isKwAt(1, "ordinality")) {
                p += 2;
                ordinality = true;
            }
            final String alias = aliasName();
            List<String> cols = List.of();
            List<ColumnDef> defs = List.of();
            if (isPunct("(")) {
                if (alias == null) {
                    throw syntaxError();
                }
                final int save = p;
                try {
                    cols = parenNameList();
                } catch (SqlException e) {
                    p = save;
                    defs = columnDefList();
                }
            }
            return new FunctionRef(call, lateral, ordinality, alias, cols, defs, at);
        }
        if (lateral) {
            throw syntaxErrorAt(p);
        }
        final String alias = aliasName();
        final List<String> cols = alias != null && isPunct("(") ? parenNameList() : List.of();
        return new TableRef(name, only, alias, cols, at);
    }

    private List<ColumnDef> columnDefList() {
        expectPunct("(");
        final List<ColumnDef> defs = new ArrayList<>();
        do {
            final int at = pos();
            final String n = colId();
            defs.add(new ColumnDef(n, parseTypeName(), null, List.of(), at));
        } while (acceptPunct(","));
        expectPunct(")");
        return List.copyOf(defs);
    }

    /** {@code [AS] alias} or null; a bare alias must be a ColId. */
    final String aliasName() {
        if (acceptKw("as")) {
            return colId();
        }
        if (isColId() && !isKw("set")) {
            return colId();
        }
        return null;
    }

    /** The alias of an UPDATE/DELETE/INSERT target ({@code SET} is never an alias there). */
    final String targetAlias() {
        return aliasName();
    }
}
