package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.CatalogContext;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.IndexSpec;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.ExecContext;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.PlanExprs;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.Cast;
import io.stratum.compute.sql.ast.ColumnRef;
import io.stratum.compute.sql.ast.CreateIndex;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.IndexElem;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.Select;
import io.stratum.compute.sql.ast.SqlValueFunction;
import io.stratum.compute.sql.parser.Parser;
import io.stratum.compute.storage.IndexExpressions;
import io.stratum.compute.types.PgType;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * Expression and partial indexes on the SQL side: {@link #define} checks and deparses the keys and the WHERE of a
 * CREATE INDEX as PostgreSQL's DefineIndex does (42P17 for functions not IMMUTABLE, 0A000 for subqueries, 42803
 * for aggregates, 42P20 for window functions, 42804 for a predicate that is not boolean); {@link #compile} binds
 * the stored text again for {@code storage.TableAccess} to evaluate on rows; {@link #keys} and
 * {@link #predicate} bind it for the planner, which compares bound expressions by their printed form (the same
 * text over the same columns is the same expression). Stateless; threads: none.
 */
public final class IndexExprs {
    /** Functions PostgreSQL marks VOLATILE or STABLE that the binder knows. */
    private static final Set<String> MUTABLE = Set.of("now", "random", "setseed", "nextval", "currval", "setval",
        "lastval", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "timeofday", "current_setting",
        "set_config", "gen_random_uuid", "age", "current_schema", "current_schemas", "current_database", "txid_current",
        "pg_backend_pid", "to_char", "to_timestamp", "random_normal", "uuid_generate_v4",
        "pg_typeof", "version", "current_user", "session_user", "user", "localtime", "localtimestamp", "current_date",
        "current_time", "current_timestamp");

    /** Functions that are IMMUTABLE except over timestamptz (then STABLE: they read the session's time zone). */
    private static final Set<String> ZONED = Set.of("date_part", "extract", "date_trunc");

    private IndexExprs() {
    }

    static Scope scope(final TableDef t) {
        return scope(t, t.name());
    }

    /** The table's columns as one FROM item named {@code alias} (bound names print as the query's do). */
    static Scope scope(final TableDef t, final String alias) {
        return Scope.ofTable(t, alias);
    }

    private static io.stratum.compute.sql.ast.Expr parse(final String text) {
        final Select sel = (Select) ((Query) Parser.parse("SELECT " + text).get(0)).body();
        return sel.items().get(0).expr();
    }

    private static Expr bind(final Binder b, final Scope s, final io.stratum.compute.sql.ast.Expr e, final String clause) {
        final ExprBinder eb = new ExprBinder(b, s);
        eb.clause = clause;
        return eb.bind(e);
    }

    /** The type {@code e} binds to over {@code t}, or null when it does not bind. */
    private static PgType typeOf(final Binder b, final Scope s, final io.stratum.compute.sql.ast.Expr e) {
        try {
            return bind(b, s, e, null).type();
        } catch (final RuntimeException ex) {
            return null;
        }
    }

    /** The checks PostgreSQL's transformIndexStmt and CheckMutability make, {@code what} "expression" or "predicate". */
    private static void check(final Binder b, final Scope s, final io.stratum.compute.sql.ast.Expr e, final String what) {
        if (AstWalk.any(e, n -> n instanceof Query || java.util.Arrays.stream(n.getClass().getRecordComponents())
            .anyMatch(rc -> Query.class.isAssignableFrom(rc.getType())))) {
            throw ExprBinder.err("0A000", "cannot use subquery in index " + what, e.pos());
        }
        if (AstWalk.any(e, n -> n instanceof FuncCall f && f.over() != null)) {
            throw ExprBinder.err("42P20", "window functions are not allowed in index " + what + "s", e.pos());
        }
    }

    private static void checkImmutable(final Binder b, final Scope s, final io.stratum.compute.sql.ast.Expr e,
                                       final String what) {
        final boolean mutable = AstWalk.any(e, n -> n instanceof SqlValueFunction
            || n instanceof FuncCall f && (MUTABLE.contains(f.name().name()) || ZONED.contains(f.name().name())
                && f.args().stream().anyMatch(a -> typeOf(b, s, a) == PgType.TIMESTAMPTZ))
            || n instanceof Cast c && stableCast(typeOf(b, s, c.operand()), typeOf(b, s, c)));
        if (mutable) {
            throw new SqlException("42P17", "functions in index " + what + " must be marked IMMUTABLE");
        }
    }

    /** Casts PostgreSQL implements with STABLE functions: text to and from dates and times, and timestamptz. */
    private static boolean stableCast(final PgType from, final PgType to) {
        if (from == null || to == null || from == to) {
            return false;
        }
        final boolean fromTime = dateTime(from);
        final boolean toTime = dateTime(to);
        return fromTime && SqlTypes.isString(to) || toTime && SqlTypes.isString(from) && from != PgType.UNKNOWN
            || (from == PgType.TIMESTAMPTZ || to == PgType.TIMESTAMPTZ) && fromTime && toTime;
    }

    private static boolean dateTime(final PgType t) {
        return t == PgType.DATE || t == PgType.TIME || t == PgType.TIMESTAMP || t == PgType.TIMESTAMPTZ
            || t == PgType.INTERVAL;
    }

    /** FigureColnameInternal: the name a key contributes to a generated index name. */
    private static String figureName(final io.stratum.compute.sql.ast.Expr e) {
        if (e instanceof ColumnRef c) {
            return c.column();
        }
        if (e instanceof FuncCall f) {
            return f.name().name();
        }
        if (e instanceof Cast c) {
            final String inner = c.operand() instanceof ColumnRef || c.operand() instanceof FuncCall ? figureName(c.operand())
                : null;
            return inner != null ? inner : c.type().name();
        }
        if (e instanceof io.stratum.compute.sql.ast.Case) {
            return "case";
        }
        return "expr";
    }

    /**
     * The IndexSpec of a CREATE INDEX over {@code t}: plain columns (also {@code ((col))}), expressions checked,
     * typed and deparsed, the predicate checked and deparsed.
     */
    public static IndexSpec define(final CatalogSnapshot snapshot, final CatalogContext session, final TableDef t,
                                   final CreateIndex c) {
        final BindContext bc = new BindContext(snapshot, session, ZoneOffset.UTC, List.of());
        // DefineIndex plans the expressions (CheckMutability): CREATE INDEX ON t ((c + 1 / 0)) fails with 22012
        bc.foldConstants();
        final Binder b = new Binder(bc);
        final Scope s = scope(t);
        if (AstWalk.any(c.elems(), n -> n instanceof io.stratum.compute.sql.ast.FuncCall f
            && !snapshot.functions(session, f.name().schema(), f.name().name()).isEmpty())
            || AstWalk.any(c.where(), n -> n instanceof io.stratum.compute.sql.ast.FuncCall f
            && !snapshot.functions(session, f.name().schema(), f.name().name()).isEmpty())) {
            throw new SqlException("0A000", "user-defined functions in index expressions and predicates are not supported");
        }
        final List<String> columns = new ArrayList<>();
        final List<String> exprs = new ArrayList<>();
        final List<Integer> types = new ArrayList<>();
        final List<String> pretty = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        for (final IndexElem e : c.elems()) {
            final io.stratum.compute.sql.ast.Expr x = e.expr();
            if (e.column() != null || x instanceof ColumnRef r && r.parts().size() == 1) {
                final String col = e.column() != null ? e.column() : ((ColumnRef) x).column();
                columns.add(col);
                names.add(col);
                continue;
            }
            check(b, s, x, "expression");
            final Expr bound = bind(b, s, x, "index expressions");
            checkImmutable(b, s, x, "expression");
            columns.add(null);
            final PgType type = bound.type() == PgType.UNKNOWN ? PgType.TEXT : bound.type();
            types.add(type.oid());
            exprs.add(new IndexDeparse(false, y -> typeOf(b, s, y)).top(x));
            pretty.add(new IndexDeparse(true, y -> typeOf(b, s, y)).top(x));
            names.add(figureName(x));
        }
        String predicate = null;
        String prettyPredicate = null;
        if (c.where() != null) {
            check(b, s, c.where(), "predicate");
            Coerce.toBool(bind(b, s, c.where(), "index predicates"), "WHERE", b.ctx, c.where().pos());
            checkImmutable(b, s, c.where(), "predicate");
            predicate = new IndexDeparse(false, y -> typeOf(b, s, y)).top(c.where());
            prettyPredicate = new IndexDeparse(true, y -> typeOf(b, s, y)).top(c.where());
            pretty.add(prettyPredicate);
        }
        return new IndexSpec(c.name(), c.table().schema(), c.table().name(), columns, c.unique(), c.ifNotExists(),
            exprs, types.stream().mapToInt(Integer::intValue).toArray(), predicate, uniqueNames(names), pretty);
    }

    /** ChooseIndexColumnNames: a repeated name gets a number ({@code expr}, {@code expr1}). */
    private static List<String> uniqueNames(final List<String> names) {
        final List<String> out = new ArrayList<>();
        for (final String n : names) {
            String name = n;
            for (int i = 1; out.contains(name); i++) {
                name = n + i;
            }
            out.add(name);
        }
        return out;
    }

    /** A builtins-only context: stored index expressions call built-in functions over the table's columns. */
    private static Binder binder(final CatalogSnapshot snapshot) {
        return new Binder(new BindContext(snapshot, CatalogContext.of("stratum", "stratum"), ZoneOffset.UTC, List.of()));
    }

    private static final class Holder {
        static final CatalogSnapshot BUILTINS = CatalogSnapshot.builtins();
    }

    /** The index's expressions and predicate bound over {@code t}'s rows, for TableAccess. */
    public static IndexExpressions compile(final TableDef t, final IndexDef i) {
        final Binder b = binder(Holder.BUILTINS);
        final Scope s = scope(t);
        final Expr[] keys = new Expr[i.exprs().size()];
        final BitSet read = new BitSet();
        boolean known = true;
        for (int k = 0; k < keys.length; k++) {
            Expr e = bind(b, s, parse(i.exprs().get(k)), null);
            if (e.type() == PgType.UNKNOWN) {
                e = Coerce.to(e, PgType.TEXT, b.ctx);
            }
            keys[k] = e;
            known &= PlanExprs.columns(e, read);
        }
        final Expr pred = i.predicate() == null ? null : bind(b, s, parse(i.predicate()), null);
        if (pred != null) {
            known &= PlanExprs.columns(pred, read);
        }
        final int[] columns = known ? read.stream().toArray() : null;
        final ExecContext cx = new ExecContext(null, IMMUTABLE_ENV, Long.MAX_VALUE, Long.MAX_VALUE);
        return new IndexExpressions() {
            @Override
            public PgType type(final int k) {
                return keys[k].type();
            }

            @Override
            public Object value(final int k, final Object[] row) {
                return keys[k].eval(row, cx);
            }

            @Override
            public boolean covers(final Object[] row) {
                return pred == null || Boolean.TRUE.equals(pred.eval(row, cx));
            }

            @Override
            public int[] columns() {
                return columns;
            }
        };
    }

    /**
     * What an immutable expression may ask of the session: the zone of casts that print or read values (UTC:
     * IMMUTABLE expressions do not depend on it); anything else is refused.
     */
    private static final io.stratum.compute.exec.Env IMMUTABLE_ENV = new io.stratum.compute.exec.Env() {
        private SqlException refused() {
            return new SqlException("42P17", "functions in index expression must be marked IMMUTABLE");
        }

        @Override
        public java.time.ZoneId zone() {
            return ZoneOffset.UTC;
        }

        @Override
        public String setting(final String name) {
            throw refused();
        }

        @Override
        public java.time.OffsetDateTime transactionTimestamp() {
            throw refused();
        }

        @Override
        public java.time.OffsetDateTime statementTimestamp() {
            throw refused();
        }

        @Override
        public Object call(final String function, final Object[] args) {
            throw refused();
        }

        @Override
        public io.stratum.compute.storage.RowCursor scan(final TableDef table) {
            throw refused();
        }

        @Override
        public io.stratum.compute.storage.RowCursor indexScan(final TableDef table, final IndexDef index, final Object[] low,
                                                              final int lowCount, final boolean lowInclusive,
                                                              final Object[] high, final int highCount,
                                                              final boolean highInclusive) {
            throw refused();
        }

        @Override
        public List<Object[]> systemRows(final io.stratum.compute.catalog.pg.SystemRelation relation) {
            throw refused();
        }

        @Override
        public Object[] lockRow(final TableDef table, final Object[] row, final int tidIndex, final boolean share,
                                final int waitPolicy, final Expr recheck, final ExecContext cx) {
            throw refused();
        }
    };

    /** The index's expression keys bound over the table's row (cached per statement in {@code ctx}). */
    static Expr[] keys(final TableDef t, final IndexDef i, final BindContext ctx) {
        return keys(t, t.name(), i, ctx);
    }

    /** As {@link #keys(TableDef, IndexDef, BindContext)}, the table named {@code alias}. */
    static Expr[] keys(final TableDef t, final String alias, final IndexDef i, final BindContext ctx) {
        final String key = "index-keys:" + i.oid() + ":" + i.relfilenode() + ":" + alias;
        final Object cached = ctx.cache.get(key);
        if (cached != null) {
            return (Expr[]) cached;
        }
        final Binder b = new Binder(ctx);
        final Scope s = scope(t, alias);
        final Expr[] out = new Expr[i.exprs().size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = bind(b, s, parse(i.exprs().get(k)), null);
        }
        ctx.cache.put(key, out);
        return out;
    }

    /** The conjuncts of the index's predicate bound over the table's row, empty without one. */
    static List<Expr> predicate(final TableDef t, final String alias, final IndexDef i, final BindContext ctx) {
        if (i.predicate() == null) {
            return List.of();
        }
        final String key = "index-pred:" + i.oid() + ":" + i.relfilenode() + ":" + alias;
        @SuppressWarnings("unchecked")
        final List<Expr> cached = (List<Expr>) ctx.cache.get(key);
        if (cached != null) {
            return cached;
        }
        final List<Expr> out = PlanExprs.conjuncts(bind(new Binder(ctx), scope(t, alias), parse(i.predicate()), null));
        ctx.cache.put(key, out);
        return out;
    }

    /**
     * Whether {@code conjuncts} (over the table's row) imply the index's predicate: each of its conjuncts is one of
     * them, or is {@code col IS NOT NULL} and some conjunct is a comparison of col with a row-free value (strict).
     */
    static boolean implied(final TableDef t, final String alias, final IndexDef i, final List<Expr> conjuncts,
                           final BindContext ctx) {
        if (i.predicate() == null) {
            return true;
        }
        final List<Expr> pred = predicate(t, alias, i, ctx);
        outer:
        for (final Expr p : pred) {
            final String text = p.explain();
            for (final Expr q : conjuncts) {
                if (q.explain().equals(text)) {
                    continue outer;
                }
            }
            for (final Expr q : conjuncts) {
                if (q instanceof io.stratum.compute.exec.Exprs.Cmp cmp && notNullOf(p, cmp.left, cmp.right, t)) {
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    /** Whether {@code p} is {@code c IS NOT NULL} for a column c that one side of a strict comparison is. */
    private static boolean notNullOf(final Expr p, final Expr left, final Expr right, final TableDef t) {
        for (final Expr side : new Expr[] {left, right}) {
            final Expr other = side == left ? right : left;
            if (side instanceof io.stratum.compute.exec.Exprs.Col col && PlanExprs.rowFree(other)
                && p.explain().equals(isNotNullText(col))) {
                return true;
            }
        }
        return false;
    }

    private static String isNotNullText(final io.stratum.compute.exec.Exprs.Col col) {
        return new io.stratum.compute.exec.Exprs.Is(col, 'N', true).explain();
    }

    /** The conjuncts of the index's predicate that appear among {@code conjuncts} (enforced by scanning it). */
    static List<Expr> predicateConjuncts(final TableDef t, final String alias, final IndexDef i,
                                         final List<Expr> conjuncts, final BindContext ctx) {
        final List<Expr> out = new ArrayList<>();
        for (final Expr p : predicate(t, alias, i, ctx)) {
            for (final Expr q : conjuncts) {
                if (q.explain().equals(p.explain())) {
                    out.add(q);
                }
            }
        }
        return out;
    }
}
