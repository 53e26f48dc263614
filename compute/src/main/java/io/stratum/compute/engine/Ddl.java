package io.stratum.compute.engine;

import io.stratum.compute.catalog.ColumnSpec;
import io.stratum.compute.catalog.ConstraintDef;
import io.stratum.compute.catalog.ConstraintKind;
import io.stratum.compute.catalog.ForeignKeySpec;
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
import io.stratum.compute.sql.ast.ObjectKind;
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
        if (ast instanceof io.stratum.compute.sql.ast.CreateEnum || ast instanceof io.stratum.compute.sql.ast.AlterEnum) {
            writable(ast instanceof io.stratum.compute.sql.ast.CreateEnum ? "CREATE TYPE" : "ALTER TYPE");
            return new TypeDdl(s, this).run(ast);
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
        if (ast instanceof io.stratum.compute.sql.ast.CreateFunction) {
            writable("CREATE FUNCTION");
            return new FunctionStatements(s, this).create((io.stratum.compute.sql.ast.CreateFunction) ast);
        }
        if (ast instanceof io.stratum.compute.sql.ast.DropFunction) {
            writable("DROP FUNCTION");
            return new FunctionStatements(s, this).drop((io.stratum.compute.sql.ast.DropFunction) ast);
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

    /** A column of CREATE TABLE / ADD COLUMN, with its identity ({@code GENERATED ... AS IDENTITY}) if any. */
    static ColumnSpec column(final ColumnDef d, final boolean notNull, final String dflt, final Constraint.Identity identity,
                             final String table, final EngineSession s) {
        if (identity == null) {
            final PgType t = TypeNames.type(d.type(), s.snapshot(), s.catalogContext());
            return new ColumnSpec(d.name(), t, TypeNames.typmod(d.type(), s.snapshot(), s.catalogContext()), notNull, dflt,
                TypeNames.serial(d.type()));
        }
        if (dflt != null || TypeNames.serial(d.type())) {
            throw new SqlException("42601", "both default and identity specified for column \"" + d.name() + "\" of table \""
                + table + "\"", null, null, identity.pos() + 1, null);
        }
        final io.stratum.compute.sql.ast.SequenceOptions o = identity.options();
        return new ColumnSpec(d.name(), type(d.type()), TypeNames.typmod(d.type()), true, null, false,
            identity.always() ? 'a' : 'd', o == null ? null : o.start(), o == null ? null : o.increment());
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
        final List<ForeignKeySpec> fks = new ArrayList<>();
        for (final ColumnDef d : c.columns()) {
            boolean notNull = false;
            String dflt = null;
            Constraint.Identity identity = null;
            for (final Constraint k : d.constraints()) {
                if (k instanceof Constraint.NotNull) {
                    notNull = true;
                } else if (k instanceof Constraint.Default) {
                    dflt = Deparse.defaultExpr(((Constraint.Default) k).expr(), d.type());
                } else if (k instanceof Constraint.PrimaryKey) {
                    cons.add(new ConstraintSpec(k.name(), ConstraintKind.PRIMARY_KEY, List.of(d.name()), null));
                } else if (k instanceof Constraint.Unique) {
                    cons.add(new ConstraintSpec(k.name(), ConstraintKind.UNIQUE, List.of(d.name()), null));
                } else if (k instanceof Constraint.Check) {
                    cons.add(new ConstraintSpec(k.name(), ConstraintKind.CHECK, List.of(d.name()),
                        Deparse.expr(((Constraint.Check) k).expr())));
                } else if (k instanceof Constraint.ForeignKey) {
                    fks.add(foreignKey((Constraint.ForeignKey) k, List.of(d.name())));
                } else if (k instanceof Constraint.Identity) {
                    identity = (Constraint.Identity) k;
                } else if (k instanceof Constraint.Generated) {
                    throw new SqlException("0A000", "generated columns are not supported", null, null, k.pos() + 1, null);
                }
            }
            cols.add(column(d, notNull, dflt, identity, c.name().name(), s));
        }
        for (final Constraint k : c.constraints()) {
            if (k instanceof Constraint.PrimaryKey) {
                cons.add(new ConstraintSpec(k.name(), ConstraintKind.PRIMARY_KEY, ((Constraint.PrimaryKey) k).columns(), null));
            } else if (k instanceof Constraint.Unique) {
                cons.add(new ConstraintSpec(k.name(), ConstraintKind.UNIQUE, ((Constraint.Unique) k).columns(), null));
            } else if (k instanceof Constraint.Check) {
                cons.add(new ConstraintSpec(k.name(), ConstraintKind.CHECK, List.of(), Deparse.expr(((Constraint.Check) k).expr())));
            } else if (k instanceof Constraint.ForeignKey) {
                fks.add(foreignKey((Constraint.ForeignKey) k, ((Constraint.ForeignKey) k).columns()));
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
            return "CREATE TABLE";
        }
        for (final ForeignKeySpec f : fks) {
            s.catalog.addForeignKey(s.tx, s.catalogContext(), t, f);
        }
        return "CREATE TABLE";
    }

    private String drop(final Drop d) {
        final char relkind = d.kind() == ObjectKind.TABLE ? 'r' : d.kind() == ObjectKind.VIEW ? 'v'
            : d.kind() == ObjectKind.SEQUENCE ? 'S' : 0;
        if (relkind != 0) {
            // one deletion of every name, as PostgreSQL's RemoveRelations: one 2BP01 or one cascade NOTICE
            final List<String[]> names = new ArrayList<>();
            for (final QualifiedName q : d.names()) {
                names.add(new String[] {q.schema(), q.name()});
            }
            final List<String> notices = new ArrayList<>();
            try {
                s.catalog.dropRelations(s.tx, s.catalogContext(), relkind, names, d.ifExists(), d.cascade(), notices);
            } finally {
                notices(notices);
            }
            return "DROP " + kindName(d);
        }
        if (d.kind() == ObjectKind.SCHEMA || d.kind() == ObjectKind.TYPE) {
            // one deletion of every name, as PostgreSQL's RemoveObjects
            final List<Integer> oids = new ArrayList<>();
            for (final QualifiedName q : d.names()) {
                final Integer oid = d.kind() == ObjectKind.TYPE ? oidOf(new TypeDdl(s, this).toDrop(q, d.ifExists()))
                    : schemaToDrop(q.name(), d.ifExists());
                if (oid != null && !oids.contains(oid)) {
                    oids.add(oid);
                }
            }
            if (!oids.isEmpty()) {
                final List<String> notices = new ArrayList<>();
                s.catalog.dropObjects(s.tx, d.kind() == ObjectKind.SCHEMA ? 'n' : 'E', oids, d.cascade(), notices);
                notices(notices);
            }
            return "DROP " + kindName(d);
        }
        for (final QualifiedName q : d.names()) {
            final boolean done;
            switch (d.kind()) {
                case INDEX:
                    done = s.catalog.dropIndex(s.tx, s.catalogContext(), q.schema(), q.name(), d.ifExists());
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

    private static Integer oidOf(final io.stratum.compute.types.EnumType e) {
        return e == null ? null : e.oid();
    }

    /** The OID of schema {@code name} for DROP SCHEMA; null, after the skipping NOTICE, when none and {@code ifExists}. */
    private Integer schemaToDrop(final String name, final boolean ifExists) {
        final io.stratum.compute.catalog.NamespaceDef n = s.snapshot().namespace(name);
        if (n == null) {
            if (!ifExists) {
                throw new SqlException("3F000", "schema \"" + name + "\" does not exist");
            }
            s.notice("NOTICE", "00000", "schema \"" + name + "\" does not exist, skipping");
            return null;
        }
        return n.oid();
    }

    /** CREATE [OR REPLACE] VIEW: binds the query for its columns (unknown literals become text), then stores it. */
    private String createView(final CreateView c) {
        if (c.temporary()) {
            throw new SqlException("0A000", "temporary views are not supported");
        }
        final BindContext bc = new BindContext(s.snapshot(), s.catalogContext(), s.settings.zone(), List.of());
        bc.recordReads();
        final io.stratum.compute.exec.PlanNode p = new Binder(bc).query(c.query()).plan();
        io.stratum.compute.sql.analyze.ModifyingCtes.forbidIn(bc.modifying(), "views");
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
            new io.stratum.compute.catalog.ViewDef.Reads(bc.relationsRead(), bc.columnsRead(), bc.typesRead(),
                bc.functionsRead()), c.orReplace());
        return "CREATE VIEW";
    }

    private String createIndex(final CreateIndex c) {
        final TableDef t = s.snapshot().table(s.catalogContext(), c.table().schema(), c.table().name());
        final IndexSpec spec = io.stratum.compute.sql.analyze.IndexExprs.define(s.snapshot(), s.catalogContext(), t, c);
        final Object r = s.catalog.createIndex(s.tx, s.catalogContext(), spec);
        if (r == null) {
            s.notice("NOTICE", "42P07", "relation \"" + c.name() + "\" already exists, skipping");
        }
        return "CREATE INDEX";
    }

    private String alter(final AlterTable a, final ExecContext cx) {
        return new AlterTableExec(s, this).run(a, cx);
    }

    /** Sends catalog notices: the first line the message, further lines its DETAIL. */
    void notices(final List<String> notices) {
        for (final String n : notices) {
            final int nl = n.indexOf('\n');
            s.notice("NOTICE", "00000", nl < 0 ? n : n.substring(0, nl), nl < 0 ? null : n.substring(nl + 1));
        }
    }

    static ForeignKeySpec foreignKey(final Constraint.ForeignKey k, final List<String> columns) {
        if ("partial".equals(k.match())) {
            throw new SqlException("0A000", "MATCH PARTIAL not yet implemented", null, null, k.pos() + 1, null);
        }
        if (k.deferrable() || k.initiallyDeferred()) {
            throw new SqlException("0A000", "DEFERRABLE foreign keys are not supported", null, null, k.pos() + 1, null);
        }
        return new ForeignKeySpec(k.name(), columns, k.refTable().schema(), k.refTable().name(), k.refColumns(),
            action(k.onUpdate()), action(k.onDelete()), "full".equals(k.match()) ? 'f' : 's');
    }

    private static char action(final io.stratum.compute.sql.ast.ReferentialAction a) {
        if (a == null) {
            return 'a';
        }
        switch (a) {
            case RESTRICT: return 'r';
            case CASCADE: return 'c';
            case SET_NULL: return 'n';
            case SET_DEFAULT: return 'd';
            default: return 'a';
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
