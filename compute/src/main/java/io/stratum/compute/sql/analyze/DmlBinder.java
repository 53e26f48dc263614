package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.ConstraintDef;
import io.stratum.compute.catalog.ConstraintKind;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.Nodes;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.Assignment;
import io.stratum.compute.sql.ast.DefaultExpr;
import io.stratum.compute.sql.ast.Delete;
import io.stratum.compute.sql.ast.Insert;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.Select;
import io.stratum.compute.sql.ast.SelectItem;
import io.stratum.compute.sql.ast.Star;
import io.stratum.compute.sql.ast.TableRef;
import io.stratum.compute.sql.ast.Update;
import io.stratum.compute.sql.ast.Values;
import io.stratum.compute.sql.parser.Parser;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Binds INSERT, UPDATE and DELETE into plans the engine executes against a table. */
public final class DmlBinder {
    /** RETURNING: expressions over the written row (table column order) and their columns. */
    public record Returning(List<Expr> exprs, List<OutCol> cols) {
    }

    /**
     * INSERT: {@code source} yields complete rows in table column order, already coerced (defaults filled).
     * {@code checks} are CHECK constraints over the row.
     */
    public record InsertPlan(TableDef table, PlanNode source, Upsert onConflict, Returning returning, List<Expr> checks,
                             List<String> checkNames) {
    }

    /**
     * ON CONFLICT. {@code arbiters}: the unique indexes whose conflicts it handles; empty means all of them (DO
     * NOTHING without a target). SET expressions and {@code where} are evaluated over
     * {@code [existing row (width), its TID, excluded row (width)]}.
     */
    public record Upsert(List<IndexDef> arbiters, boolean doNothing, int[] setColumns, Expr[] setExprs, Expr where) {
    }

    /**
     * UPDATE: {@code scan} yields table rows with the TID appended (then, for UPDATE ... FROM, the FROM items'
     * columns); SET expressions, {@code where} and RETURNING are over that whole row. {@code joined}: a target
     * row may come more than once (FROM), and is changed only the first time, as PostgreSQL does.
     */
    public record UpdatePlan(TableDef table, PlanNode scan, Expr where, int[] setColumns, Expr[] setExprs,
                             Returning returning, List<Expr> checks, List<String> checkNames, boolean joined) {
    }

    /** DELETE: as UPDATE without SET ({@code joined} for DELETE ... USING). */
    public record DeletePlan(TableDef table, PlanNode scan, Expr where, Returning returning, boolean joined) {
    }

    private final Binder b;
    private final BindContext ctx;

    public DmlBinder(final Binder b) {
        this.b = b;
        this.ctx = b.ctx;
    }

    private TableDef target(final io.stratum.compute.sql.ast.QualifiedName n, final String verb) {
        final io.stratum.compute.catalog.Relation r = ctx.catalog.resolve(ctx.session, n.schema(), n.name());
        if (r instanceof io.stratum.compute.catalog.ViewDef) {
            throw new SqlException("55000", "cannot " + verb + " view \"" + n.name() + "\"", "Views that are not "
                + "automatically updatable are not supported by Stratum.", "To enable " + (verb.equals("insert into")
                ? "inserting into" : verb.equals("update") ? "updating" : "deleting from") + " the view, provide an INSTEAD OF "
                + verb.replace(" into", "").replace(" from", "").toUpperCase(java.util.Locale.ROOT)
                + " trigger or an unconditional ON " + verb.replace(" into", "").replace(" from", "").toUpperCase(java.util.Locale.ROOT)
                + " DO INSTEAD rule.", 0, null);
        }
        return ctx.catalog.table(ctx.session, n.schema(), n.name());
    }

    /** 42601 when a SET list assigns one column twice. */
    static void checkAssignedOnce(final List<Integer> columns, final TableDef t) {
        final Set<Integer> seen = new HashSet<>();
        for (final int c : columns) {
            if (!seen.add(c)) {
                throw new SqlException("42601", "multiple assignments to same column \"" + t.columns().get(c).name() + "\"");
            }
        }
    }

