package io.stratum.compute.engine;

import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.exec.Cursor;
import io.stratum.compute.exec.ExecContext;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.session.ColumnDesc;
import io.stratum.compute.session.Portal;
import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.analyze.BindContext;
import io.stratum.compute.sql.analyze.Binder;
import io.stratum.compute.sql.analyze.DmlBinder;
import io.stratum.compute.sql.ast.Begin;
import io.stratum.compute.sql.ast.Checkpoint;
import io.stratum.compute.sql.ast.Commit;
import io.stratum.compute.sql.ast.Copy;
import io.stratum.compute.sql.ast.Deallocate;
import io.stratum.compute.sql.ast.Delete;
import io.stratum.compute.sql.ast.Discard;
import io.stratum.compute.sql.ast.Execute;
import io.stratum.compute.sql.ast.Explain;
import io.stratum.compute.sql.ast.Insert;
import io.stratum.compute.sql.ast.Listen;
import io.stratum.compute.sql.ast.LockTable;
import io.stratum.compute.sql.ast.Notify;
import io.stratum.compute.sql.ast.Prepare;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.ReleaseSavepoint;
import io.stratum.compute.sql.ast.Reset;
import io.stratum.compute.sql.ast.Rollback;
import io.stratum.compute.sql.ast.RollbackTo;
import io.stratum.compute.sql.ast.Savepoint;
import io.stratum.compute.sql.ast.SetScope;
import io.stratum.compute.sql.ast.SetTransaction;
import io.stratum.compute.sql.ast.SetVariable;
import io.stratum.compute.sql.ast.Show;
import io.stratum.compute.sql.ast.Statement;
import io.stratum.compute.sql.ast.Unlisten;
import io.stratum.compute.sql.ast.Update;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Binds statements at Parse time and runs them at Execute time. */
final class Executor {
    private final EngineSession s;
    final Dml dml;
    final Ddl ddl;
    final CopyExec copy;

    Executor(final EngineSession s) {
        this.s = s;
        this.dml = new Dml(s);
        this.ddl = new Ddl(s);
        this.copy = new CopyExec(s);
    }

    BindContext bindContext(final List<PgType> declared) {
        final BindContext bc = new BindContext(s.snapshot(), s.catalogContext(), s.settings.zone(), declared);
        bc.joinMethods(on("enable_hashjoin"), on("enable_mergejoin"), on("enable_nestloop"));
        final io.stratum.compute.stats.Statistics stats = s.engine.statistics(s.store);
        bc.estimates(new BindContext.TableEstimates() {
            @Override
            public io.stratum.compute.stats.TableStats stats(final io.stratum.compute.catalog.TableDef t) {
                return stats.get(t.oid());
            }

            @Override
            public long blocks(final io.stratum.compute.catalog.TableDef t) {
                return new io.stratum.compute.storage.TableAccess(s.store, t).blocks();
            }
        });
        return bc;
    }

    private boolean on(final String setting) {
        return "on".equals(s.settings.get(setting));
    }

    /** The planner settings a plan depends on (a plan made under others is made again). */
    String plannerSettings() {
        return s.settings.get("enable_hashjoin") + s.settings.get("enable_mergejoin") + s.settings.get("enable_nestloop");
    }

