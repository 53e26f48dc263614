package io.stratum.compute.engine;

import io.stratum.compute.catalog.ColumnSpec;
import io.stratum.compute.catalog.ConstraintKind;
import io.stratum.compute.catalog.ConstraintSpec;
import io.stratum.compute.catalog.IndexSpec;
import io.stratum.compute.catalog.SequenceSpec;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.catalog.TableSpec;
import io.stratum.compute.exec.ExecContext;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.analyze.BindContext;
import io.stratum.compute.sql.analyze.Binder;
import io.stratum.compute.sql.analyze.DmlBinder;
import io.stratum.compute.sql.analyze.TypeNames;
import io.stratum.compute.sql.ast.AlterAction;
import io.stratum.compute.sql.ast.AlterSequence;
import io.stratum.compute.sql.ast.AlterTable;
import io.stratum.compute.sql.ast.Analyze;
import io.stratum.compute.stats.Analyzer;
import io.stratum.compute.stats.Statistics;
import io.stratum.compute.sql.ast.ColumnDef;
import io.stratum.compute.sql.ast.Constraint;
import io.stratum.compute.sql.ast.Copy;
import io.stratum.compute.sql.ast.CreateIndex;
import io.stratum.compute.sql.ast.CreateSchema;
import io.stratum.compute.sql.ast.CreateSequence;
import io.stratum.compute.sql.ast.CreateTable;
import io.stratum.compute.sql.ast.CreateView;
import io.stratum.compute.sql.ast.Drop;
import io.stratum.compute.sql.ast.IndexElem;
import io.stratum.compute.sql.ast.Option;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.Statement;
import io.stratum.compute.sql.ast.Truncate;
import io.stratum.compute.sql.ast.TypeName;
import io.stratum.compute.sql.ast.Vacuum;
import io.stratum.compute.sql.ast.VacuumTarget;
import io.stratum.compute.storage.TableAccess;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/** DDL through the catalog (in the statement's transaction), TRUNCATE and VACUUM. */
final class Ddl {
    private final EngineSession s;

    Ddl(final EngineSession s) {
        this.s = s;
    }

    static PgType type(final TypeName t) {
        return TypeNames.type(t);
    }

    private void writable(final String what) {
        s.executor.checkWritable(what);
    }

    String run(final Statement ast, final EnginePortal p, final ExecContext cx) {
        if (ast instanceof CreateTable) {
            writable("CREATE TABLE");
            return createTable((CreateTable) ast, cx);
        }
        if (ast instanceof Drop) {
            final Drop d = (Drop) ast;
            writable("DROP " + kindName(d));
            return drop(d);
        }
        if (ast instanceof CreateIndex) {
            writable("CREATE INDEX");
            return createIndex((CreateIndex) ast);
        }
        if (ast instanceof AlterTable) {
            writable("ALTER TABLE");
            return alter((AlterTable) ast, cx);
        }
        if (ast instanceof CreateSequence) {
            writable("CREATE SEQUENCE");
            final CreateSequence c = (CreateSequence) ast;
            final io.stratum.compute.sql.ast.SequenceOptions o = c.options();
            final PgType t = o.as() == null ? PgType.INT8 : type(o.as());
            final Object r = s.catalog.createSequence(s.tx, s.catalogContext(), new SequenceSpec(c.name().schema(), c.name().name(), t,
                o.start(), o.increment(), o.minValue(), o.maxValue(), o.cache(), Boolean.TRUE.equals(o.cycle()), c.ifNotExists()));
            if (r == null) {
                s.notice("NOTICE", "42P07", "relation \"" + c.name().name() + "\" already exists, skipping");
            }
            return "CREATE SEQUENCE";
        }
        if (ast instanceof AlterSequence) {
            final AlterSequence a = (AlterSequence) ast;
            final io.stratum.compute.catalog.SequenceDef d = s.snapshot().sequence(s.catalogContext(), a.name().schema(), a.name().name());
            if (a.options().restart() != null || a.options().restartDefault()) {
                s.catalog.setval(d, a.options().restart() != null ? a.options().restart() : d.start(), false);
            }
            return "ALTER SEQUENCE";
        }
        if (ast instanceof CreateSchema) {
            writable("CREATE SCHEMA");
            final CreateSchema c = (CreateSchema) ast;
            if (!s.catalog.createSchema(s.tx, c.name(), c.ifNotExists())) {
                s.notice("NOTICE", "42P06", "schema \"" + c.name() + "\" already exists, skipping");
            }
            return "CREATE SCHEMA";
        }
        if (ast instanceof Truncate) {
            writable("TRUNCATE TABLE");
            final Truncate t = (Truncate) ast;
            final List<TableDef> tables = new ArrayList<>();
            for (final QualifiedName q : t.tables()) {
                tables.add(s.snapshot().table(s.catalogContext(), q.schema(), q.name()));
            }
            s.catalog.truncate(s.tx, tables, t.restartIdentity());
            return "TRUNCATE TABLE";
        }
        if (ast instanceof CreateView) {
            writable("CREATE VIEW");
            return createView((CreateView) ast);
        }
        if (ast instanceof Copy) {
            throw new SqlException("0A000", "COPY to or from a file is not supported", null,
                "Use COPY ... FROM STDIN or TO STDOUT (psql's \\copy).", 0, null);
        }
        throw new SqlException("0A000", "statement not supported: " + ast.getClass().getSimpleName());
    }

