package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.Relation;
import io.stratum.compute.catalog.SequenceDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.catalog.ViewDef;
import io.stratum.compute.catalog.pg.SystemColumn;
import io.stratum.compute.catalog.pg.SystemRelation;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.Joins;
import io.stratum.compute.exec.Nodes;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.exec.Scans;
import io.stratum.compute.exec.SortNodes;
import io.stratum.compute.exec.SqlFunctionCall;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.BinaryOp;
import io.stratum.compute.sql.ast.FromItem;
import io.stratum.compute.sql.ast.FunctionRef;
import io.stratum.compute.sql.ast.IntLit;
import io.stratum.compute.sql.ast.Join;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.QueryBody;
import io.stratum.compute.sql.ast.Select;
import io.stratum.compute.sql.ast.SetOp;
import io.stratum.compute.sql.ast.SubqueryRef;
import io.stratum.compute.sql.ast.TableRef;
import io.stratum.compute.sql.ast.Values;
import io.stratum.compute.sql.ast.ValuesRef;
import io.stratum.compute.sql.ast.With;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds queries: FROM items to scans and joins (index scans for equality and range predicates on an index's
 * leading columns, hash joins for equi-joins), SELECT lists, grouping, windows, set operations, ORDER BY and
 * LIMIT. One per statement; not thread-safe.
 */
public final class Binder {
    /** A bound query: its plan, and whether it refers to an enclosing query's columns. */
    public record Bound(PlanNode plan, boolean correlated) {
    }

    /** A common table expression in scope; {@code plan} null for a data-modifying one without RETURNING. */
    record Cte(String name, PlanNode plan) {
    }

    /** A bound FROM item: its plan, its own scope (offsets from 0), and whether it reads the items before it. */
    record Item(PlanNode plan, Scope local, boolean lateral) {
        Item(final PlanNode plan, final Scope local) {
            this(plan, local, false);
        }
    }

    final BindContext ctx;
    private final List<boolean[]> correlation = new ArrayList<>();
    private final Map<Expr, List<OutCol>> records = new IdentityHashMap<>();
    /**
     * Set when binding the target of UPDATE ... FROM / DELETE ... USING: the next scan of this table carries
     * TIDs, visible in its scope as one more entry named {@link #TID_ENTRY} (then the field is cleared).
     */
    TableDef tidTable;
    static final String TID_ENTRY = "*tid*";
    /** The target of the UPDATE or DELETE being bound: a table even where a CTE of that name is in scope. */
    TableRef dmlTarget;

    public Binder(final BindContext ctx) {
        this.ctx = ctx;
    }

    public BindContext context() {
        return ctx;
    }

    void markCorrelated(final int levelsUp) {
        for (final boolean[] c : correlation) {
            c[0] = true;
        }
    }

    void registerRecord(final Expr e, final List<OutCol> fields) {
        if (fields != null) {
            records.put(e, fields);
        }
    }

    List<OutCol> recordFields(final Expr e) {
        return records.get(e);
    }

    /** Binds a top-level query (its WITH may hold data-modifying statements). */
    public Bound query(final Query q) {
        return new Bound(bindQuery(q, null, true), false);
    }

    /** Subqueries bound so far (a WHERE conjunct with one is evaluated above the joins). */
    int subqueries;

    Bound subquery(final Query q, final Scope outer) {
        subqueries++;
        final boolean[] c = new boolean[1];
        correlation.add(c);
        try {
            final PlanNode p = bindQuery(q, outer);
            return new Bound(p, c[0]);
        } finally {
            correlation.remove(correlation.size() - 1);
        }
    }

    PlanNode bindQuery(final Query q, final Scope outer) {
        return bindQuery(q, outer, false);
    }

    /** A SQL function's body statement over its parameters' scope (correlation within the body, not the caller's). */
    PlanNode functionBody(final Query q, final Scope params) {
        final List<boolean[]> saved = new ArrayList<>(correlation);
        correlation.clear();
        try {
            return bindQuery(q, params);
        } finally {
            correlation.clear();
            correlation.addAll(saved);
        }
    }

