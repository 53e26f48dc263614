package io.stratum.compute.sql.parser;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.Cte;
import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.IntLit;
import io.stratum.compute.sql.ast.LockStrength;
import io.stratum.compute.sql.ast.LockWait;
import io.stratum.compute.sql.ast.LockingClause;
import io.stratum.compute.sql.ast.NullOrdering;
import io.stratum.compute.sql.ast.OrderItem;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.QueryBody;
import io.stratum.compute.sql.ast.Select;
import io.stratum.compute.sql.ast.SelectItem;
import io.stratum.compute.sql.ast.SetOp;
import io.stratum.compute.sql.ast.SetOpKind;
import io.stratum.compute.sql.ast.SortOrder;
import io.stratum.compute.sql.ast.Star;
import io.stratum.compute.sql.ast.TableRef;
import io.stratum.compute.sql.ast.Values;
import io.stratum.compute.sql.ast.WindowDef;
import io.stratum.compute.sql.ast.With;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Queries: WITH, set operations, SELECT blocks, VALUES, ORDER BY, LIMIT/OFFSET/FETCH, locking. */
abstract class QueryParser extends ExprParser {
    /** PostgreSQL 15's keywords that cannot be a column label without AS (pg_get_keywords().barelabel). */
    static final Set<String> NOT_BARE_LABEL = Set.of("array", "as", "char", "character", "create", "day", "except",
            "fetch", "filter", "for", "from", "grant", "group", "having", "hour", "intersect", "into", "isnull",
            "limit", "minute", "month", "notnull", "offset", "on", "order", "over", "overlaps", "precision",
            "returning", "second", "to", "union", "varying", "where", "window", "with", "within", "without", "year");

    QueryParser(final Lexer lx) {
        super(lx);
    }

    abstract List<io.stratum.compute.sql.ast.FromItem> parseFromList();

    /** A query, INSERT, UPDATE or DELETE, each with its own WITH (see {@code DmlParser}). */
    abstract io.stratum.compute.sql.ast.Statement parsePreparable();

    @Override
    final Query parseQuery() {
        enter();
        try {
            final int at = pos();
            final With with = isKw("with") ? parseWith() : null;
            final QueryBody body = parseUnion();
            return queryTail(with, body, at);
        } finally {
            leave();
        }
    }

    final With parseWith() {
        final int at = pos();
        expectKw("with");
        final boolean recursive = acceptKw("recursive");
        final List<Cte> ctes = new ArrayList<>();
        do {
            final int cat = pos();
            final String name = colId();
            final List<String> cols = isPunct("(") ? parenNameList() : List.of();
            expectKw("as");
            Boolean materialized = null;
            if (acceptKw("materialized")) {
                materialized = Boolean.TRUE;
            } else if (isKw("not") && isKwAt(1, "materialized")) {
                p += 2;
                materialized = Boolean.FALSE;
            }
            expectPunct("(");
            final io.stratum.compute.sql.ast.Statement body = parsePreparable();
            expectPunct(")");
            ctes.add(new Cte(name, cols, materialized, body, cat));
        } while (acceptPunct(","));
        return new With(recursive, List.copyOf(ctes), at);
    }

    private Query queryTail(final With with, final QueryBody body, final int at) {
        List<OrderItem> orderBy = List.of();
        if (acceptKw("order")) {
            expectKw("by");
            orderBy = parseOrderList();
        }
        Expr limit = null;
        Expr offset = null;
        List<LockingClause> locking = List.of();
        boolean limitSeen = false;
        boolean offsetSeen = false;
        while (true) {
            if (isKw("limit") && !limitSeen) {
                final int limitAt = pos();
                p++;
                limitSeen = true;
                if (!acceptKw("all")) {
                    limit = parseExpr();
                }
                if (isPunct(",")) {
                    throw new SqlException("42601", "LIMIT #,# syntax is not supported", null,
                            "Use separate LIMIT and OFFSET clauses.", Parser.charPosition(src, limitAt), null);
                }
            } else if (isKw("offset") && !offsetSeen) {
                p++;
                offsetSeen = true;
                offset = parseExpr();
                if (!acceptKw("rows")) {
                    acceptKw("row");
                }
            } else if (isKw("fetch") && !limitSeen) {
                p++;
                limitSeen = true;
                if (!acceptKw("first")) {
                    expectKw("next");
                }
                if (isKw("row") || isKw("rows")) {
                    limit = new IntLit(1, pos());
                } else {
                    limit = parseOperand();
                }
                if (!acceptKw("rows")) {
                    expectKw("row");
                }
                if (!acceptKw("only")) {
                    expectKw("with");
                    expectKw("ties");
                }
            } else if (isKw("for") && locking.isEmpty()) {
                locking = lockingClauses();
            } else {
                break;
            }
        }
        return new Query(with, body, orderBy, limit, offset, locking, at);
    }