    /** Parse-time analysis: plan, parameter types and result columns. */
    void bind(final EngineStatement st) {
        final Statement ast = st.ast;
        if (ast == null) {
            return;
        }
        final CatalogSnapshot snap = s.snapshot();
        if (isTransactionControl(ast) && st.declared.isEmpty()) {
            // BEGIN, COMMIT, SAVEPOINT...: nothing to resolve in the catalog (a bind context per BEGIN and END
            // was about 3% of a pgbench tpcb-like run's samples)
            st.paramTypes = List.of();
            st.boundFor = snap;
            return;
        }
        st.statsVersion = s.engine.statistics(s.store).version();
        st.plannerSettings = plannerSettings();
        final BindContext bc = bindContext(st.declared);
        if (!st.unfolded) {
            // planned now: constants fold as PostgreSQL's planner folds them (PREPARE plans at its first EXECUTE)
            bc.foldConstants(ast);
        }
        final Binder b = new Binder(bc);
        if (ast instanceof Query) {
            final Binder.Bound bound = regOutputs(b.query((Query) ast));
            st.plan = bound;
            st.columns = EngineStatement.describe(bound.plan().columns());
            st.returnsRows = true;
        } else if (ast instanceof Insert) {
            final DmlBinder.InsertPlan p = new DmlBinder(b).insert((Insert) ast);
            st.plan = p;
            st.columns = p.returning() == null ? List.of() : EngineStatement.describe(p.returning().cols());
        } else if (ast instanceof Update) {
            final DmlBinder.UpdatePlan p = new DmlBinder(b).update((Update) ast);
            st.plan = p;
            st.columns = p.returning() == null ? List.of() : EngineStatement.describe(p.returning().cols());
        } else if (ast instanceof Delete) {
            final DmlBinder.DeletePlan p = new DmlBinder(b).delete((Delete) ast);
            st.plan = p;
            st.columns = p.returning() == null ? List.of() : EngineStatement.describe(p.returning().cols());
        } else if (ast instanceof Explain) {
            final EngineStatement inner = new EngineStatement(st.sql, ((Explain) ast).statement(), st.declared);
            bind(inner);
            st.plan = inner;
            st.paramTypes = inner.paramTypes;
            st.columns = List.of(new ColumnDesc("QUERY PLAN", 0, 0, PgType.TEXT, -1));
            st.boundFor = snap;
            return;
        } else if (ast instanceof Show) {
            final String n = ((Show) ast).name();
            if (n.equals("all")) {
                st.columns = List.of(new ColumnDesc("name", 0, 0, PgType.TEXT, -1), new ColumnDesc("setting", 0, 0, PgType.TEXT, -1),
                    new ColumnDesc("description", 0, 0, PgType.TEXT, -1));
            } else {
                final Settings.Def d = Settings.def(n);
                s.settings.get(n);
                st.columns = List.of(new ColumnDesc(d == null ? n : d.name(), 0, 0, PgType.TEXT, -1));
            }
        } else if (ast instanceof Copy) {
            copy.bind(st, (Copy) ast, b);
        } else if (ast instanceof Execute) {
            final EngineStatement target = s.sqlPrepared.get(((Execute) ast).name());
            if (target == null) {
                throw new SqlException("26000", "prepared statement \"" + ((Execute) ast).name() + "\" does not exist");
            }
            st.columns = target.columns;
            st.returnsRows = target.returnsRows;
        } else if (ast instanceof Prepare) {
            final Prepare pr = (Prepare) ast;
            final List<PgType> types = new ArrayList<>();
            for (final io.stratum.compute.sql.ast.TypeName t : pr.parameterTypes()) {
                types.add(Ddl.type(t));
            }
            final EngineStatement inner = new EngineStatement(pr.statementText(), pr.statement(), types);
            inner.unfolded = true;
            bind(inner);
            st.plan = inner;
            st.boundFor = snap;
            return;
        }
        st.modifying = bc.modifying();
        st.paramTypes = bc.finishParams();
        st.foldsParams = bc.foldsParams();
        st.boundFor = snap;
    }

    /** Statements that only change the transaction state: bound without the catalog, cached by their text. */
    static boolean isTransactionControl(final Statement ast) {
        return ast instanceof Begin || ast instanceof Commit || ast instanceof Rollback || ast instanceof Savepoint
            || ast instanceof RollbackTo || ast instanceof ReleaseSavepoint;
    }

