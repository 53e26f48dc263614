package io.stratum.compute.engine;

import io.stratum.compute.catalog.ColumnSpec;
import io.stratum.compute.catalog.ConstraintDef;
import io.stratum.compute.catalog.ConstraintKind;
import io.stratum.compute.catalog.ConstraintSpec;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.ExecContext;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.analyze.BindContext;
import io.stratum.compute.sql.analyze.Binder;
import io.stratum.compute.sql.analyze.DmlBinder;
import io.stratum.compute.sql.analyze.TypeNames;
import io.stratum.compute.sql.ast.AlterAction;
import io.stratum.compute.sql.ast.AlterTable;
import io.stratum.compute.sql.ast.ColumnDef;
import io.stratum.compute.sql.ast.Constraint;
import io.stratum.compute.storage.TableAccess;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/** ALTER TABLE's actions, each through the catalog in the statement's transaction. */
final class AlterTableExec {
    private final EngineSession s;
    private final Ddl ddl;

    AlterTableExec(final EngineSession s, final Ddl ddl) {
        this.s = s;
        this.ddl = ddl;
    }

    private DmlBinder binder() {
        return new DmlBinder(new Binder(new BindContext(s.snapshot(), s.catalogContext(), s.settings.zone(), List.of())));
    }

    String run(final AlterTable a, final ExecContext cx) {
        TableDef t = s.snapshot().findTable(s.catalogContext(), a.table().schema(), a.table().name());
        if (t == null) {
            if (a.ifExists()) {
                s.notice("NOTICE", "00000", "relation \"" + a.table().name() + "\" does not exist, skipping");
                return "ALTER TABLE";
            }
            t = s.snapshot().table(s.catalogContext(), a.table().schema(), a.table().name());
        }
        for (final AlterAction act : a.actions()) {
            t = action(t, act, cx);
        }
        return "ALTER TABLE";
    }

    private TableDef action(final TableDef t, final AlterAction act, final ExecContext cx) {
        final List<String> notices = new ArrayList<>();
        final TableDef r;
        if (act instanceof AlterAction.AddColumn) {
            r = addColumn(t, (AlterAction.AddColumn) act, cx);
        } else if (act instanceof AlterAction.AddConstraint) {
            final AlterAction.AddConstraint ac = (AlterAction.AddConstraint) act;
            r = addConstraint(t, ac.constraint(), null, ac.notValid(), cx);
        } else if (act instanceof AlterAction.DropConstraint) {
            final AlterAction.DropConstraint dc = (AlterAction.DropConstraint) act;
            r = s.catalog.dropConstraint(s.tx, t, dc.name(), dc.ifExists(), dc.cascade(), notices);
        } else if (act instanceof AlterAction.DropColumn) {
            final AlterAction.DropColumn dc = (AlterAction.DropColumn) act;
            r = s.catalog.dropColumn(s.tx, t, dc.column(), dc.ifExists(), dc.cascade(), notices);
        } else if (act instanceof AlterAction.RenameColumn) {
            final AlterAction.RenameColumn rc = (AlterAction.RenameColumn) act;
            r = s.catalog.renameColumn(s.tx, t, rc.column(), rc.newName());
        } else if (act instanceof AlterAction.RenameConstraint) {
            final AlterAction.RenameConstraint rc = (AlterAction.RenameConstraint) act;
            r = s.catalog.renameConstraint(s.tx, t, rc.name(), rc.newName());
        } else if (act instanceof AlterAction.SetDefault) {
            final AlterAction.SetDefault sd = (AlterAction.SetDefault) act;
            String text = null;
            if (sd.expr() != null) {
                final io.stratum.compute.catalog.ColumnDef c = liveColumn(t, sd.column());
                binder().constant(sd.expr(), c.type());
                text = Deparse.expr(sd.expr());
            }
            r = s.catalog.setDefault(s.tx, t, sd.column(), text);
        } else if (act instanceof AlterAction.SetNotNull) {
            final AlterAction.SetNotNull sn = (AlterAction.SetNotNull) act;
            r = s.catalog.setNotNull(s.tx, t, sn.column(), sn.notNull());
        } else if (act instanceof AlterAction.AlterType) {
            r = alterType(t, (AlterAction.AlterType) act, cx);
        } else if (act instanceof AlterAction.RenameTable) {
            r = s.catalog.renameTable(s.tx, t, ((AlterAction.RenameTable) act).newName());
        } else if (act instanceof AlterAction.OwnerTo || act instanceof AlterAction.SetOptions
            || act instanceof AlterAction.ResetOptions) {
            r = t;
        } else {
            throw new SqlException("0A000", "ALTER TABLE action not supported: " + act.getClass().getSimpleName(), null, null,
                act.pos() + 1, null);
        }
        ddl.notices(notices);
        return r;
    }

