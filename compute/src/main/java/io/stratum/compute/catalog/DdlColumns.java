package io.stratum.compute.catalog;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.storage.RowCursor;
import io.stratum.compute.storage.TableAccess;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * ALTER TABLE on columns: DROP COLUMN (kept as a dropped attribute, as PostgreSQL), RENAME COLUMN, SET / DROP
 * DEFAULT, SET / DROP NOT NULL, ALTER TYPE (rewrites the rows into a new heap and rebuilds the indexes), and
 * RENAME CONSTRAINT.
 */
final class DdlColumns {
    private DdlColumns() {
    }

    /** The live column {@code name} of {@code t}; 42703 when none. */
    static ColumnDef column(final TableDef t, final String name) {
        final int i = t.columnIndex(name);
        if (i < 0 || t.columns().get(i).dropped()) {
            throw new SqlException("42703", "column \"" + name + "\" of relation \"" + t.name() + "\" does not exist");
        }
        return t.columns().get(i);
    }

    private static TableDef replace(final Ddl d, final TableDef t, final ColumnDef c) {
        final List<ColumnDef> cols = new ArrayList<>(t.columns());
        cols.set(c.attnum() - 1, c);
        final long key = CatalogRows.attKey(t.oid(), c.attnum());
        d.b.attTid.put(key, d.io.update(d.tx, CatalogRows.ATTRIBUTES, d.b.attTid.get(key), CatalogIo.columnRow(t.oid(), c)));
        return d.withColumns(t, cols);
    }

    static TableDef dropColumn(final Ddl d, final TableDef given, final String name, final boolean ifExists,
                               final boolean cascade, final List<String> notices) {
        TableDef t = d.table(given.oid());
        final int i = t.columnIndex(name);
        if (i < 0 || t.columns().get(i).dropped()) {
            if (ifExists) {
                notices.add("column \"" + name + "\" of relation \"" + t.name() + "\" does not exist, skipping");
                return t;
            }
            throw new SqlException("42703", "column \"" + name + "\" of relation \"" + t.name() + "\" does not exist");
        }
        final int attnum = i + 1;
        // views reading the column, FOREIGN KEYs of other tables on a unique index with it: CASCADE drops them
        final DropCascade walk = new DropCascade(d, List.of(new DropCascade.Obj('c', t.oid(), attnum)));
        walk.check(cascade, notices);
        walk.execute(true);
        t = d.table(t.oid());
        for (final ConstraintDef c : List.copyOf(t.constraints())) {
            final boolean uses = contains(c.keyAttnums(), attnum) || (c.kind() == ConstraintKind.CHECK
                && c.checkExpr() != null && DdlIndexes.referencedColumns(t, c.checkExpr()).contains(name))
                || (c.foreignKey() && c.refTableOid() == t.oid() && contains(c.refAttnums(), attnum));
            if (uses) {
                DdlForeignKeys.removeConstraint(d, c);
            }
        }
        t = d.table(t.oid());
        for (final IndexDef x : List.copyOf(t.indexes())) {
            if (contains(x.keyAttnums(), attnum) || reads(t, x, name)) {
                d.io.delete(d.tx, CatalogRows.RELATIONS, d.b.relTid.remove(x.oid()));
                d.io.delete(d.tx, CatalogRows.INDEXES, d.b.idxTid.remove(x.oid()));
                d.b.indexes.remove(x.oid());
            }
        }
        t = d.b.refreshTable(t.oid(), d.table(t.oid()).constraints());
        for (final SequenceDef s : List.copyOf(d.b.sequences.values())) {
            if (s.ownedByTable() == t.oid() && s.ownedByColumn() == attnum) {
                DdlObjects.deleteSequence(d, s);
            }
        }
        final ColumnDef c = t.columns().get(i);
        return replace(d, t, c.with(ColumnDef.DROPPED_PREFIX + attnum + "........", c.type(), c.typmod(), false, null));
    }

    /** Whether an expression or the predicate of index {@code x} names column {@code name}. */
    static boolean reads(final TableDef t, final IndexDef x, final String name) {
        for (final String e : x.exprs()) {
            if (DdlIndexes.referencedColumns(t, e).contains(name)) {
                return true;
            }
        }
        return x.predicate() != null && DdlIndexes.referencedColumns(t, x.predicate()).contains(name);
    }