    private PlanNode bindQuery(final Query q, final Scope outer, final boolean top) {
        final boolean pushed = pushCtes(q.with(), q, outer, top);
        try {
            PlanNode plan;
            if (q.body() instanceof Select) {
                final SelectBinder sb = new SelectBinder(this, (Select) q.body(), outer);
                sb.limitHint = q.limit() == null ? -1 : q.limit() instanceof IntLit && (q.offset() == null
                    || q.offset() instanceof IntLit) ? ((IntLit) q.limit()).value() + (q.offset() == null ? 0
                    : ((IntLit) q.offset()).value()) : Double.NaN;
                plan = sb.bind(q.orderBy(), q.locking());
            } else {
                plan = bindBody(q.body(), outer);
                if (!q.orderBy().isEmpty()) {
                    plan = sortOutputs(plan, q.orderBy(), outer);
                }
            }
            if (q.limit() != null || q.offset() != null) {
                final ExprBinder eb = new ExprBinder(this, new Scope(outer));
                final Expr lim = q.limit() == null ? null : Coerce.to(eb.bind(q.limit()), PgType.INT8, ctx);
                final Expr off = q.offset() == null ? null : Coerce.to(eb.bind(q.offset()), PgType.INT8, ctx);
                plan = new Nodes.Limit(plan, lim, off);
            }
            return plan;
        } finally {
            if (pushed) {
                popCtes();
            }
        }
    }

    void popCtes() {
        ctx.ctes.remove(ctx.ctes.size() - 1);
    }

    /** Binds a WITH clause into a new innermost scope of CTEs (see {@link WithClauses#push}). */
    boolean pushCtes(final With with, final Object statement, final Scope outer, final boolean top) {
        return WithClauses.push(this, with, statement, outer, top);
    }

    static PlanNode rename(final PlanNode p, final List<String> names) {
        return rename(p, names, "table");
    }

    /** Column aliases over {@code p}; 42P10 naming {@code what} ("table", "WITH query \"x\"") when too many. */
    static PlanNode rename(final PlanNode p, final List<String> names, final String what) {
        final List<OutCol> cols = new ArrayList<>(p.columns());
        if (names.size() > cols.size()) {
            throw new SqlException("42P10", what + " has " + cols.size() + " columns available but " + names.size()
                + " columns specified");
        }
        for (int i = 0; i < names.size(); i++) {
            cols.set(i, cols.get(i).renamed(names.get(i)));
        }
        return new Nodes.Alias(p, cols);
    }

    PlanNode bindBody(final QueryBody body, final Scope outer) {
        if (body instanceof Query) {
            return bindQuery((Query) body, outer);
        }
        if (body instanceof Select) {
            return new SelectBinder(this, (Select) body, outer).bind(List.of(), List.of());
        }
        if (body instanceof Values) {
            return values((Values) body, outer, null);
        }
        final SetOp s = (SetOp) body;
        PlanNode l = bindBody(s.left(), outer);
        PlanNode r = bindBody(s.right(), outer);
        if (l.columns().size() != r.columns().size()) {
            throw new SqlException("42601", "each " + s.kind() + " query must have the same number of columns", null, null,
                s.pos() + 1, null);
        }
        final List<OutCol> cols = new ArrayList<>();
        final List<Expr> le = new ArrayList<>();
        final List<Expr> re = new ArrayList<>();
        boolean castL = false;
        boolean castR = false;
        for (int i = 0; i < l.columns().size(); i++) {
            OutCol a = l.columns().get(i);
            OutCol b = r.columns().get(i);
            // an untyped literal ('a', NULL) in a leaf takes the other side's type, as PostgreSQL resolves it
            if (a.type() == PgType.TEXT && untyped(s.left(), i)) {
                a = new OutCol(a.name(), PgType.UNKNOWN, -1, 0, 0);
            }
            if (b.type() == PgType.TEXT && untyped(s.right(), i)) {
                b = new OutCol(b.name(), PgType.UNKNOWN, -1, 0, 0);
            }
            final PgType t = a.type() == PgType.UNKNOWN && b.type() == PgType.UNKNOWN ? PgType.TEXT
                : a.type() == PgType.UNKNOWN ? b.type() : b.type() == PgType.UNKNOWN ? a.type()
                : Coerce.commonOf(a.type(), b.type(), s.kind().toString(), s.pos());
            final int tm = a.type() == t ? a.typmod() : b.type() == t && EnumBinder.isEnum(t) ? b.typmod() : -1;
            cols.add(new OutCol(a.name(), t, tm, 0, 0));
            final PgType at = a.type() == PgType.UNKNOWN ? PgType.TEXT : a.type();
            final PgType bt = b.type() == PgType.UNKNOWN ? PgType.TEXT : b.type();
            final Expr x = new Exprs.Col(i, at, a.name());
            final Expr y = new Exprs.Col(i, bt, b.name());
            // an untyped literal's text column takes an enum type as the literal would
            le.add(at == t ? x : EnumBinder.isEnum(t) ? EnumBinder.coerce(x, t, tm, ctx, a.type() == PgType.UNKNOWN)
                : Coerce.to(x, t, ctx));
            re.add(bt == t ? y : EnumBinder.isEnum(t) ? EnumBinder.coerce(y, t, tm, ctx, b.type() == PgType.UNKNOWN)
                : Coerce.to(y, t, ctx));
            castL |= at != t;
            castR |= bt != t;
        }
        if (castL) {
            l = new Nodes.Project(l, cols, le);
        }
        if (castR) {
            r = new Nodes.Project(r, cols, re);
        }
        return new SortNodes.SetOp(s.kind().toString(), s.all(), l, r, cols);
    }