    /** The 0-based positions of {@code t}'s columns that are not dropped. */
    public static int[] liveColumns(final TableDef t) {
        int n = 0;
        for (final ColumnDef c : t.columns()) {
            n += c.dropped() ? 0 : 1;
        }
        final int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < t.columns().size(); i++) {
            if (!t.columns().get(i).dropped()) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** The DEFAULT of a column as a bound expression (NULL when none). */
    public Expr defaultOf(final TableDef t, final ColumnDef c) {
        if (c.defaultExpr() == null) {
            return new Exprs.Const(null, c.type());
        }
        final String key = "default:" + t.oid() + ":" + c.attnum();
        final Object cached = ctx.cache.get(key);
        if (cached != null) {
            return (Expr) cached;
        }
        final Expr e = Coerce.assign(parseExpr(c.defaultExpr(), new Scope(null)), c.type(), stringless(c), ctx, c.name(), 0);
        ctx.cache.put(key, e);
        return e;
    }

    /** Parses and binds an expression given as SQL text (DEFAULT, CHECK) in {@code scope}. */
    Expr parseExpr(final String text, final Scope scope) {
        final io.stratum.compute.sql.ast.Statement st = Parser.parse("SELECT " + text).get(0);
        final Select sel = (Select) ((Query) st).body();
        return new ExprBinder(b, scope).bind(sel.items().get(0).expr());
    }

    static int stringless(final ColumnDef c) {
        return c.type() == PgType.VARCHAR || c.type() == PgType.BPCHAR ? -1 : c.typmod();
    }

    private void checks(final TableDef t, final Scope s, final List<Expr> out, final List<String> names) {
        for (final ConstraintDef c : t.constraints()) {
            if (c.kind() == ConstraintKind.CHECK && c.checkExpr() != null) {
                out.add(parseExpr(c.checkExpr(), s));
                names.add(c.name());
            }
        }
    }

    private Returning returning(final List<SelectItem> items, final TableDef t, final Scope s) {
        if (items.isEmpty()) {
            return null;
        }
        final ExprBinder eb = new ExprBinder(b, s);
        final List<Expr> exprs = new ArrayList<>();
        final List<OutCol> cols = new ArrayList<>();
        final List<OutCol> all = s.columns();
        for (final SelectItem it : items) {
            if (it.expr() instanceof Star) {
                final List<String> q = ((Star) it.expr()).qualifier();
                for (final Scope.Entry e : s.entries) {
                    if (Binder.TID_ENTRY.equals(e.alias()) || !q.isEmpty() && !q.get(q.size() - 1).equals(e.alias())) {
                        continue;
                    }
                    for (int i = 0; i < e.cols().size(); i++) {
                        final OutCol c = e.cols().get(i);
                        if (ColumnDef.droppedName(c.name())) {
                            continue;
                        }
                        exprs.add(new Exprs.Col(e.offset() + i, c.type(), c.name()));
                        cols.add(c);
                    }
                }
                if (!q.isEmpty() && s.find(q.get(q.size() - 1)) == null) {
                    throw new SqlException("42P01", "missing FROM-clause entry for table \"" + q.get(q.size() - 1) + "\"", null,
                        null, it.expr().pos() + 1, null);
                }
                continue;
            }
            Expr e = eb.bind(it.expr());
            if (e.type() == PgType.UNKNOWN) {
                e = Coerce.to(e, PgType.TEXT, ctx);
            }
            exprs.add(e);
            OutCol col = OutCol.of(it.alias() != null ? it.alias() : Names.figure(it.expr()), e.type());
            if (e instanceof Exprs.Col) {
                final OutCol c = all.get(((Exprs.Col) e).index);
                col = new OutCol(col.name(), c.type(), c.typmod(), c.tableOid(), c.attnum());
            }
            cols.add(col);
        }
        return new Returning(exprs, cols);
    }

    /** Binds {@code body} with the WITH of {@code statement} in scope (popped afterwards, also on an error). */
    private <T> T withCtes(final io.stratum.compute.sql.ast.With with, final Object statement, final boolean top,
                           final java.util.function.Supplier<T> body) {
        final boolean pushed = b.pushCtes(with, statement, null, top);
        try {
            return body.get();
        } finally {
            if (pushed) {
                b.popCtes();
            }
        }
    }

    /** Binds a top-level INSERT (its WITH may hold data-modifying statements). */
    public InsertPlan insert(final Insert ins) {
        return insert(ins, true);
    }

    /** Binds an INSERT with its WITH; {@code top}: whether it is the top-level statement (else a CTE's). */
    InsertPlan insert(final Insert ins, final boolean top) {
        return withCtes(ins.with(), ins, top, () -> bindInsert(ins));
    }

    private InsertPlan bindInsert(final Insert ins) {
        final TableDef t = target(ins.table(), "insert into");
        final int n = t.columns().size();
        final int[] targets;
        if (ins.columns().isEmpty()) {
            // no column list: the first k columns, k the width of the source (PostgreSQL fills the rest with defaults)
            final int[] live = liveColumns(t);
            int k = live.length;
            if (ins.source() != null && ins.source().body() instanceof Values && !((Values) ins.source().body()).rows().isEmpty()) {
                k = Math.min(k, ((Values) ins.source().body()).rows().get(0).size());
            }
            targets = java.util.Arrays.copyOf(live, k);
        } else {
            targets = new int[ins.columns().size()];
            final Set<String> seen = new HashSet<>();
            for (int i = 0; i < targets.length; i++) {
                final String c = ins.columns().get(i);
                if (!seen.add(c)) {
                    throw new SqlException("42701", "column \"" + c + "\" specified more than once", null, null, ins.pos() + 1, null);
                }
                targets[i] = t.columnIndex(c);
                if (targets[i] < 0) {
                    throw new SqlException("42703", "column \"" + c + "\" of relation \"" + t.name() + "\" does not exist",
                        null, null, ins.pos() + 1, null);
                }
            }
        }
        final PlanNode source;
        final List<OutCol> outCols = Scope.ofTable(t, null).columns();
        if (ins.source() == null) {
            final Expr[] row = new Expr[n];
            for (int i = 0; i < n; i++) {
                row[i] = defaultOf(t, t.columns().get(i));
            }
            source = new Nodes.ValuesScan(outCols, List.<Expr[]>of(row));
        } else if (ins.source().body() instanceof Values && ins.source().orderBy().isEmpty() && ins.source().limit() == null
            && ins.source().with() == null) {
            final Values v = (Values) ins.source().body();
            final ExprBinder eb = new ExprBinder(b, new Scope(null));
            final List<Expr[]> rows = new ArrayList<>();
            for (final List<io.stratum.compute.sql.ast.Expr> r : v.rows()) {
                if (r.size() > targets.length) {
                    throw new SqlException("42601", "INSERT has more expressions than target columns", null, null, ins.pos() + 1, null);
                }
                if (r.size() < targets.length) {
                    throw new SqlException("42601", "INSERT has more target columns than expressions", null, null, ins.pos() + 1, null);
                }
                final Expr[] row = new Expr[n];
                for (int i = 0; i < n; i++) {
                    row[i] = null;
                }
                for (int k = 0; k < targets.length; k++) {
                    final ColumnDef c = t.columns().get(targets[k]);
                    final io.stratum.compute.sql.ast.Expr ve = r.get(k);
                    row[targets[k]] = ve instanceof DefaultExpr || identityDefault(c, ins.overriding()) ? defaultOf(t, c)
                        : Coerce.assign(eb.bind(ve), c.type(), stringless(c), ctx, c.name(), ve.pos());
                }
                for (int i = 0; i < n; i++) {
                    if (row[i] == null) {
                        row[i] = defaultOf(t, t.columns().get(i));
                    }
                }
                rows.add(row);
            }
            source = new Nodes.ValuesScan(outCols, rows);
        } else {
            final PlanNode q = b.bindQuery(ins.source(), null);
            if (q.columns().size() > targets.length) {
                throw new SqlException("42601", "INSERT has more expressions than target columns", null, null, ins.pos() + 1, null);
            }
            final List<Expr> exprs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                exprs.add(null);
            }
            for (int k = 0; k < q.columns().size(); k++) {
                final ColumnDef c = t.columns().get(targets[k]);
                final OutCol qc = q.columns().get(k);
                if (identityDefault(c, ins.overriding())) {
                    continue;
                }
                exprs.set(targets[k], Coerce.assign(new Exprs.Col(k, qc.type(), qc.name()), c.type(), stringless(c), ctx, c.name(),
                    ins.pos()));
            }
            for (int i = 0; i < n; i++) {
                if (exprs.get(i) == null) {
                    exprs.set(i, defaultOf(t, t.columns().get(i)));
                }
            }
            source = new Nodes.Project(q, outCols, exprs);
        }
        final Upsert upsert = ins.onConflict() == null ? null : UpsertBinder.bind(this, b, t, ins.alias(), ins.onConflict());
        final Scope s = Scope.ofTable(t, ins.alias());
        final List<Expr> checks = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        checks(t, s, checks, names);
        return new InsertPlan(t, source, upsert, returning(ins.returning(), t, s), checks, names);
    }