    private static String kindName(final Drop d) {
        return d.kind().name().replace('_', ' ');
    }

    private String createTable(final CreateTable c, final ExecContext cx) {
        if (c.asQuery() != null) {
            throw new SqlException("0A000", "CREATE TABLE AS is not supported");
        }
        final List<ColumnSpec> cols = new ArrayList<>();
        final List<ConstraintSpec> cons = new ArrayList<>();
        for (final ColumnDef d : c.columns()) {
            boolean notNull = false;
            String dflt = null;
            for (final Constraint k : d.constraints()) {
                if (k instanceof Constraint.NotNull) {
                    notNull = true;
                } else if (k instanceof Constraint.Default) {
                    dflt = Deparse.expr(((Constraint.Default) k).expr());
                } else if (k instanceof Constraint.PrimaryKey) {
                    cons.add(new ConstraintSpec(k.name(), ConstraintKind.PRIMARY_KEY, List.of(d.name()), null));
                } else if (k instanceof Constraint.Unique) {
                    cons.add(new ConstraintSpec(k.name(), ConstraintKind.UNIQUE, List.of(d.name()), null));
                } else if (k instanceof Constraint.Check) {
                    cons.add(new ConstraintSpec(k.name(), ConstraintKind.CHECK, List.of(d.name()),
                        Deparse.expr(((Constraint.Check) k).expr())));
                } else if (k instanceof Constraint.Identity) {
                    throw new SqlException("0A000", "identity columns are not supported", null, "Use serial or bigserial.",
                        k.pos() + 1, null);
                } else if (k instanceof Constraint.Generated) {
                    throw new SqlException("0A000", "generated columns are not supported", null, null, k.pos() + 1, null);
                }
            }
            cols.add(new ColumnSpec(d.name(), type(d.type()), TypeNames.typmod(d.type()), notNull, dflt, TypeNames.serial(d.type())));
        }
        for (final Constraint k : c.constraints()) {
            if (k instanceof Constraint.PrimaryKey) {
                cons.add(new ConstraintSpec(k.name(), ConstraintKind.PRIMARY_KEY, ((Constraint.PrimaryKey) k).columns(), null));
            } else if (k instanceof Constraint.Unique) {
                cons.add(new ConstraintSpec(k.name(), ConstraintKind.UNIQUE, ((Constraint.Unique) k).columns(), null));
            } else if (k instanceof Constraint.Check) {
                cons.add(new ConstraintSpec(k.name(), ConstraintKind.CHECK, List.of(), Deparse.expr(((Constraint.Check) k).expr())));
            } else if (k instanceof Constraint.ForeignKey) {
                s.notice("NOTICE", "0A000", "FOREIGN KEY constraints are not enforced by Stratum; ignored");
            }
        }
        final List<String> opts = new ArrayList<>();
        for (final Option o : c.with()) {
            opts.add(o.name() + "=" + (o.value() == null ? "true" : o.value()));
        }
        final TableDef t = s.catalog.createTable(s.tx, s.catalogContext(), new TableSpec(c.name().schema(), c.name().name(), cols,
            cons, opts, c.ifNotExists()));
        if (t == null) {
            s.notice("NOTICE", "42P07", "relation \"" + c.name().name() + "\" already exists, skipping");
        }
        return "CREATE TABLE";
    }

