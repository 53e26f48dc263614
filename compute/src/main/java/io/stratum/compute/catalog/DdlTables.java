package io.stratum.compute.catalog;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.storage.RowCodec;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** CREATE / DROP / TRUNCATE / RENAME TABLE and ADD COLUMN. */
final class DdlTables {
    private DdlTables() {
    }

    static TableDef createTable(final Ddl d, final CatalogContext ctx, final TableSpec spec) {
        final NamespaceDef nsp = d.creationNamespace(ctx, spec.schema());
        final String name = Names.truncate(spec.name());
        if (d.b.relationNameTaken(nsp.oid(), name)) {
            if (spec.ifNotExists()) {
                return null;
            }
            throw Ddl.exists(name);
        }
        final Set<String> seen = new HashSet<>();
        for (final ColumnSpec c : spec.columns()) {
            if (!seen.add(c.name())) {
                throw new SqlException("42701", "column \"" + c.name() + "\" specified more than once");
            }
            checkStorable(c.type());
        }
        final Set<String> pkColumns = new HashSet<>();
        int primaryKeys = 0;
        for (final ConstraintSpec c : spec.constraints()) {
            if (c.kind() == ConstraintKind.PRIMARY_KEY) {
                if (++primaryKeys > 1) {
                    throw new SqlException("42P16", "multiple primary keys for table \"" + name + "\" are not allowed");
                }
                pkColumns.addAll(c.columns());
            }
            if (c.kind() != ConstraintKind.CHECK) {
                for (final String col : c.columns()) {
                    if (!seen.contains(col)) {
                        throw new SqlException("42703", "column \"" + col + "\" named in key does not exist");
                    }
                }
            }
        }
        final int oid = d.oid();
        final int rowType = d.oid();
        d.store.createHeap(d.tx, oid);
        final List<ColumnDef> cols = new ArrayList<>();
        final List<SequenceDef> serials = new ArrayList<>();
        for (int i = 0; i < spec.columns().size(); i++) {
            final ColumnSpec c = spec.columns().get(i);
            String def = c.defaultExpr();
            if (c.serial() || c.identity() != 0) {
                final SequenceDef s = DdlObjects.createOwnedSequence(d, nsp, name, c.name(), c.type(), oid, i + 1,
                    c.identity(), c.identityStart(), c.identityIncrement());
                serials.add(s);
                def = nextvalDefault(nsp, s.name());
            }
            cols.add(new ColumnDef(i + 1, c.name(), c.type(), c.typmod(),
                c.notNull() || c.serial() || c.identity() != 0 || pkColumns.contains(c.name()), def, null, c.identity()));
        }
        final TableDef t = new TableDef(oid, name, nsp.oid(), oid, List.copyOf(cols), List.of(), List.of(),
            spec.options() == null ? List.of() : List.copyOf(spec.options()), NamespaceDef.SUPERUSER_OID, rowType);
        d.b.tables.put(oid, t);
        d.b.relTid.put(oid, d.io.insert(d.tx, CatalogRows.RELATIONS, CatalogIo.tableRow(t)));
        for (final ColumnDef c : cols) {
            d.b.attTid.put(CatalogRows.attKey(oid, c.attnum()),
                d.io.insert(d.tx, CatalogRows.ATTRIBUTES, CatalogIo.columnRow(oid, c)));
        }
        for (final ConstraintSpec c : spec.constraints()) {
            if (c.kind() == ConstraintKind.CHECK) {
                DdlIndexes.addCheck(d, d.table(oid), c);
            } else {
                DdlIndexes.addKeyConstraint(d, d.table(oid), c.name(), c.kind(), c.columns(), false);
            }
        }
        return d.table(oid);
    }

    /** The DEFAULT of a serial column: {@code nextval('t_id_seq'::regclass)}, qualified outside public. */
    static String nextvalDefault(final NamespaceDef nsp, final String sequence) {
        final String ref = nsp.oid() == NamespaceDef.PUBLIC ? quoteIfNeeded(sequence)
            : quoteIfNeeded(nsp.name()) + "." + quoteIfNeeded(sequence);
        return "nextval('" + ref.replace("'", "''") + "'::regclass)";
    }

    static String quoteIfNeeded(final String ident) {
        return io.stratum.compute.catalog.pg.CatalogFunctions.quoteIdent(ident);
    }

    static void checkStorable(final PgType type) {
        if (type == null || type == PgType.UNKNOWN || type == PgType.VOID || type == PgType.RECORD) {
            throw new SqlException("42704", "type \"" + (type == null ? "?" : type.typname())
                + "\" cannot be used for a column");
        }
        new RowCodec(new PgType[] {type}, null);
    }

    /** Removes the table, its constraints, indexes, columns and owned sequences. */
    static void drop(final Ddl d, final TableDef t) {
        for (final ConstraintDef c : t.constraints()) {
            d.io.delete(d.tx, CatalogRows.CONSTRAINTS, d.b.conTid.remove(c.oid()));
        }
        for (final IndexDef i : t.indexes()) {
            d.io.delete(d.tx, CatalogRows.RELATIONS, d.b.relTid.remove(i.oid()));
            d.io.delete(d.tx, CatalogRows.INDEXES, d.b.idxTid.remove(i.oid()));
            d.b.indexes.remove(i.oid());
        }
        for (final SequenceDef s : List.copyOf(d.b.sequences.values())) {
            if (s.ownedByTable() == t.oid()) {
                DdlObjects.deleteSequence(d, s);
            }
        }
        for (final ColumnDef c : t.columns()) {
            d.io.delete(d.tx, CatalogRows.ATTRIBUTES, d.b.attTid.remove(CatalogRows.attKey(t.oid(), c.attnum())));
        }
        d.io.delete(d.tx, CatalogRows.RELATIONS, d.b.relTid.remove(t.oid()));
        d.b.tables.remove(t.oid());
    }