    private List<LockingClause> lockingClauses() {
        final List<LockingClause> out = new ArrayList<>();
        while (isKw("for")) {
            final int at = pos();
            p++;
            if (isKw("read") && isKwAt(1, "only")) {
                p += 2;
                continue;
            }
            final LockStrength s;
            if (acceptKw("update")) {
                s = LockStrength.UPDATE;
            } else if (acceptKw("share")) {
                s = LockStrength.SHARE;
            } else if (acceptKw("no")) {
                expectKw("key");
                expectKw("update");
                s = LockStrength.NO_KEY_UPDATE;
            } else {
                expectKw("key");
                expectKw("share");
                s = LockStrength.KEY_SHARE;
            }
            List<QualifiedName> of = List.of();
            if (acceptKw("of")) {
                of = List.copyOf(qualifiedNameList());
            }
            LockWait w = LockWait.BLOCK;
            if (acceptKw("nowait")) {
                w = LockWait.NOWAIT;
            } else if (isKw("skip") && isKwAt(1, "locked")) {
                p += 2;
                w = LockWait.SKIP_LOCKED;
            }
            out.add(new LockingClause(s, of, w, at));
        }
        return List.copyOf(out);
    }

    private QueryBody parseUnion() {
        QueryBody left = parseIntersect();
        while (isKw("union") || isKw("except")) {
            final int at = pos();
            final SetOpKind k = isKw("union") ? SetOpKind.UNION : SetOpKind.EXCEPT;
            p++;
            final boolean all = acceptKw("all");
            if (!all) {
                acceptKw("distinct");
            }
            left = new SetOp(k, all, left, parseIntersect(), at);
        }
        return left;
    }

    private QueryBody parseIntersect() {
        QueryBody left = queryPrimary();
        while (isKw("intersect")) {
            final int at = pos();
            p++;
            final boolean all = acceptKw("all");
            if (!all) {
                acceptKw("distinct");
            }
            left = new SetOp(SetOpKind.INTERSECT, all, left, queryPrimary(), at);
        }
        return left;
    }

    private QueryBody queryPrimary() {
        final int at = pos();
        if (isKw("select")) {
            return parseSelect();
        }
        if (isKw("values")) {
            return parseValues();
        }
        if (isKw("table")) {
            p++;
            final QualifiedName t = qualifiedName();
            return new Select(false, List.of(), List.of(new SelectItem(new Star(List.of(), at), null, at)),
                    List.of(new TableRef(t, false, null, List.of(), t.pos())), null, List.of(), null, List.of(), at);
        }
        if (isPunct("(")) {
            p++;
            final Query q = parseQuery();
            expectPunct(")");
            if (q.with() == null && q.orderBy().isEmpty() && q.limit() == null && q.offset() == null
                    && q.locking().isEmpty()) {
                return q.body();
            }
            return q;
        }
        throw syntaxError();
    }

    final Values parseValues() {
        final int at = pos();
        expectKw("values");
        final List<List<Expr>> rows = new ArrayList<>();
        do {
            expectPunct("(");
            final int rat = pos();
            final List<Expr> row = exprList();
            expectPunct(")");
            if (!rows.isEmpty() && rows.get(0).size() != row.size()) {
                throw error("42601", "VALUES lists must all be the same length", rat);
            }
            rows.add(row);
        } while (acceptPunct(","));
        return new Values(List.copyOf(rows), at);
    }

    private boolean selectListEnds() {
        if (atEnd() || isPunct(")")) {
            return true;
        }
        if (kind() != Lexer.IDENT) {
            return false;
        }
        return switch (text()) {
            case "from", "where", "group", "having", "window", "order", "limit", "offset", "fetch", "for", "union",
                    "intersect", "except", "into", "on", "returning" -> true;
            default -> false;
        };
    }