    private static io.stratum.compute.catalog.ColumnDef liveColumn(final TableDef t, final String name) {
        final int i = t.columnIndex(name);
        if (i < 0 || t.columns().get(i).dropped()) {
            throw new SqlException("42703", "column \"" + name + "\" of relation \"" + t.name() + "\" does not exist");
        }
        return t.columns().get(i);
    }

    private TableDef addColumn(final TableDef given, final AlterAction.AddColumn ac, final ExecContext cx) {
        final ColumnDef d = ac.column();
        boolean notNull = false;
        String dflt = null;
        io.stratum.compute.sql.ast.Expr dfltAst = null;
        final List<Constraint> later = new ArrayList<>();
        Constraint.Identity identity = null;
        for (final Constraint k : d.constraints()) {
            if (k instanceof Constraint.Identity) {
                identity = (Constraint.Identity) k;
            } else if (k instanceof Constraint.NotNull) {
                notNull = true;
            } else if (k instanceof Constraint.Default) {
                dfltAst = ((Constraint.Default) k).expr();
                dflt = Deparse.defaultExpr(dfltAst, d.type());
            } else if (k instanceof Constraint.PrimaryKey || k instanceof Constraint.Unique || k instanceof Constraint.Check
                || k instanceof Constraint.ForeignKey) {
                later.add(k);
            } else if (!(k instanceof Constraint.Null)) {
                throw new SqlException("0A000", "this constraint in ADD COLUMN is not supported", null,
                    "Add the column, then ALTER TABLE ... ADD CONSTRAINT.", k.pos() + 1, null);
            }
        }
        final PgType type = TypeNames.type(d.type(), s.snapshot(), s.catalogContext());
        final int typmod = TypeNames.typmod(d.type(), s.snapshot(), s.catalogContext());
        Object missing = null;
        if (dfltAst != null) {
            missing = binder().constant(dfltAst, type, typmod).eval(null, cx);
        }
        final boolean existed = given.columnIndex(d.name()) >= 0;
        final ColumnSpec spec = identity != null ? Ddl.column(d, notNull, dflt, identity, given.name(), s)
            : new ColumnSpec(d.name(), type, typmod, notNull, dflt, TypeNames.serial(d.type()));
        TableDef t = s.catalog.addColumn(s.tx, given, spec, missing, ac.ifNotExists());
        if (existed) {
            s.notice("NOTICE", "42701", "column \"" + d.name() + "\" of relation \"" + t.name() + "\" already exists, skipping");
            return t;
        }
        for (final Constraint k : later) {
            t = addConstraint(t, k, d.name(), false, cx);
        }
        return t;
    }

