package io.stratum.compute.catalog;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** ADD FOREIGN KEY, DROP CONSTRAINT and the dependencies of referenced tables and indexes. */
final class DdlForeignKeys {
    private DdlForeignKeys() {
    }

    /** Adds the constraint row (existing rows are validated by the sqlengine before). */
    static TableDef addForeignKey(final Ddl d, final CatalogContext ctx, final TableDef given, final ForeignKeySpec spec) {
        final TableDef t = d.table(given.oid());
        final Relation r = d.view().resolve(ctx, spec.refSchema(), spec.refTable());
        if (r == null) {
            throw new SqlException("42P01", "relation \"" + CatalogSnapshot.qualified(spec.refSchema(), spec.refTable())
                + "\" does not exist");
        }
        if (!(r instanceof TableDef)) {
            throw new SqlException("42809", "referenced relation \"" + r.name() + "\" is not a table");
        }
        final TableDef ref = d.table(r.oid());
        final int[] keys = attnums(t, spec.columns());
        final int[] refKeys;
        final IndexDef index;
        if (spec.refColumns().isEmpty()) {
            index = ref.primaryKey();
            if (index == null) {
                throw new SqlException("42704", "there is no primary key for referenced table \"" + ref.name() + "\"");
            }
            refKeys = index.keyAttnums();
        } else {
            refKeys = attnums(ref, spec.refColumns());
            index = uniqueIndexOn(ref, refKeys);
            if (index == null) {
                throw new SqlException("42830", "there is no unique constraint matching given keys for referenced table \""
                    + ref.name() + "\"");
            }
        }
        if (keys.length != refKeys.length) {
            throw new SqlException("42830", "number of referencing and referenced columns for foreign key disagree");
        }
        final String name = chooseName(d, t, spec);
        for (int i = 0; i < keys.length; i++) {
            final ColumnDef fk = t.columns().get(keys[i] - 1);
            final ColumnDef pk = ref.columns().get(refKeys[i] - 1);
            if (!comparable(fk.type(), pk.type())) {
                throw new SqlException("42804", "foreign key constraint \"" + name + "\" cannot be implemented", "Key columns \""
                    + fk.name() + "\" and \"" + pk.name() + "\" are of incompatible types: " + fk.type().sqlName() + " and "
                    + pk.type().sqlName() + ".", null, 0, null);
            }
        }
        final ConstraintDef c = new ConstraintDef(d.oid(), name, ConstraintKind.FOREIGN_KEY, t.oid(), keys, index.oid(),
            null, ref.oid(), refKeys, spec.onUpdate(), spec.onDelete(), spec.matchType());
        d.b.conTid.put(c.oid(), d.io.insert(d.tx, CatalogRows.CONSTRAINTS, CatalogIo.constraintRow(c)));
        return d.b.refreshTable(t.oid(), Ddl.plus(d.table(t.oid()), c));
    }