    /**
     * regclass / regtype / regproc results keep their type (RowDescription says regtype, 2206, as PostgreSQL) and
     * print as names: each value becomes a RegName, the OID with the name its output function looks up in the
     * catalog while the statement runs (the wire codec, which has no catalog, prints the name).
     */
    private static Binder.Bound regOutputs(final Binder.Bound b) {
        final List<OutCol> cols = b.plan().columns();
        boolean any = false;
        for (final OutCol c : cols) {
            any |= c.type() == PgType.REGCLASS || c.type() == PgType.REGTYPE || c.type() == PgType.REGPROC;
        }
        if (!any) {
            return b;
        }
        final List<OutCol> out = new ArrayList<>();
        final List<io.stratum.compute.exec.Expr> exprs = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            final OutCol c = cols.get(i);
            final io.stratum.compute.exec.Expr col = new io.stratum.compute.exec.Exprs.Col(i, c.type(), c.name());
            if (c.type() == PgType.REGCLASS || c.type() == PgType.REGTYPE || c.type() == PgType.REGPROC) {
                out.add(c);
                final io.stratum.compute.exec.Expr name = new io.stratum.compute.exec.Exprs.Cast(col, PgType.TEXT, -1);
                exprs.add(new io.stratum.compute.exec.Exprs.Call(c.type().typname() + "out", c.type(),
                    (v, cx) -> new io.stratum.compute.types.RegName(((Number) v[0]).longValue(), (String) v[1]),
                    new io.stratum.compute.exec.Expr[] {col, name}, true));
            } else {
                out.add(c);
                exprs.add(col);
            }
        }
        return new Binder.Bound(new io.stratum.compute.exec.Nodes.Project(b.plan(), out, exprs), b.correlated());
    }

    /** Execute-time: runs the statement, leaving rows in {@code p.rows} and the tag in {@code p.pendingTag}. */
    void start(final EnginePortal p, final int maxRows) {
        EngineStatement st = p.statement;
        final Statement ast = st.ast;
        if (ast == null) {
            p.tag = "";
            return;
        }
        if (control(p, ast)) {
            return;
        }
        if (st.plan != null && !(ast instanceof Prepare) && (st.boundFor != s.snapshot() || st.unfolded
            || st.statsVersion != s.engine.statistics(s.store).version() || !plannerSettings().equals(st.plannerSettings))) {
            final EngineStatement fresh = new EngineStatement(st.sql, ast, st.declared);
            bind(fresh);
            if (!sameShape(fresh.columns, st.columns)) {
                throw new SqlException("0A000", "cached plan must not change result type");
            }
            st.plan = fresh.plan;
            st.modifying = fresh.modifying;
            st.boundFor = fresh.boundFor;
            st.unfolded = false;
        }
        if (ast instanceof io.stratum.compute.sql.ast.Vacuum || ast instanceof io.stratum.compute.sql.ast.Analyze) {
            if (s.state != EngineSession.State.IDLE) {
                throw new SqlException("25001", (ast instanceof io.stratum.compute.sql.ast.Vacuum ? "VACUUM" : "ANALYZE")
                    + " cannot run inside a transaction block");
            }
            s.startStatement(p.params);
            p.pendingTag = ddl.vacuum(ast);
            s.endStatement();
            return;
        }
        if (ast instanceof Discard) {
            if (s.state != EngineSession.State.IDLE) {
                throw new SqlException("25001", "DISCARD ALL cannot run inside a transaction block");
            }
            final String what = ((Discard) ast).what();
            if (what.equals("all") || what.equals("plans")) {
                s.sqlPrepared.clear();
            }
            if (what.equals("all")) {
                s.settings.reset("all", false);
            }
            p.pendingTag = "DISCARD " + what.toUpperCase(java.util.Locale.ROOT);
            return;
        }
        if (ast instanceof Execute) {
            final Execute ex = (Execute) ast;
            final EngineStatement target = s.sqlPrepared.get(ex.name());
            if (target == null) {
                throw new SqlException("26000", "prepared statement \"" + ex.name() + "\" does not exist");
            }
            if (ex.arguments().size() != target.paramTypes.size()) {
                throw new SqlException("42601", "wrong number of parameters for prepared statement \"" + ex.name() + "\"",
                    "Expected " + target.paramTypes.size() + " parameters but got " + ex.arguments().size() + ".", null, 0, null);
            }
            final DmlBinder db = new DmlBinder(new Binder(bindContext(List.of())));
            final ExecContext ac = new ExecContext(p.params, s.env, s.engine.config().maxStatementMemory(), Long.MAX_VALUE);
            final Object[] args = new Object[ex.arguments().size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = db.constant(ex.arguments().get(i), target.paramTypes.get(i)).eval(null, ac);
            }
            final EnginePortal inner = new EnginePortal(s, target, args);
            start(inner, maxRows);
            p.rows = inner.rows;
            p.countRows = inner.countRows;
            p.pendingTag = inner.pendingTag != null ? inner.pendingTag : inner.tag;
            return;
        }
        s.ensureTx();
        s.tx.newStatement();
        final ExecContext cx = s.startStatement(p.params);
        if (ast instanceof Query) {
            final PlanNode plan = ((Binder.Bound) st.plan).plan();
            if (!((Query) ast).locking().isEmpty()) {
                checkWritable("SELECT FOR UPDATE");
            }
            if (!st.modifying.isEmpty()) {
                checkWritable("SELECT");
            }
            // a data-modifying WITH runs to its end whatever the client reads (PostgreSQL's ExecPostprocessPlan)
            final Cursor c = st.modifying.isEmpty() ? plan.open(cx) : PlanNode.listCursor(dml.query(plan, st.modifying, cx));
            p.countRows = true;
            if (s.implicit && maxRows > 0) {
                p.rows = buffer(c, cx);
                s.endStatement();
            } else {
                p.rows = c;
            }
            return;
        }
        if (ast instanceof Insert || ast instanceof Update || ast instanceof Delete) {
            checkWritable(ast instanceof Insert ? "INSERT" : ast instanceof Update ? "UPDATE" : "DELETE");
            final List<Object[]> returned = new ArrayList<>();
            p.pendingTag = dml.run(st.plan, st.modifying, cx, returned);
            p.rows = returned.isEmpty() ? null : PlanNode.listCursor(returned);
        } else if (ast instanceof Explain) {
            final List<Object[]> rows = new ArrayList<>();
            final EngineStatement inner = (EngineStatement) st.plan;
            final boolean analyze = ((Explain) ast).analyze() && inner.plan instanceof Binder.Bound;
            if (analyze && !inner.modifying.isEmpty()) {
                checkWritable("SELECT");
            }
            for (final String l : analyze ? dml.around(inner.modifying, cx, () -> explainAnalyze(((Binder.Bound) inner.plan).plan(), cx))
                : explain(inner)) {
                rows.add(new Object[] {l});
            }
            p.rows = PlanNode.listCursor(rows);
            p.pendingTag = "EXPLAIN";
        } else {
            p.pendingTag = ddl.run(ast, p, cx);
        }
        if (!(ast instanceof Copy)) {
            s.endStatement();
        }
    }

    private static boolean sameShape(final List<ColumnDesc> a, final List<ColumnDesc> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).type() != b.get(i).type()) {
                return false;
            }
        }
        return true;
    }

    private Cursor buffer(final Cursor c, final ExecContext cx) {
        final List<Object[]> rows = new ArrayList<>();
        try (c) {
            Object[] r;
            while ((r = c.next()) != null) {
                cx.reserve(ExecContext.estimate(r));
                rows.add(r);
            }
        }
        return PlanNode.listCursor(rows);
    }

    void checkWritable(final String what) {
        if (s.readOnly || (s.tx != null && s.tx.readOnly())) {
            throw new SqlException("25006", "cannot execute " + what + " in a read-only transaction");
        }
    }

    /** EXPLAIN ANALYZE of a query: runs it to the end with every node counted, then prints the plan with them. */
    private static List<String> explainAnalyze(final PlanNode plan, final ExecContext cx) {
        final io.stratum.compute.exec.Instrument in = new io.stratum.compute.exec.Instrument();
        cx.instrument(in);
        final long t0 = System.nanoTime();
        try (Cursor c = plan.start(cx)) {
            while (c.next() != null) {
                cx.check();
            }
        } finally {
            cx.instrument(null);
        }
        final List<String> out = in.explain(plan);
        out.add(String.format(java.util.Locale.ROOT, "Execution Time: %.3f ms", (System.nanoTime() - t0) / 1e6));
        return out;
    }

    List<String> explain(final EngineStatement inner) {
        final List<String> out = new ArrayList<>();
        final Object plan = inner.plan;
        if (plan instanceof Binder.Bound) {
            ((Binder.Bound) plan).plan().explain(out, 0);
        } else if (plan instanceof DmlBinder.InsertPlan) {
            out.add("Insert on " + ((DmlBinder.InsertPlan) plan).table().name());
            ((DmlBinder.InsertPlan) plan).source().explain(out, 1);
        } else if (plan instanceof DmlBinder.UpdatePlan) {
            out.add("Update on " + ((DmlBinder.UpdatePlan) plan).table().name());
            ((DmlBinder.UpdatePlan) plan).scan().explain(out, 1);
        } else if (plan instanceof DmlBinder.DeletePlan) {
            out.add("Delete on " + ((DmlBinder.DeletePlan) plan).table().name());
            ((DmlBinder.DeletePlan) plan).scan().explain(out, 1);
        } else {
            out.add("Utility Statement");
        }
        return out;
    }

    /** Transaction control and session statements that need no transaction; true when handled. */
    private boolean control(final EnginePortal p, final Statement ast) {
        final EngineSession.State state = s.state;
        if (ast instanceof Begin) {
            if (state != EngineSession.State.IDLE) {
                s.notice("WARNING", "25001", "there is already a transaction in progress");
            } else {
                s.beginBlock(((Begin) ast).modes());
            }
            p.tag = ((Begin) ast).startTransaction() ? "START TRANSACTION" : "BEGIN";
            return true;
        }
        if (ast instanceof Commit) {
            if (state == EngineSession.State.IDLE) {
                s.notice("WARNING", "25P01", "there is no transaction in progress");
                p.tag = "COMMIT";
            } else if (state == EngineSession.State.FAILED) {
                s.rollbackTx();
                p.tag = "ROLLBACK";
            } else {
                s.commitTx();
                p.tag = "COMMIT";
            }
            return true;
        }
        if (ast instanceof Rollback) {
            if (state == EngineSession.State.IDLE) {
                s.notice("WARNING", "25P01", "there is no transaction in progress");
            } else {
                s.rollbackTx();
            }
            p.tag = "ROLLBACK";
            return true;
        }
        if (ast instanceof Savepoint) {
            if (state == EngineSession.State.IDLE) {
                throw new SqlException("25P01", "SAVEPOINT can only be used in transaction blocks");
            }
            final int h = s.ensureTx().savepoint();
            s.savepoints.add(new EngineSession.SavepointEntry(((Savepoint) ast).name(), h));
            p.tag = "SAVEPOINT";
            return true;
        }
        if (ast instanceof RollbackTo) {
            if (state == EngineSession.State.IDLE) {
                throw new SqlException("25P01", "ROLLBACK TO SAVEPOINT can only be used in transaction blocks");
            }
            final int i = findSavepoint(((RollbackTo) ast).name());
            final EngineSession.SavepointEntry e = s.savepoints.get(i);
            while (s.savepoints.size() > i + 1) {
                s.savepoints.remove(s.savepoints.size() - 1);
            }
            s.tx.rollbackTo(e.handle());
            s.catalog.rolledBackToSavepoint(s.tx);
            s.state = EngineSession.State.BLOCK;
            p.tag = "ROLLBACK";
            return true;
        }
        if (ast instanceof ReleaseSavepoint) {
            if (state == EngineSession.State.IDLE) {
                throw new SqlException("25P01", "RELEASE SAVEPOINT can only be used in transaction blocks");
            }
            final int i = findSavepoint(((ReleaseSavepoint) ast).name());
            s.tx.release(s.savepoints.get(i).handle());
            while (s.savepoints.size() > i) {
                s.savepoints.remove(s.savepoints.size() - 1);
            }
            p.tag = "RELEASE";
            return true;
        }
        if (ast instanceof SetVariable) {
            final SetVariable v = (SetVariable) ast;
            final boolean inTx = state != EngineSession.State.IDLE;
            if (v.name().equals("transaction_isolation") || v.name().equals("transaction_read_only")) {
                if (inTx && s.tx == null) {
                    final String val = v.values().isEmpty() ? "" : v.values().get(0);
                    if (v.name().equals("transaction_isolation")) {
                        s.blockIsolation = EngineSession.isolationOf(Settings.normalize(Settings.def("transaction_isolation"), val));
                        s.settings.setTransient("transaction_isolation", EngineSession.isolationName(s.blockIsolation));
                    } else {
                        s.blockReadOnly = Settings.normalize(Settings.def("transaction_read_only"), val).equals("on") || s.readOnly;
                        s.settings.setTransient("transaction_read_only", s.blockReadOnly ? "on" : "off");
                    }
                } else if (inTx) {
                    throw new SqlException("25001", "SET TRANSACTION ISOLATION LEVEL must be called before any query");
                }
                p.tag = "SET";
                return true;
            }
            if (v.name().equals("role")) {
                p.tag = "SET";
                return true;
            }
            if (v.name().equals("session_authorization") && !v.values().isEmpty() && !v.values().get(0).equals(s.user)) {
                throw new SqlException("22023", "role \"" + v.values().get(0) + "\" does not exist");
            }
            if (v.scope() == SetScope.LOCAL && !inTx) {
                s.notice("WARNING", "25P01", "SET LOCAL can only be used in transaction blocks");
            }
            s.settings.set(v.name(), v.toDefault() ? List.of() : v.values(), v.scope() == SetScope.LOCAL, inTx);
            p.tag = "SET";
            return true;
        }
        if (ast instanceof Reset) {
            s.settings.reset(((Reset) ast).name(), state != EngineSession.State.IDLE);
            p.tag = "RESET";
            return true;
        }
        if (ast instanceof SetTransaction) {
            final SetTransaction t = (SetTransaction) ast;
            if (t.sessionCharacteristics()) {
                if (t.modes().isolation() != null) {
                    s.settings.set("default_transaction_isolation", List.of(t.modes().isolation().name().replace('_', ' ')
                        .toLowerCase(java.util.Locale.ROOT)), false, state != EngineSession.State.IDLE);
                }
                if (t.modes().readOnly() != null) {
                    s.settings.set("default_transaction_read_only", List.of(t.modes().readOnly() ? "on" : "off"), false,
                        state != EngineSession.State.IDLE);
                }
            } else if (state == EngineSession.State.IDLE) {
                s.notice("WARNING", "25P01", "SET TRANSACTION can only be used in transaction blocks");
            } else if (s.tx != null) {
                throw new SqlException("25001", "SET TRANSACTION ISOLATION LEVEL must be called before any query");
            } else {
                s.applyModes(t.modes());
            }
            p.tag = "SET";
            return true;
        }
        if (ast instanceof Show) {
            final String n = ((Show) ast).name();
            final List<Object[]> rows = new ArrayList<>();
            if (n.equals("all")) {
                for (final io.stratum.compute.catalog.pg.Setting x : s.settings.all()) {
                    rows.add(new Object[] {x.name(), x.setting(), x.shortDesc()});
                }
            } else {
                rows.add(new Object[] {s.settings.get(n)});
            }
            p.rows = PlanNode.listCursor(rows);
            p.pendingTag = "SHOW";
            return true;
        }
        if (ast instanceof Prepare) {
            final Prepare pr = (Prepare) ast;
            if (s.sqlPrepared.containsKey(pr.name())) {
                throw new SqlException("42P05", "prepared statement \"" + pr.name() + "\" already exists");
            }
            s.sqlPrepared.put(pr.name(), (EngineStatement) p.statement.plan);
            p.tag = "PREPARE";
            return true;
        }
        if (ast instanceof Deallocate) {
            final String n = ((Deallocate) ast).name();
            if (n == null) {
                s.sqlPrepared.clear();
            } else if (s.sqlPrepared.remove(n) == null) {
                throw new SqlException("26000", "prepared statement \"" + n + "\" does not exist");
            }
            p.tag = n == null ? "DEALLOCATE ALL" : "DEALLOCATE";
            return true;
        }
        if (ast instanceof Listen || ast instanceof Unlisten || ast instanceof Notify || ast instanceof Checkpoint) {
            p.tag = ast instanceof Listen ? "LISTEN" : ast instanceof Unlisten ? "UNLISTEN" : ast instanceof Notify ? "NOTIFY" : "CHECKPOINT";
            return true;
        }
        if (ast instanceof LockTable) {
            if (state == EngineSession.State.IDLE) {
                throw new SqlException("25P01", "LOCK TABLE can only be used in transaction blocks");
            }
            for (final io.stratum.compute.sql.ast.QualifiedName q : ((LockTable) ast).tables()) {
                s.snapshot().table(s.catalogContext(), q.schema(), q.name());
            }
            p.tag = "LOCK TABLE";
            return true;
        }
        return false;
    }

    private int findSavepoint(final String name) {
        for (int i = s.savepoints.size() - 1; i >= 0; i--) {
            if (s.savepoints.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new SqlException("3B001", "savepoint \"" + name + "\" does not exist");
    }

    Portal.CopyIn copyIn(final EnginePortal p) {
        return copy.copyIn(p);
    }

    void copyOut(final EnginePortal p, final Consumer<byte[]> lines) {
        copy.copyOut(p, lines);
    }

    static List<OutCol> cols(final PreparedStatement st) {
        return List.of();
    }
}