    private PlanNode scanFor(final TableDef t, final io.stratum.compute.sql.ast.QualifiedName name, final String alias,
                             final io.stratum.compute.sql.ast.Expr where) {
        {
            final TableRef ref = new TableRef(name, false, alias, List.of(), name.pos());
            final Select sel = new Select(false, List.of(), List.of(), List.of(ref), where, List.of(), null, List.of(), 0);
            final TableRef saved = b.dmlTarget;
            b.dmlTarget = ref;
            try {
                return new SelectBinder(b, sel, null).from(List.of(ref), where, true).plan();
            } finally {
                b.dmlTarget = saved;
            }
        }
    }

    /** The target joined with the FROM / USING items, WHERE applied: rows {@code [target, TID, items...]}. */
    private SelectBinder.From joined(final TableDef t, final io.stratum.compute.sql.ast.QualifiedName name, final String alias,
                                     final List<io.stratum.compute.sql.ast.FromItem> items,
                                     final io.stratum.compute.sql.ast.Expr where) {
        final List<io.stratum.compute.sql.ast.FromItem> all = new ArrayList<>();
        final TableRef ref = new TableRef(name, false, alias, List.of(), name.pos());
        all.add(ref);
        all.addAll(items);
        final String targetName = alias != null ? alias : name.name();
        for (final io.stratum.compute.sql.ast.FromItem f : items) {
            if (f instanceof TableRef && targetName.equals(((TableRef) f).alias() != null ? ((TableRef) f).alias()
                : ((TableRef) f).name().name())) {
                throw new SqlException("42712", "table name \"" + targetName + "\" specified more than once");
            }
        }
        final Select sel = new Select(false, List.of(), List.of(), all, where, List.of(), null, List.of(), 0);
        b.tidTable = t;
        final TableRef saved = b.dmlTarget;
        b.dmlTarget = ref;
        try {
            return new SelectBinder(b, sel, null).from(all, where, false);
        } finally {
            b.tidTable = null;
            b.dmlTarget = saved;
        }
    }