    static boolean contains(final int[] a, final int v) {
        for (final int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    static TableDef renameColumn(final Ddl d, final TableDef given, final String name, final String newName) {
        TableDef t = d.table(given.oid());
        final int at = t.columnIndex(name);
        if (at < 0 || t.columns().get(at).dropped()) {
            throw new SqlException("42703", "column \"" + name + "\" does not exist");
        }
        final ColumnDef c = t.columns().get(at);
        final String to = Names.truncate(newName);
        if (t.columnIndex(to) >= 0) {
            throw new SqlException("42701", "column \"" + to + "\" of relation \"" + t.name() + "\" already exists");
        }
        t = replace(d, t, c.with(to, c.type(), c.typmod(), c.notNull(), c.defaultExpr()));
        // CHECK expressions are kept as text: rename the column in them
        final List<ConstraintDef> cons = new ArrayList<>();
        for (final ConstraintDef k : t.constraints()) {
            if (k.kind() == ConstraintKind.CHECK && k.checkExpr() != null) {
                final String e = renameIdent(k.checkExpr(), name, to);
                if (!e.equals(k.checkExpr())) {
                    final ConstraintDef n = new ConstraintDef(k.oid(), k.name(), k.kind(), k.tableOid(), k.keyAttnums(),
                        k.indexOid(), e);
                    d.b.conTid.put(n.oid(), d.io.update(d.tx, CatalogRows.CONSTRAINTS, d.b.conTid.get(n.oid()),
                        CatalogIo.constraintRow(n)));
                    cons.add(n);
                    continue;
                }
            }
            cons.add(k);
        }
        // so are index expressions and predicates
        for (final IndexDef x : t.indexes()) {
            if (!x.plain()) {
                final IndexDef n = x.withTexts(x.exprs().stream().map(e -> renameIdent(e, name, to)).toList(),
                    x.predicate() == null ? null : renameIdent(x.predicate(), name, to),
                    x.pretty().stream().map(e -> renameIdent(e, name, to)).toList());
                if (!n.equals(x)) {
                    d.b.indexes.put(n.oid(), n);
                    d.b.idxTid.put(n.oid(), d.io.update(d.tx, CatalogRows.INDEXES, d.b.idxTid.get(n.oid()),
                        CatalogIo.indexRow(n)));
                }
            }
        }
        return d.b.refreshTable(t.oid(), cons);
    }

    /** {@code expr} with every identifier token {@code from} (outside string literals) replaced by {@code to}. */
    static String renameIdent(final String expr, final String from, final String to) {
        final StringBuilder out = new StringBuilder();
        final int n = expr.length();
        int i = 0;
        while (i < n) {
            final char c = expr.charAt(i);
            if (c == '\'') {
                final int start = i++;
                while (i < n && !(expr.charAt(i) == '\'' && (i + 1 >= n || expr.charAt(i + 1) != '\''))) {
                    i += expr.charAt(i) == '\'' ? 2 : 1;
                }
                i = Math.min(n, i + 1);
                out.append(expr, start, i);
            } else if (c == '"' || Character.isLetter(c) || c == '_') {
                final int start = i;
                final StringBuilder id = new StringBuilder();
                if (c == '"') {
                    i++;
                    while (i < n && !(expr.charAt(i) == '"' && (i + 1 >= n || expr.charAt(i + 1) != '"'))) {
                        id.append(expr.charAt(i));
                        i += expr.charAt(i) == '"' ? 2 : 1;
                    }
                    i = Math.min(n, i + 1);
                } else {
                    while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == '$')) {
                        id.append(Character.toLowerCase(expr.charAt(i)));
                        i++;
                    }
                }
                final boolean qualified = start > 0 && expr.charAt(start - 1) == '.';
                if (!qualified && id.toString().equals(from)) {
                    out.append(io.stratum.compute.catalog.pg.CatalogFunctions.quoteIdent(to));
                } else {
                    out.append(expr, start, i);
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    static TableDef setDefault(final Ddl d, final TableDef given, final String name, final String defaultExpr) {
        final TableDef t = d.table(given.oid());
        final ColumnDef c = column(t, name);
        return replace(d, t, c.with(c.name(), c.type(), c.typmod(), c.notNull(), defaultExpr));
    }

    static TableDef setNotNull(final Ddl d, final TableDef given, final String name, final boolean notNull) {
        final TableDef t = d.table(given.oid());
        final ColumnDef c = column(t, name);
        if (c.notNull() == notNull) {
            return t;
        }
        if (!notNull) {
            final IndexDef pk = t.primaryKey();
            if (pk != null && contains(pk.keyAttnums(), c.attnum())) {
                throw new SqlException("42P16", "column \"" + name + "\" is in a primary key");
            }
        } else {
            try (RowCursor rc = d.access(t).scan(d.tx)) {
                while (rc.next()) {
                    if (rc.row()[c.attnum() - 1] == null) {
                        throw new SqlException("23502", "column \"" + name + "\" of relation \"" + t.name()
                            + "\" contains null values");
                    }
                }
            }
        }
        return replace(d, t, c.with(c.name(), c.type(), c.typmod(), notNull, c.defaultExpr()));
    }

    /**
     * ALTER COLUMN TYPE: the column's new type (and default), every row rewritten through {@code convert} into a
     * new heap, every index rebuilt into a new B-tree (new relfilenodes, as PostgreSQL's table rewrite).
     */
    static TableDef alterType(final Ddl d, final TableDef given, final String name, final PgType type, final int typmod,
                              final String newDefault, final UnaryOperator<Object[]> convert) {
        final TableDef t = d.table(given.oid());
        final ColumnDef c = column(t, name);
        DdlTables.checkStorable(type);
        for (final IndexDef i : t.indexes()) {
            if (contains(i.keyAttnums(), c.attnum()) && !io.stratum.compute.storage.KeyCodec.supports(type)) {
                throw new SqlException("42704", "data type " + type.sqlName()
                    + " has no default operator class for access method \"btree\"");
            }
        }
        for (final ConstraintDef f : t.constraints()) {
            if (f.foreignKey() && contains(f.keyAttnums(), c.attnum())) {
                checkFkType(d, f, type, d.table(f.refTableOid()).columns()
                    .get(f.refAttnums()[ForeignKeysIdx.of(f.keyAttnums(), c.attnum())] - 1).type());
            }
        }
        for (final ConstraintDef f : DdlForeignKeys.referencing(d, t, true)) {
            if (contains(f.refAttnums(), c.attnum())) {
                checkFkType(d, f, type, d.table(f.tableOid()).columns()
                    .get(f.keyAttnums()[ForeignKeysIdx.of(f.refAttnums(), c.attnum())] - 1).type());
            }
        }
        final List<ColumnDef> cols = new ArrayList<>(t.columns());
        final ColumnDef nc = new ColumnDef(c.attnum(), c.name(), type, typmod, c.notNull(), newDefault, null, c.identity());
        cols.set(c.attnum() - 1, nc);
        final long key = CatalogRows.attKey(t.oid(), c.attnum());
        d.b.attTid.put(key, d.io.update(d.tx, CatalogRows.ATTRIBUTES, d.b.attTid.get(key), CatalogIo.columnRow(t.oid(), nc)));
        final int node = d.oid();
        d.store.createHeap(d.tx, node);
        final TableDef nt = new TableDef(t.oid(), t.name(), t.namespaceOid(), node, List.copyOf(cols), t.indexes(),
            t.constraints(), t.options(), t.ownerOid(), t.rowTypeOid());
        d.b.tables.put(t.oid(), nt);
        d.b.relTid.put(t.oid(), d.io.update(d.tx, CatalogRows.RELATIONS, d.b.relTid.get(t.oid()), CatalogIo.tableRow(nt)));
        for (final IndexDef i : t.indexes()) {
            final int inode = d.oid();
            d.store.createBTree(d.tx, inode, i.unique());
            final IndexDef ni = i.withRelfilenode(inode);
            d.b.indexes.put(i.oid(), ni);
            d.b.relTid.put(i.oid(), d.io.update(d.tx, CatalogRows.RELATIONS, d.b.relTid.get(i.oid()),
                CatalogIo.indexRelRow(ni, t.ownerOid())));
        }
        final TableDef rewritten = d.b.refreshTable(t.oid(), t.constraints());
        final TableAccess from = new TableAccess(d.store, t);
        final TableAccess to = new TableAccess(d.store, rewritten);
        try (RowCursor rc = from.scan(d.tx)) {
            while (rc.next()) {
                to.insert(d.tx, convert.apply(rc.row().clone()));
            }
        }
        return rewritten;
    }

    private static void checkFkType(final Ddl d, final ConstraintDef f, final PgType a, final PgType b) {
        if (!DdlForeignKeys.comparable(a, b)) {
            throw new SqlException("42804", "foreign key constraint \"" + f.name() + "\" cannot be implemented", null, null,
                0, null);
        }
    }

    /** Position of an attnum in a key. */
    private static final class ForeignKeysIdx {
        static int of(final int[] keys, final int attnum) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == attnum) {
                    return i;
                }
            }
            return -1;
        }
    }

    static TableDef renameConstraint(final Ddl d, final TableDef given, final String name, final String newName) {
        final TableDef t = d.table(given.oid());
        ConstraintDef c = null;
        for (final ConstraintDef k : t.constraints()) {
            if (k.name().equals(name)) {
                c = k;
            }
        }
        if (c == null) {
            throw new SqlException("42704", "constraint \"" + name + "\" for table \"" + t.name() + "\" does not exist");
        }
        final String to = Names.truncate(newName);
        if (d.constraintNameTaken(t, to)) {
            throw new SqlException("42710", "constraint \"" + to + "\" for relation \"" + t.name() + "\" already exists");
        }
        if (!c.foreignKey() && c.indexOid() != 0) {
            if (d.b.relationNameTaken(t.namespaceOid(), to)) {
                throw Ddl.exists(to);
            }
            final IndexDef i = d.b.indexes.get(c.indexOid());
            final IndexDef ni = i.renamed(to);
            d.b.indexes.put(i.oid(), ni);
            d.b.relTid.put(i.oid(), d.io.update(d.tx, CatalogRows.RELATIONS, d.b.relTid.get(i.oid()),
                CatalogIo.indexRelRow(ni, t.ownerOid())));
        }
        final ConstraintDef n = c.renamed(to);
        d.b.conTid.put(n.oid(), d.io.update(d.tx, CatalogRows.CONSTRAINTS, d.b.conTid.get(n.oid()),
            CatalogIo.constraintRow(n)));
        final List<ConstraintDef> cons = new ArrayList<>(t.constraints());
        cons.replaceAll(k -> k.oid() == n.oid() ? n : k);
        return d.b.refreshTable(t.oid(), cons);
    }
}