    private String drop(final Drop d) {
        for (final QualifiedName q : d.names()) {
            final boolean done;
            switch (d.kind()) {
                case TABLE:
                    done = s.catalog.dropTable(s.tx, s.catalogContext(), q.schema(), q.name(), d.ifExists());
                    break;
                case INDEX:
                    done = s.catalog.dropIndex(s.tx, s.catalogContext(), q.schema(), q.name(), d.ifExists());
                    break;
                case SEQUENCE:
                    done = s.catalog.dropSequence(s.tx, s.catalogContext(), q.schema(), q.name(), d.ifExists());
                    break;
                case VIEW:
                    done = s.catalog.dropView(s.tx, s.catalogContext(), q.schema(), q.name(), d.ifExists());
                    break;
                case SCHEMA:
                    done = s.catalog.dropSchema(s.tx, q.name(), d.ifExists(), d.cascade());
                    break;
                default:
                    if (d.ifExists()) {
                        done = false;
                        break;
                    }
                    throw new SqlException("42P01", kindName(d).toLowerCase(java.util.Locale.ROOT) + " \"" + q.name()
                        + "\" does not exist");
            }
            if (!done) {
                s.notice("NOTICE", "00000", kindName(d).toLowerCase(java.util.Locale.ROOT) + " \"" + q.name()
                    + "\" does not exist, skipping");
            }
        }
        return "DROP " + kindName(d);
    }