    /** Binds a top-level UPDATE (its WITH may hold data-modifying statements). */
    public UpdatePlan update(final Update u) {
        return update(u, true);
    }

    /** Binds an UPDATE with its WITH; {@code top}: whether it is the top-level statement (else a CTE's). */
    UpdatePlan update(final Update u, final boolean top) {
        return withCtes(u.with(), u, top, () -> bindUpdate(u));
    }

    private UpdatePlan bindUpdate(final Update u) {
        final TableDef t = target(u.table(), "update");
        final boolean joined = !u.from().isEmpty();
        final Scope s;
        final PlanNode scan;
        if (joined) {
            final SelectBinder.From f = joined(t, u.table(), u.alias(), u.from(), u.where());
            s = f.scope();
            scan = f.plan();
        } else {
            s = Scope.ofTable(t, u.alias());
            scan = scanFor(t, u.table(), u.alias(), u.where());
        }
        final Expr where = u.where() == null ? null : Coerce.toBool(new ExprBinder(b, s).bind(u.where()), "WHERE", ctx, u.where().pos());
        final List<Integer> cols = new ArrayList<>();
        final List<Expr> exprs = new ArrayList<>();
        final ExprBinder eb = new ExprBinder(b, s);
        for (final Assignment a : u.set()) {
            final int idx = assignedColumn(t, a);
            identityUpdate(t.columns().get(idx), a);
            final ColumnDef c = t.columns().get(idx);
            cols.add(idx);
            exprs.add(a.value() instanceof DefaultExpr ? defaultOf(t, c)
                : Coerce.assign(eb.bind(a.value()), c.type(), stringless(c), ctx, c.name(), a.value().pos()));
        }
        checkAssignedOnce(cols, t);
        final List<Expr> checks = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        checks(t, Scope.ofTable(t, u.alias()), checks, names);
        return new UpdatePlan(t, scan, where, cols.stream().mapToInt(Integer::intValue).toArray(), exprs.toArray(new Expr[0]),
            returning(u.returning(), t, s), checks, names, joined);
    }