    /** ADD CONSTRAINT, or a column constraint of ADD COLUMN ({@code column} non-null). */
    private TableDef addConstraint(final TableDef t, final Constraint k, final String column, final boolean notValid,
                                   final ExecContext cx) {
        if (k instanceof Constraint.PrimaryKey) {
            return s.catalog.addPrimaryKey(s.tx, t, k.name(), column != null ? List.of(column)
                : ((Constraint.PrimaryKey) k).columns());
        }
        if (k instanceof Constraint.Unique) {
            return s.catalog.addUnique(s.tx, t, k.name(), column != null ? List.of(column) : ((Constraint.Unique) k).columns());
        }
        if (k instanceof Constraint.Check) {
            final String text = Deparse.expr(((Constraint.Check) k).expr());
            validateCheck(t, k.name() != null ? k.name() : io.stratum.compute.catalog.Catalog.checkConstraintName(t, text),
                text, cx);
            return s.catalog.addCheck(s.tx, t, new ConstraintSpec(k.name(), ConstraintKind.CHECK,
                column != null ? List.of(column) : List.of(), text));
        }
        if (k instanceof Constraint.ForeignKey) {
            final Constraint.ForeignKey f = (Constraint.ForeignKey) k;
            final TableDef r = s.catalog.addForeignKey(s.tx, s.catalogContext(), t,
                Ddl.foreignKey(f, column != null ? List.of(column) : f.columns()));
            if (!notValid) {
                ForeignKeys.validate(s, cx, r, newest(r));
            }
            return r;
        }
        throw new SqlException("0A000", "constraint not supported in ALTER TABLE", null, null, k.pos() + 1, null);
    }

    /** The constraint of {@code t} with the highest OID (the one just added). */
    private static ConstraintDef newest(final TableDef t) {
        ConstraintDef n = null;
        for (final ConstraintDef c : t.constraints()) {
            if (n == null || c.oid() > n.oid()) {
                n = c;
            }
        }
        return n;
    }

    private void validateCheck(final TableDef t, final String name, final String text, final ExecContext cx) {
        final Expr e = binder().overTable(t, text);
        try (io.stratum.compute.storage.RowCursor c = new TableAccess(s.store, t).scan(s.tx)) {
            while (c.next()) {
                if (Boolean.FALSE.equals(e.eval(c.row(), cx))) {
                    throw new SqlException("23514", "check constraint \"" + name + "\" of relation \"" + t.name()
                        + "\" is violated by some row");
                }
            }
        }
    }

    /** ALTER COLUMN TYPE [USING]: every row's new value from the expression, assignment-cast, length-checked. */
    private TableDef alterType(final TableDef t, final AlterAction.AlterType at, final ExecContext cx) {
        final io.stratum.compute.catalog.ColumnDef c = liveColumn(t, at.column());
        final PgType type = TypeNames.type(at.type(), s.snapshot(), s.catalogContext());
        final int typmod = TypeNames.typmod(at.type(), s.snapshot(), s.catalogContext());
        if (TypeNames.serial(at.type())) {
            throw new SqlException("42704", "type \"" + at.type().name() + "\" does not exist");
        }
        for (final io.stratum.compute.catalog.ViewDef v : s.snapshot().views()) {
            if (v.readsColumn(t.oid(), c.attnum())) {
                throw new SqlException("0A000", "cannot alter type of a column used by a view or rule", "rule _RETURN on view "
                    + v.name() + " depends on column \"" + c.name() + "\"", null, 0, null);
            }
        }
        final DmlBinder b = binder();
        final Expr e = b.alterTypeExpr(t, c, at.using(), type, typmod);
        String dflt = c.defaultExpr();
        if (dflt != null) {
            try {
                binder().defaultAs(t, dflt, type);
            } catch (final SqlException ex) {
                throw new SqlException("42804", "default for column \"" + c.name() + "\" cannot be cast automatically to type "
                    + io.stratum.compute.exec.SqlTypes.displayName(type));
            }
        }
        final io.stratum.compute.catalog.ColumnDef target = c.with(c.name(), type, typmod, c.notNull(), dflt);
        final int i = c.attnum() - 1;
        return s.catalog.alterColumnType(s.tx, t, c.name(), type, typmod, dflt, row -> {
            cx.check();
            row[i] = Dml.fitValue(target, e.eval(row, cx));
            return row;
        });
    }
}