    private static int[] attnums(final TableDef t, final List<String> columns) {
        final int[] a = new int[columns.size()];
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < a.length; i++) {
            final int idx = t.columnIndex(columns.get(i));
            if (idx < 0) {
                throw new SqlException("42703", "column \"" + columns.get(i) + "\" referenced in foreign key constraint "
                    + "does not exist");
            }
            if (!seen.add(columns.get(i))) {
                throw new SqlException("42701", "foreign key referenced-columns list must not contain duplicates");
            }
            a[i] = idx + 1;
        }
        return a;
    }

    /** A unique index of {@code t} whose key columns are exactly the set {@code attnums} (any order), primary first. */
    static IndexDef uniqueIndexOn(final TableDef t, final int[] attnums) {
        final int[] want = attnums.clone();
        Arrays.sort(want);
        for (final IndexDef i : t.indexes()) {
            if (!i.unique() || !i.plain()) {
                continue;
            }
            final int[] have = i.keyAttnums().clone();
            Arrays.sort(have);
            if (Arrays.equals(have, want)) {
                return i;
            }
        }
        return null;
    }

    /** Types whose values the FK check can compare (PostgreSQL: an equality operator between them exists). */
    static boolean comparable(final PgType a, final PgType b) {
        if (a == b) {
            return true;
        }
        return family(a) != 0 && family(a) == family(b);
    }

    private static int family(final PgType t) {
        switch (t) {
            case INT2: case INT4: case INT8: case NUMERIC: return 1;
            case FLOAT4: case FLOAT8: return 2;
            case TEXT: case VARCHAR: case BPCHAR: case NAME: return 3;
            case TIMESTAMP: case TIMESTAMPTZ: case DATE: return 4;
            default: return 0;
        }
    }

    private static String chooseName(final Ddl d, final TableDef t, final ForeignKeySpec spec) {
        if (spec.name() != null) {
            final String name = Names.truncate(spec.name());
            if (d.constraintNameTaken(t, name)) {
                throw new SqlException("42710", "constraint \"" + name + "\" for relation \"" + t.name() + "\" already exists");
            }
            return name;
        }
        final String cols = String.join("_", spec.columns());
        String name = Names.makeObjectName(t.name(), cols, "fkey");
        for (int pass = 1; constraintNameUsed(d, t.namespaceOid(), name); pass++) {
            name = Names.makeObjectName(t.name(), cols, "fkey" + pass);
        }
        return name;
    }

    private static boolean constraintNameUsed(final Ddl d, final int namespaceOid, final String name) {
        for (final TableDef t : d.b.tables.values()) {
            if (t.namespaceOid() == namespaceOid) {
                for (final ConstraintDef c : t.constraints()) {
                    if (c.name().equals(name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The FOREIGN KEYs of other tables (or of {@code t} itself when {@code self}) that reference {@code t}. */
    static List<ConstraintDef> referencing(final Ddl d, final TableDef t, final boolean self) {
        final List<ConstraintDef> out = new ArrayList<>();
        for (final TableDef o : d.b.tables.values()) {
            if (o.oid() == t.oid() && !self) {
                continue;
            }
            for (final ConstraintDef c : o.constraints()) {
                if (c.foreignKey() && c.refTableOid() == t.oid()) {
                    out.add(c);
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(ConstraintDef::oid));
        return out;
    }

    /** Removes constraint {@code c} of its table (catalog row; an owned index goes too). */
    static TableDef removeConstraint(final Ddl d, final ConstraintDef c) {
        final TableDef t = d.table(c.tableOid());
        d.io.delete(d.tx, CatalogRows.CONSTRAINTS, d.b.conTid.remove(c.oid()));
        final List<ConstraintDef> rest = new ArrayList<>(t.constraints());
        rest.removeIf(x -> x.oid() == c.oid());
        if (!c.foreignKey() && c.indexOid() != 0) {
            final IndexDef i = d.b.indexes.remove(c.indexOid());
            if (i != null) {
                d.io.delete(d.tx, CatalogRows.RELATIONS, d.b.relTid.remove(i.oid()));
                d.io.delete(d.tx, CatalogRows.INDEXES, d.b.idxTid.remove(i.oid()));
            }
        }
        return d.b.refreshTable(t.oid(), rest);
    }

    /**
     * ALTER TABLE DROP CONSTRAINT; a primary key or unique constraint a FOREIGN KEY depends on needs
     * {@code cascade} (2BP01), which drops those FOREIGN KEYs too (returned as notices).
     */
    static TableDef dropConstraint(final Ddl d, final TableDef given, final String name, final boolean ifExists,
                                   final boolean cascade, final List<String> notices) {
        final TableDef t = d.table(given.oid());
        ConstraintDef c = null;
        for (final ConstraintDef x : t.constraints()) {
            if (x.name().equals(name)) {
                c = x;
            }
        }
        if (c == null) {
            if (ifExists) {
                notices.add("constraint \"" + name + "\" of relation \"" + t.name() + "\" does not exist, skipping");
                return t;
            }
            throw new SqlException("42704", "constraint \"" + name + "\" of relation \"" + t.name() + "\" does not exist");
        }
        if (!c.foreignKey() && c.indexOid() != 0) {
            final List<ConstraintDef> deps = new ArrayList<>();
            for (final ConstraintDef f : referencing(d, t, true)) {
                if (f.indexOid() == c.indexOid()) {
                    deps.add(f);
                }
            }
            if (!deps.isEmpty()) {
                if (!cascade) {
                    throw dependents("constraint " + c.name() + " on table " + t.name(), deps, d, "index " + c.name());
                }
                for (final ConstraintDef f : deps) {
                    notices.add("drop cascades to constraint " + f.name() + " on table " + d.table(f.tableOid()).name());
                    removeConstraint(d, f);
                }
            }
        }
        return removeConstraint(d, c);
    }

    /** 2BP01 {@code cannot drop X because other objects depend on it}, each dependent in the DETAIL. */
    static SqlException dependents(final String what, final List<ConstraintDef> deps, final Ddl d, final String on) {
        final StringBuilder detail = new StringBuilder();
        for (final ConstraintDef f : deps) {
            if (detail.length() > 0) {
                detail.append('\n');
            }
            detail.append("constraint ").append(f.name()).append(" on table ").append(d.table(f.tableOid()).name())
                .append(" depends on ").append(on);
        }
        return new SqlException("2BP01", "cannot drop " + what + " because other objects depend on it", detail.toString(),
            "Use DROP ... CASCADE to drop the dependent objects too.", 0, null);
    }
}