    /** Binds a top-level DELETE (its WITH may hold data-modifying statements). */
    public DeletePlan delete(final Delete d) {
        return delete(d, true);
    }

    /** Binds a DELETE with its WITH; {@code top}: whether it is the top-level statement (else a CTE's). */
    DeletePlan delete(final Delete d, final boolean top) {
        return withCtes(d.with(), d, top, () -> bindDelete(d));
    }

    private DeletePlan bindDelete(final Delete d) {
        final TableDef t = target(d.table(), "delete from");
        final boolean joined = !d.using().isEmpty();
        final Scope s;
        final PlanNode scan;
        if (joined) {
            final SelectBinder.From f = joined(t, d.table(), d.alias(), d.using(), d.where());
            s = f.scope();
            scan = f.plan();
        } else {
            s = Scope.ofTable(t, d.alias());
            scan = scanFor(t, d.table(), d.alias(), d.where());
        }
        final Expr where = d.where() == null ? null : Coerce.toBool(new ExprBinder(b, s).bind(d.where()), "WHERE", ctx, d.where().pos());
        return new DeletePlan(t, scan, where, returning(d.returning(), t, s), joined);
    }

    /** Binds a constant expression (EXECUTE arguments, ADD COLUMN defaults). */
    public Expr constant(final io.stratum.compute.sql.ast.Expr e, final PgType target) {
        return constant(e, target, -1);
    }

    /** As above, with the target's typmod (an enum's OID). */
    public Expr constant(final io.stratum.compute.sql.ast.Expr e, final PgType target, final int typmod) {
        final Expr x = new ExprBinder(b, new Scope(null)).bind(e);
        return target == null ? (x.type() == PgType.UNKNOWN ? Coerce.to(x, PgType.TEXT, ctx) : x)
            : Coerce.assign(x, target, EnumBinder.isEnum(target) ? typmod : -1, ctx, "$", e.pos());
    }

    /** Binds an expression over a table's columns (CHECK validation). */
    public Expr overTable(final TableDef t, final String text) {
        return parseExpr(text, Scope.ofTable(t, null));
    }