    private Select parseSelect() {
        final int at = pos();
        expectKw("select");
        boolean distinct = false;
        List<Expr> distinctOn = List.of();
        if (acceptKw("distinct")) {
            distinct = true;
            if (acceptKw("on")) {
                expectPunct("(");
                distinctOn = exprList();
                expectPunct(")");
            }
        } else {
            acceptKw("all");
        }
        final List<SelectItem> items = selectListEnds() ? List.of() : parseSelectList();
        if (isKw("into")) {
            throw error("0A000", "SELECT ... INTO is not supported", pos());
        }
        final List<io.stratum.compute.sql.ast.FromItem> from = acceptKw("from") ? parseFromList() : List.of();
        final Expr where = acceptKw("where") ? parseExpr() : null;
        List<Expr> groupBy = List.of();
        if (acceptKw("group")) {
            expectKw("by");
            if (!acceptKw("all")) {
                acceptKw("distinct");
            }
            groupBy = exprList();
        }
        final Expr having = acceptKw("having") ? parseExpr() : null;
        List<WindowDef> windows = List.of();
        if (isKw("window")) {
            p++;
            final List<WindowDef> ws = new ArrayList<>();
            do {
                final int wat = pos();
                final String name = colId();
                expectKw("as");
                ws.add(new WindowDef(name, windowSpec(), wat));
            } while (acceptPunct(","));
            windows = List.copyOf(ws);
        }
        return new Select(distinct, distinctOn, items, from, where, groupBy, having, windows, at);
    }

    /** {@code item [, ...]} of a select list or RETURNING. */
    final List<SelectItem> parseSelectList() {
        final List<SelectItem> items = new ArrayList<>();
        do {
            items.add(selectItem());
        } while (acceptPunct(","));
        return List.copyOf(items);
    }

    private SelectItem selectItem() {
        final int at = pos();
        if (isOp("*")) {
            p++;
            return new SelectItem(new Star(List.of(), at), null, at);
        }
        final Expr e = parseExpr();
        String alias = null;
        if (acceptKw("as")) {
            alias = colLabel();
        } else if (kind() == Lexer.QIDENT || kind() == Lexer.IDENT && !NOT_BARE_LABEL.contains(text())) {
            alias = text();
            p++;
        }
        return new SelectItem(e, alias, at);
    }

    @Override
    final List<OrderItem> parseOrderList() {
        final List<OrderItem> out = new ArrayList<>();
        do {
            final int at = pos();
            final Expr e = parseExpr();
            SortOrder order = SortOrder.DEFAULT;
            String using = null;
            if (acceptKw("asc")) {
                order = SortOrder.ASC;
            } else if (acceptKw("desc")) {
                order = SortOrder.DESC;
            } else if (acceptKw("using")) {
                order = SortOrder.USING;
                if (kind() == Lexer.OP) {
                    using = text();
                    p++;
                } else if (isKw("operator") && isPunctAt(1, "(")) {
                    p += 2;
                    while (kind() == Lexer.IDENT || kind() == Lexer.QIDENT) {
                        p++;
                        expectPunct(".");
                    }
                    if (kind() != Lexer.OP) {
                        throw syntaxError();
                    }
                    using = text();
                    p++;
                    expectPunct(")");
                } else {
                    throw syntaxError();
                }
            }
            NullOrdering nulls = NullOrdering.DEFAULT;
            if (acceptKw("nulls")) {
                if (acceptKw("first")) {
                    nulls = NullOrdering.FIRST;
                } else {
                    expectKw("last");
                    nulls = NullOrdering.LAST;
                }
            }
            out.add(new OrderItem(e, order, nulls, using, at));
        } while (acceptPunct(","));
        return List.copyOf(out);
    }

    /** Tries {@code ( query )} at the current '(': the query, or null with the cursor restored. */
    final Query tryParenQuery() {
        if (isQueryStartAt(1)) {
            p++;
            final Query q = parseQuery();
            expectPunct(")");
            return q;
        }
        if (isPunctAt(1, "(") && parensLeadToQuery()) {
            final int save = p;
            try {
                p++;
                final Query q = parseQuery();
                expectPunct(")");
                return q;
            } catch (SqlException e) {
                p = save;
            }
        }
        return null;
    }
}
