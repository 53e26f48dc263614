package io.stratum.compute.catalog;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.storage.TableAccess;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * One DDL statement's working state: the transaction, its private catalog view being changed and the
 * catalog heaps. The operations live in {@link DdlTables}, {@link DdlIndexes} and {@link DdlObjects}.
 */
final class Ddl {
    final Catalog catalog;
    final MvccStore store;
    final Transaction tx;
    final SnapshotBuilder b;
    final CatalogIo io;

    Ddl(final Catalog catalog, final Transaction tx, final SnapshotBuilder b, final CatalogIo io) {
        this.catalog = catalog;
        this.store = catalog.store();
        this.tx = tx;
        this.b = b;
        this.io = io;
    }

    int oid() {
        return catalog.allocateOid();
    }

    /** The view as it is now (for name resolution). */
    CatalogSnapshot view() {
        return b.build();
    }

    /** The namespace a CREATE goes to. */
    NamespaceDef creationNamespace(final CatalogContext ctx, final String schema) {
        if (schema != null) {
            final NamespaceDef n = b.namespace(schema);
            if (n == null) {
                throw new SqlException("3F000", "schema \"" + schema + "\" does not exist");
            }
            return n;
        }
        final NamespaceDef n = view().creationNamespace(ctx);
        if (n == null) {
            throw new SqlException("3F000", "no schema has been selected to create in");
        }
        return n;
    }

    static SqlException exists(final String name) {
        return new SqlException("42P07", "relation \"" + name + "\" already exists");
    }

    /** ChooseRelationName: {@code name1_name2_label}, numbered ({@code label1}, ...) until free. */
    String chooseRelationName(final String name1, final String name2, final String label, final int namespaceOid) {
        String name = Names.makeObjectName(name1, name2, label);
        for (int pass = 1; b.relationNameTaken(namespaceOid, name); pass++) {
            name = Names.makeObjectName(name1, name2, label + pass);
        }
        return name;
    }

    boolean constraintNameTaken(final TableDef t, final String name) {
        for (final ConstraintDef c : table(t.oid()).constraints()) {
            if (c.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The current version of a table in this view. */
    TableDef table(final int oid) {
        final TableDef t = b.tables.get(oid);
        if (t == null) {
            throw new SqlException("42P01", "relation with OID " + oid + " does not exist");
        }
        return t;
    }

    /** Key attnums of {@code columns} in {@code t}. */
    static int[] attnums(final TableDef t, final List<String> columns, final boolean constraint) {
        final int[] a = new int[columns.size()];
        for (int i = 0; i < a.length; i++) {
            final int idx = t.columnIndex(columns.get(i));
            if (idx < 0) {
                throw new SqlException("42703", constraint
                    ? "column \"" + columns.get(i) + "\" named in key does not exist"
                    : "column \"" + columns.get(i) + "\" does not exist");
            }
            a[i] = idx + 1;
        }
        return a;
    }

    /** Replaces table {@code oid}'s columns (catalog rows updated by the caller). */
    TableDef withColumns(final TableDef t, final List<ColumnDef> columns) {
        final TableDef n = new TableDef(t.oid(), t.name(), t.namespaceOid(), t.relfilenode(), List.copyOf(columns),
            t.indexes(), t.constraints(), t.options(), t.ownerOid(), t.rowTypeOid());
        b.tables.put(t.oid(), n);
        return n;
    }

    /** Sets NOT NULL on the given attnums (updating their attribute rows). */
    TableDef setNotNull(final TableDef t, final int[] attnums) {
        final List<ColumnDef> cols = new ArrayList<>(t.columns());
        boolean changed = false;
        for (final int a : attnums) {
            final ColumnDef c = cols.get(a - 1);
            if (!c.notNull()) {
                final ColumnDef n = new ColumnDef(c.attnum(), c.name(), c.type(), c.typmod(), true, c.defaultExpr(),
                    c.missingValue(), c.identity());
                cols.set(a - 1, n);
                final long key = CatalogRows.attKey(t.oid(), a);
                b.attTid.put(key, io.update(tx, CatalogRows.ATTRIBUTES, b.attTid.get(key), CatalogIo.columnRow(t.oid(), n)));
                changed = true;
            }
        }
        return changed ? withColumns(t, cols) : t;
    }

    TableAccess access(final TableDef t) {
        return new TableAccess(store, t);
    }

    /** The constraints of {@code t} plus {@code extra}. */
    static List<ConstraintDef> plus(final TableDef t, final ConstraintDef extra) {
        final List<ConstraintDef> l = new ArrayList<>(t.constraints());
        l.add(extra);
        return l;
    }
}