    /**
     * ALTER COLUMN TYPE: the column's new value over the old row, {@code USING using} or the column itself,
     * assignment-cast to {@code type} (42804 in PostgreSQL's words when no such cast exists).
     */
    public Expr alterTypeExpr(final TableDef t, final ColumnDef c, final io.stratum.compute.sql.ast.Expr using,
                              final PgType type, final int typmod) {
        final Scope scope = Scope.ofTable(t, null);
        final Expr e = using != null ? new ExprBinder(b, scope).bind(using)
            : new ExprBinder(b, scope).bind(new io.stratum.compute.sql.ast.ColumnRef(List.of(c.name()), 0));
        try {
            return Coerce.assign(e, type, stringless(type, typmod), ctx, c.name(), 0);
        } catch (final SqlException ex) {
            if (!"42804".equals(ex.sqlState())) {
                throw ex;
            }
            final String tn = io.stratum.compute.exec.SqlTypes.displayName(type);
            if (using != null) {
                throw new SqlException("42804", "result of USING clause for column \"" + c.name()
                    + "\" cannot be cast automatically to type " + tn, null, "You might need to add an explicit cast.", 0, null);
            }
            throw new SqlException("42804", "column \"" + c.name() + "\" cannot be cast automatically to type " + tn, null,
                "You might need to specify \"USING " + c.name() + "::" + tn + "\".", 0, null);
        }
    }

    private static int stringless(final PgType type, final int typmod) {
        return type == PgType.VARCHAR || type == PgType.BPCHAR ? -1 : typmod;
    }

    /** A column default's text bound as a value of {@code type} (42804 when it cannot be assigned). */
    public Expr defaultAs(final TableDef t, final String text, final PgType type) {
        final Expr e = parseExpr(text, Scope.ofTable(t, null));
        return Coerce.assign(e, type, -1, ctx, "$", 0);
    }

    /** The column a SET assignment targets (its index in {@code t}); 0A000 for a column list, 42703 when unknown. */
    /**
     * Whether a value given for identity column {@code c} is replaced by its next sequence value (OVERRIDING USER
     * VALUE); 428C9 for a GENERATED ALWAYS column without OVERRIDING SYSTEM VALUE.
     */
    static boolean identityDefault(final ColumnDef c, final String overriding) {
        if (!c.isIdentity()) {
            return false;
        }
        if ("user".equals(overriding)) {
            return true;
        }
        if (c.identity() == 'a' && !"system".equals(overriding)) {
            throw new SqlException("428C9", "cannot insert a non-DEFAULT value into column \"" + c.name() + "\"",
                "Column \"" + c.name() + "\" is an identity column defined as GENERATED ALWAYS.",
                "Use OVERRIDING SYSTEM VALUE to override.", 0, null);
        }
        return false;
    }

    /** 428C9 when SET gives a GENERATED ALWAYS identity column a value other than DEFAULT. */
    static void identityUpdate(final ColumnDef c, final Assignment a) {
        if (c.identity() == 'a' && !(a.value() instanceof DefaultExpr)) {
            throw new SqlException("428C9", "column \"" + c.name() + "\" can only be updated to DEFAULT",
                "Column \"" + c.name() + "\" is an identity column defined as GENERATED ALWAYS.", null, 0, null);
        }
    }

    static int assignedColumn(final TableDef t, final Assignment a) {
        if (a.columns().size() != 1) {
            throw new SqlException("0A000", "multiple-column UPDATE from a subquery is not supported", null, null, a.pos() + 1, null);
        }
        final String cn = a.columns().get(0);
        final int idx = t.columnIndex(cn.contains(".") ? cn.substring(cn.indexOf('.') + 1) : cn);
        if (idx < 0) {
            throw new SqlException("42703", "column \"" + cn + "\" of relation \"" + t.name() + "\" does not exist", null, null,
                a.pos() + 1, null);
        }
        return idx;
    }
}