    static void truncate(final Ddl d, final List<TableDef> tables, final boolean restartIdentity) {
        final Set<Integer> oids = new HashSet<>();
        for (final TableDef t : tables) {
            oids.add(t.oid());
        }
        for (final TableDef t : tables) {
            for (final ConstraintDef c : DdlForeignKeys.referencing(d, d.table(t.oid()), false)) {
                if (!oids.contains(c.tableOid())) {
                    final String child = d.table(c.tableOid()).name();
                    throw new SqlException("0A000", "cannot truncate a table referenced in a foreign key constraint",
                        "Table \"" + child + "\" references \"" + t.name() + "\".", "Truncate table \"" + child
                        + "\" at the same time, or use TRUNCATE ... CASCADE.", 0, null);
                }
            }
        }
        for (final TableDef given : tables) {
            final TableDef t = d.table(given.oid());
            final int node = d.oid();
            d.store.createHeap(d.tx, node);
            final TableDef nt = new TableDef(t.oid(), t.name(), t.namespaceOid(), node, t.columns(), t.indexes(),
                t.constraints(), t.options(), t.ownerOid(), t.rowTypeOid());
            d.b.tables.put(t.oid(), nt);
            d.b.relTid.put(t.oid(), d.io.update(d.tx, CatalogRows.RELATIONS, d.b.relTid.get(t.oid()),
                CatalogIo.tableRow(nt)));
            for (final IndexDef i : t.indexes()) {
                final int inode = d.oid();
                d.store.createBTree(d.tx, inode, i.unique());
                final IndexDef ni = i.withRelfilenode(inode);
                d.b.indexes.put(i.oid(), ni);
                d.b.relTid.put(i.oid(), d.io.update(d.tx, CatalogRows.RELATIONS, d.b.relTid.get(i.oid()),
                    CatalogIo.indexRelRow(ni, t.ownerOid())));
            }
            d.b.refreshTable(t.oid(), t.constraints());
            if (restartIdentity) {
                for (final SequenceDef s : d.b.sequences.values()) {
                    if (s.ownedByTable() == t.oid()) {
                        d.catalog.setval(s, s.start(), false);
                    }
                }
            }
        }
    }

    static TableDef addColumn(final Ddl d, final TableDef given, final ColumnSpec spec, final Object missingValue,
                              final boolean ifNotExists) {
        final TableDef t = d.table(given.oid());
        if (t.columnIndex(spec.name()) >= 0) {
            if (ifNotExists) {
                return t;
            }
            throw new SqlException("42701", "column \"" + spec.name() + "\" of relation \"" + t.name() + "\" already exists");
        }
        checkStorable(spec.type());
        final boolean needsRewrite = spec.serial() || spec.identity() != 0 || (spec.notNull() && missingValue == null);
        if (needsRewrite && d.access(t).hasRows(d.tx)) {
            if (spec.serial() || spec.identity() != 0) {
                throw new SqlException("0A000", "adding a serial or identity column to a table with rows is not supported");
            }
            throw new SqlException("23502", "column \"" + spec.name() + "\" of relation \"" + t.name()
                + "\" contains null values");
        }
        final int attnum = t.columns().size() + 1;
        String def = spec.defaultExpr();
        if (spec.serial() || spec.identity() != 0) {
            final NamespaceDef nsp = d.b.namespaces.get(t.namespaceOid());
            final SequenceDef s = DdlObjects.createOwnedSequence(d, nsp, t.name(), spec.name(), spec.type(), t.oid(), attnum,
                spec.identity(), spec.identityStart(), spec.identityIncrement());
            def = nextvalDefault(nsp, s.name());
        }
        final ColumnDef c = new ColumnDef(attnum, spec.name(), spec.type(), spec.typmod(),
            spec.notNull() || spec.serial() || spec.identity() != 0, def, missingValue, spec.identity());
        d.b.attTid.put(CatalogRows.attKey(t.oid(), attnum),
            d.io.insert(d.tx, CatalogRows.ATTRIBUTES, CatalogIo.columnRow(t.oid(), c)));
        final List<ColumnDef> cols = new ArrayList<>(t.columns());
        cols.add(c);
        return d.withColumns(t, cols);
    }

    static TableDef renameTable(final Ddl d, final TableDef given, final String newName) {
        final TableDef t = d.table(given.oid());
        final String name = Names.truncate(newName);
        if (d.b.relationNameTaken(t.namespaceOid(), name)) {
            throw Ddl.exists(name);
        }
        final TableDef nt = new TableDef(t.oid(), name, t.namespaceOid(), t.relfilenode(), t.columns(), t.indexes(),
            t.constraints(), t.options(), t.ownerOid(), t.rowTypeOid());
        d.b.tables.put(t.oid(), nt);
        d.b.relTid.put(t.oid(), d.io.update(d.tx, CatalogRows.RELATIONS, d.b.relTid.get(t.oid()), CatalogIo.tableRow(nt)));
        return nt;
    }
}