    /** Whether column {@code i} of a set operation's operand is an untyped literal in every leaf. */
    static boolean untyped(final QueryBody body, final int i) {
        if (body instanceof Select) {
            final Select sel = (Select) body;
            if (i >= sel.items().size()) {
                return false;
            }
            final io.stratum.compute.sql.ast.Expr e = sel.items().get(i).expr();
            return e instanceof io.stratum.compute.sql.ast.NullLit || e instanceof io.stratum.compute.sql.ast.StringLit;
        }
        if (body instanceof SetOp) {
            return untyped(((SetOp) body).left(), i) && untyped(((SetOp) body).right(), i);
        }
        return false;
    }

    /** ORDER BY over the output columns of a set operation or VALUES. */
    private PlanNode sortOutputs(final PlanNode plan, final List<io.stratum.compute.sql.ast.OrderItem> order, final Scope outer) {
        final Scope s = new Scope(outer);
        s.add(null, null, plan.columns());
        final ExprBinder eb = new ExprBinder(this, s);
        final List<SortNodes.Key> keys = new ArrayList<>();
        for (final io.stratum.compute.sql.ast.OrderItem o : order) {
            Expr e;
            if (SelectBinder.nonIntegerConstant(o.expr())) {
                throw new SqlException("42601", "non-integer constant in ORDER BY", null, null, o.pos() + 1, null);
            }
            if (o.expr() instanceof io.stratum.compute.sql.ast.IntLit) {
                final int k = (int) ((io.stratum.compute.sql.ast.IntLit) o.expr()).value();
                if (k < 1 || k > plan.columns().size()) {
                    throw new SqlException("42P10", "ORDER BY position " + k + " is not in select list", null, null, o.pos() + 1, null);
                }
                e = new Exprs.Col(k - 1, plan.columns().get(k - 1).type(), plan.columns().get(k - 1).name());
            } else {
                e = eb.bind(o.expr());
            }
            keys.add(eb.sortKey(o, e));
        }
        return new SortNodes.Sort(plan, keys);
    }