    /** CREATE [OR REPLACE] VIEW: binds the query for its columns (unknown literals become text), then stores it. */
    private String createView(final CreateView c) {
        if (c.temporary()) {
            throw new SqlException("0A000", "temporary views are not supported");
        }
        final BindContext bc = new BindContext(s.snapshot(), s.catalogContext(), s.settings.zone(), List.of());
        final io.stratum.compute.exec.PlanNode p = new Binder(bc).query(c.query()).plan();
        if (c.columns().size() > p.columns().size()) {
            throw new SqlException("42601", "CREATE VIEW specifies more column names than columns");
        }
        final List<io.stratum.compute.catalog.ColumnDef> cols = new ArrayList<>();
        final java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < p.columns().size(); i++) {
            final io.stratum.compute.exec.OutCol oc = p.columns().get(i);
            final String name = i < c.columns().size() ? c.columns().get(i) : oc.name();
            if (!names.add(name)) {
                throw new SqlException("42701", "column \"" + name + "\" specified more than once");
            }
            final PgType t = oc.type() == PgType.UNKNOWN ? PgType.TEXT : oc.type();
            cols.add(new io.stratum.compute.catalog.ColumnDef(i + 1, name, t, oc.typmod(), false, null, null));
        }
        s.catalog.createView(s.tx, s.catalogContext(), c.name().schema(), c.name().name(), cols, c.queryText(),
            bc.relationsRead(), c.orReplace());
        return "CREATE VIEW";
    }

    private String createIndex(final CreateIndex c) {
        final List<String> cols = new ArrayList<>();
        for (final IndexElem e : c.elems()) {
            if (e.column() == null) {
                throw new SqlException("0A000", "indexes on expressions are not supported", null, null, e.pos() + 1, null);
            }
            cols.add(e.column());
        }
        if (c.where() != null) {
            throw new SqlException("0A000", "partial indexes are not supported", null, null, c.where().pos() + 1, null);
        }
        final Object r = s.catalog.createIndex(s.tx, s.catalogContext(), new IndexSpec(c.name(), c.table().schema(),
            c.table().name(), cols, c.unique(), c.ifNotExists()));
        if (r == null) {
            s.notice("NOTICE", "42P07", "relation \"" + c.name() + "\" already exists, skipping");
        }
        return "CREATE INDEX";
    }

    private String alter(final AlterTable a, final ExecContext cx) {
        TableDef t = s.snapshot().findTable(s.catalogContext(), a.table().schema(), a.table().name());
        if (t == null) {
            if (a.ifExists()) {
                s.notice("NOTICE", "00000", "relation \"" + a.table().name() + "\" does not exist, skipping");
                return "ALTER TABLE";
            }
            t = s.snapshot().table(s.catalogContext(), a.table().schema(), a.table().name());
        }
        for (final AlterAction act : a.actions()) {
            if (act instanceof AlterAction.AddColumn) {
                final AlterAction.AddColumn ac = (AlterAction.AddColumn) act;
                final ColumnDef d = ac.column();
                boolean notNull = false;
                String dflt = null;
                io.stratum.compute.sql.ast.Expr dfltAst = null;
                for (final Constraint k : d.constraints()) {
                    if (k instanceof Constraint.NotNull) {
                        notNull = true;
                    } else if (k instanceof Constraint.Default) {
                        dfltAst = ((Constraint.Default) k).expr();
                        dflt = Deparse.expr(dfltAst);
                    } else if (!(k instanceof Constraint.Null)) {
                        throw new SqlException("0A000", "constraints in ADD COLUMN are not supported", null,
                            "Add the column, then ALTER TABLE ... ADD CONSTRAINT.", k.pos() + 1, null);
                    }
                }
                final PgType type = type(d.type());
                Object missing = null;
                if (dfltAst != null) {
                    final BindContext bc = new BindContext(s.snapshot(), s.catalogContext(), s.settings.zone(), List.of());
                    final Expr e = new DmlBinder(new Binder(bc)).constant(dfltAst, type);
                    missing = e.eval(null, cx);
                }
                t = s.catalog.addColumn(s.tx, t, new ColumnSpec(d.name(), type, TypeNames.typmod(d.type()), notNull, dflt,
                    TypeNames.serial(d.type())), missing, ac.ifNotExists());
            } else if (act instanceof AlterAction.AddConstraint) {
                final Constraint k = ((AlterAction.AddConstraint) act).constraint();
                if (k instanceof Constraint.PrimaryKey) {
                    t = s.catalog.addPrimaryKey(s.tx, t, k.name(), ((Constraint.PrimaryKey) k).columns());
                } else if (k instanceof Constraint.Unique) {
                    t = s.catalog.addUnique(s.tx, t, k.name(), ((Constraint.Unique) k).columns());
                } else if (k instanceof Constraint.Check) {
                    final String text = Deparse.expr(((Constraint.Check) k).expr());
                    validateCheck(t, k.name(), text, cx);
                    t = s.catalog.addCheck(s.tx, t, new ConstraintSpec(k.name(), ConstraintKind.CHECK, List.of(), text));
                } else if (k instanceof Constraint.ForeignKey) {
                    s.notice("NOTICE", "0A000", "FOREIGN KEY constraints are not enforced by Stratum; ignored");
                } else {
                    throw new SqlException("0A000", "constraint not supported in ALTER TABLE", null, null, k.pos() + 1, null);
                }
            } else if (act instanceof AlterAction.RenameTable) {
                t = s.catalog.renameTable(s.tx, t, ((AlterAction.RenameTable) act).newName());
            } else if (act instanceof AlterAction.OwnerTo || act instanceof AlterAction.SetOptions
                || act instanceof AlterAction.ResetOptions) {
                continue;
            } else {
                throw new SqlException("0A000", "ALTER TABLE action not supported: " + act.getClass().getSimpleName(), null, null,
                    act.pos() + 1, null);
            }
        }
        return "ALTER TABLE";
    }

    private void validateCheck(final TableDef t, final String name, final String text, final ExecContext cx) {
        final BindContext bc = new BindContext(s.snapshot(), s.catalogContext(), s.settings.zone(), List.of());
        final Expr e = new DmlBinder(new Binder(bc)).overTable(t, text);
        try (io.stratum.compute.storage.RowCursor c = new TableAccess(s.store, t).scan(s.tx)) {
            while (c.next()) {
                if (Boolean.FALSE.equals(e.eval(c.row(), cx))) {
                    throw new SqlException("23514", "check constraint \"" + (name == null ? t.name() + "_check" : name)
                        + "\" of relation \"" + t.name() + "\" is violated by some row");
                }
            }
        }
    }

    /** ANALYZE: reads every live row of each table into the planner's statistics (docs/sql.md, planner). */
    private void analyze(final List<TableDef> tables) {
        final Statistics stats = s.engine.statistics(s.store);
        s.ensureTx();
        s.tx.newStatement();
        for (final TableDef t : tables) {
            s.current().checkNow();
            final Analyzer a = new Analyzer(t.columns().size(), io.stratum.compute.exec.Values::compare);
            try (io.stratum.compute.storage.RowCursor c = new TableAccess(s.store, t).scan(s.tx)) {
                while (c.next()) {
                    a.add(c.row());
                }
            }
            stats.put(t.oid(), a.finish());
        }
    }

    /** VACUUM [ANALYZE] / ANALYZE: storage vacuum of each table; ANALYZE gathers the planner's statistics. */
    String vacuum(final Statement ast) {
        final boolean analyzeOnly = ast instanceof Analyze;
        final List<VacuumTarget> targets = analyzeOnly ? ((Analyze) ast).tables() : ((Vacuum) ast).tables();
        final List<TableDef> tables = new ArrayList<>();
        if (targets.isEmpty()) {
            tables.addAll(s.catalog.snapshot().tables());
        } else {
            for (final VacuumTarget v : targets) {
                tables.add(s.catalog.snapshot().table(s.catalogContext(), v.table().schema(), v.table().name()));
            }
        }
        if (!analyzeOnly) {
            if (s.readOnly) {
                throw new SqlException("25006", "cannot execute VACUUM during recovery");
            }
            for (final TableDef t : tables) {
                s.current().checkNow();
                new TableAccess(s.store, t).vacuum();
            }
        }
        if (analyzeOnly || ((Vacuum) ast).analyze()) {
            analyze(tables);
        }
        return analyzeOnly ? "ANALYZE" : "VACUUM";
    }
}