    PlanNode values(final Values v, final Scope outer, final List<PgType> targetTypes) {
        final ExprBinder eb = new ExprBinder(this, new Scope(outer));
        final List<List<Expr>> rows = new ArrayList<>();
        for (final List<io.stratum.compute.sql.ast.Expr> r : v.rows()) {
            final List<Expr> row = new ArrayList<>();
            for (final io.stratum.compute.sql.ast.Expr e : r) {
                row.add(eb.bind(e));
            }
            rows.add(row);
        }
        final int n = rows.get(0).size();
        for (final List<Expr> r : rows) {
            if (r.size() != n) {
                throw new SqlException("42601", "VALUES lists must all be the same length", null, null, v.pos() + 1, null);
            }
        }
        final List<OutCol> cols = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            final List<Expr> column = new ArrayList<>();
            for (final List<Expr> r : rows) {
                column.add(r.get(c));
            }
            final PgType t = targetTypes != null && c < targetTypes.size() && targetTypes.get(c) != null
                && allUnknown(column) ? targetTypes.get(c) : Coerce.common(column, "VALUES", v.pos());
            for (final List<Expr> r : rows) {
                r.set(c, Coerce.to(r.get(c), t, ctx));
            }
            cols.add(OutCol.of("column" + (c + 1), t));
        }
        final List<Expr[]> exprs = new ArrayList<>();
        for (final List<Expr> r : rows) {
            exprs.add(r.toArray(new Expr[0]));
        }
        return new Nodes.ValuesScan(cols, exprs);
    }

    private static boolean allUnknown(final List<Expr> es) {
        for (final Expr e : es) {
            if (e.type() != PgType.UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    // ---- FROM ----

    /** One FROM item; {@code left} is the scope of the items before it (LATERAL references). */
    Item item(final FromItem f, final Scope outer, final Scope left) {
        if (f instanceof TableRef) {
            return table((TableRef) f, outer);
        }
        if (f instanceof SubqueryRef) {
            final SubqueryRef s = (SubqueryRef) f;
            final Scope parent = s.lateral() && left != null ? left : outer;
            FoldBinder.derived(ctx, s.query(), s.alias(), s.columnAliases());
            PlanNode p = bindQuery(s.query(), parent);
            if (!s.columnAliases().isEmpty()) {
                p = rename(p, s.columnAliases());
            }
            final Scope sc = new Scope(outer);
            sc.add(s.alias(), null, stripTableRefs(p.columns()));
            return new Item(p, sc, s.lateral() && left != null);
        }
        if (f instanceof ValuesRef) {
            final ValuesRef v = (ValuesRef) f;
            PlanNode p = values(v.values(), outer, null);
            if (!v.columnAliases().isEmpty()) {
                p = rename(p, v.columnAliases());
            }
            final Scope sc = new Scope(outer);
            sc.add(v.alias() == null ? "*VALUES*" : v.alias(), null, p.columns());
            return new Item(p, sc);
        }
        if (f instanceof FunctionRef) {
            return function((FunctionRef) f, outer, left);
        }
        return FromItems.join(this, (Join) f, outer, left);
    }

    private static List<OutCol> stripTableRefs(final List<OutCol> cols) {
        return cols;
    }

    private Item table(final TableRef t, final Scope outer) {
        final String alias = t.alias() != null ? t.alias() : t.table();
        if (t.schema() == null && t != dmlTarget) {
            for (int i = ctx.ctes.size() - 1; i >= 0; i--) {
                final Cte c = ctx.ctes.get(i).get(t.table());
                if (c != null) {
                    ModifyingCtes.readable(c, t);
                    PlanNode p = c.plan();
                    if (!t.columnAliases().isEmpty()) {
                        p = rename(p, t.columnAliases());
                    }
                    final Scope sc = new Scope(outer);
                    sc.add(alias, null, p.columns());
                    return new Item(p, sc);
                }
            }
        }
        final Relation r = ctx.catalog.resolve(ctx.session, t.schema(), t.table());
        if (r == null) {
            throw new SqlException("42P01", "relation \"" + t.name() + "\" does not exist", null, null, t.pos() + 1, null);
        }
        if (r instanceof ViewDef) {
            return FromItems.view(this, (ViewDef) r, t, alias, outer);
        }
        if (r instanceof TableDef || r instanceof SequenceDef) {
            ctx.noteRelation(r.oid());
        }
        final List<OutCol> cols = new ArrayList<>();
        final PlanNode p;
        boolean withTid = false;
        if (r instanceof TableDef) {
            final TableDef td = (TableDef) r;
            for (final io.stratum.compute.catalog.ColumnDef c : td.columns()) {
                cols.add(new OutCol(c.name(), c.type(), c.typmod(), td.oid(), c.attnum()));
            }
            withTid = td == tidTable;
            if (withTid) {
                tidTable = null;
            }
            p = new Scans.TableScan(td, alias, cols, withTid);
        } else if (r instanceof SystemRelation) {
            ctx.usesSystemRelations = true;
            final SystemRelation sr = (SystemRelation) r;
            int k = 1;
            for (final SystemColumn c : sr.columns()) {
                cols.add(new OutCol(c.name(), c.type(), -1, sr.oid(), k++));
            }
            p = new Scans.SystemScan(sr, alias, cols);
        } else if (r instanceof SequenceDef) {
            final SequenceDef sd = (SequenceDef) r;
            cols.add(OutCol.of("last_value", PgType.INT8));
            cols.add(OutCol.of("log_cnt", PgType.INT8));
            cols.add(OutCol.of("is_called", PgType.BOOL));
            p = new Nodes.Source("Seq Scan on " + sd.name(), cols, List.of(), cx -> PlanNode.listCursor(List.<Object[]>of(
                (Object[]) cx.env().call("sequence_row", new Object[] {(long) sd.oid()}))));
        } else {
            throw new SqlException("42809", "\"" + t.table() + "\" is an index", null, null, t.pos() + 1, null);
        }
        List<OutCol> visible = cols;
        if (!t.columnAliases().isEmpty()) {
            visible = rename(new Nodes.Result(), List.of()).columns();
            visible = new ArrayList<>(cols);
            int a = 0;
            for (int i = 0; a < t.columnAliases().size() && i < visible.size(); i++) {
                if (!io.stratum.compute.catalog.ColumnDef.droppedName(visible.get(i).name())) {
                    visible.set(i, visible.get(i).renamed(t.columnAliases().get(a++)));
                }
            }
        }
        final Scope sc = new Scope(outer);
        sc.add(alias, t.alias() != null ? null : schemaName(r), visible);
        if (withTid) {
            sc.add(TID_ENTRY, null, List.of(OutCol.of("ctid", PgType.INT8)));
        }
        return new Item(p, sc);
    }

    String schemaName(final Relation r) {
        if (r instanceof SystemRelation) {
            return ((SystemRelation) r).schemaName();
        }
        final io.stratum.compute.catalog.NamespaceDef n = ctx.catalog.namespace(r.namespaceOid());
        return n == null ? null : n.name();
    }

    private Item function(final FunctionRef f, final Scope outer, final Scope left) {
        final Scope argScope = new Scope(left != null ? left : outer);
        final ExprBinder eb = new ExprBinder(this, argScope);
        final String name = f.call().name().name();
        final List<Expr> args = eb.bindArgs(f.call());
        final SetReturning.Srf srf;
        final List<io.stratum.compute.catalog.FunctionDef> user = SqlFunctions.userCallable(f.call(), ctx)
            ? ctx.catalog.functions(ctx.session, f.call().name().schema(), name) : List.of();
        final SqlFunctions.Call uc = user.isEmpty() ? null : SqlFunctions.call(eb, f.call(), args, user);
        if (uc != null) {
            final SqlFunctionCall e = uc.expr();
            srf = uc.function().returnsSet() ? new SetReturning.Srf(e, uc.columns())
                : new SetReturning.Srf(new Exprs.Call(name, e.type(), (a, cx) -> java.util.Collections.singletonList(
                    e.eval(null, cx)), new Expr[0], false), uc.columns());
        } else if (Functions.isSetReturning(name, f.call().name().schema())) {
            srf = SetReturning.srf(name, args, ctx, f.pos());
        } else {
            // a scalar function in FROM: one row
            final Expr e = Functions.resolve(f.call(), args, eb);
            srf = new SetReturning.Srf(new Exprs.Call(name, e.type(), (a, cx) -> java.util.Collections.singletonList(
                e.eval(null, cx)), new Expr[0], false), List.of(OutCol.of(name, e.type())));
        }
        List<OutCol> cols = new ArrayList<>(srf.columns());
        if (f.withOrdinality()) {
            cols.add(OutCol.of("ordinality", PgType.INT8));
        }
        final String alias = f.alias() != null ? f.alias() : name;
        if (!f.columnAliases().isEmpty()) {
            for (int i = 0; i < f.columnAliases().size() && i < cols.size(); i++) {
                cols.set(i, cols.get(i).renamed(f.columnAliases().get(i)));
            }
        } else if (uc != null) {
            if (uc.function().outputs().isEmpty()) {
                cols.set(0, cols.get(0).renamed(alias));
            }
        } else if ((cols.size() == 1 || (cols.size() == 2 && f.withOrdinality())) && !JsonBinder.SRFS.contains(name)
            || name.endsWith("_object_keys") && cols.size() <= 2) {
            cols.set(0, cols.get(0).renamed(alias));
        }
        final boolean record = srf.columns().size() > 1;
        final boolean ord = f.withOrdinality();
        final Expr call = srf.expr();
        final int width = cols.size();
        final PlanNode p = new Nodes.Source("Function Scan on " + name, cols, List.of(), cx -> {
            final Object v = call.eval(null, cx);
            final List<Object[]> rows = new ArrayList<>();
            if (v != null) {
                long i = 1;
                for (final Object o : (List<?>) v) {
                    final Object[] row = new Object[width];
                    if (record) {
                        final Object[] rec = (Object[]) o;
                        if (rec != null) {
                            System.arraycopy(rec, 0, row, 0, rec.length);
                        }
                    } else {
                        row[0] = o;
                    }
                    if (ord) {
                        row[width - 1] = i++;
                    }
                    rows.add(row);
                }
            }
            return PlanNode.listCursor(rows);
        });
        final Scope sc = new Scope(outer);
        sc.add(alias, null, cols);
        return new Item(p, sc, left != null);
    }

    static void splitAnd(final io.stratum.compute.sql.ast.Expr e, final List<io.stratum.compute.sql.ast.Expr> out) {
        if (e instanceof io.stratum.compute.sql.ast.And) {
            splitAnd(((io.stratum.compute.sql.ast.And) e).left(), out);
            splitAnd(((io.stratum.compute.sql.ast.And) e).right(), out);
        } else {
            out.add(e);
        }
    }

    static Scope combine(final Scope l, final Scope r, final Scope outer) {
        final Scope c = new Scope(outer);
        for (final Scope.Entry e : l.entries) {
            c.add(e.alias(), e.schema(), e.cols()).hidden().addAll(e.hidden());
        }
        for (final Scope.Entry e : r.entries) {
            c.add(e.alias(), e.schema(), e.cols()).hidden().addAll(e.hidden());
        }
        return c;
    }

    /**
     * Joins two items on conjuncts (AST, bound in the combined scope) and USING pairs: equalities between a
     * left-only and a right-only expression become hash keys, the rest a join filter.
     */
    PlanNode joinPlan(final Joins.Kind kind, final Item l, final Item r, final Scope combined,
                      final List<io.stratum.compute.sql.ast.Expr> conjuncts, final List<Expr[]> usingPairs) {
        final int lw = l.local().width;
        final List<Expr> leftKeys = new ArrayList<>();
        final List<Expr> rightKeys = new ArrayList<>();
        final List<Expr> residual = new ArrayList<>();
        for (final Expr[] p : usingPairs) {
            final Expr[] u = Operators.unify(p[0], p[1], "=", ctx, 0);
            leftKeys.add(u[0]);
            final Exprs.Col rc = (Exprs.Col) p[1];
            rightKeys.add(u[1] == p[1] ? new Exprs.Col(rc.index, rc.type(), rc.name) : Coerce.to(new Exprs.Col(rc.index,
                rc.type(), rc.name), u[1].type(), ctx));
        }
        for (final io.stratum.compute.sql.ast.Expr c : conjuncts) {
            if (!r.lateral() && c instanceof BinaryOp && ((BinaryOp) c).op().equals("=")) {
                final BinaryOp b = (BinaryOp) c;
                final ExprBinder eb = new ExprBinder(this, combined);
                final Expr x = eb.bind(b.left());
                final int xmin = eb.minRef;
                final int xmax = eb.maxRef;
                final boolean xo = eb.outerRef;
                eb.resetRefs();
                final Expr y = eb.bind(b.right());
                final int ymin = eb.minRef;
                final int ymax = eb.maxRef;
                final boolean yo = eb.outerRef;
                final boolean comparable = SqlTypes.category(x.type()) == SqlTypes.category(y.type())
                    && x.type() != PgType.UNKNOWN && !xo && !yo;
                if (comparable && xmax >= 0 && ymax >= 0 && xmax < lw && ymin >= lw) {
                    leftKeys.add(x);
                    rightKeys.add(new ExprBinder(this, r.local()).bind(b.right()));
                    continue;
                }
                if (comparable && xmax >= 0 && ymax >= 0 && ymax < lw && xmin >= lw) {
                    leftKeys.add(y);
                    rightKeys.add(new ExprBinder(this, r.local()).bind(b.left()));
                    continue;
                }
            }
            residual.add(Coerce.toBool(new ExprBinder(this, combined).bind(c), "JOIN/ON", ctx, c.pos()));
        }
        final Expr res = residual.isEmpty() ? null : residual.size() == 1 ? residual.get(0) : new Exprs.And(residual);
        JoinMethods.checkFull(kind, !leftKeys.isEmpty(), res);
        if (!leftKeys.isEmpty()) {
            return JoinMethods.keyed(ctx, kind, l.plan(), r.plan(), leftKeys, rightKeys, res);
        }
        return new Joins.NestedLoop(kind, l.plan(), r.plan(), res, r.lateral());
    }
}
