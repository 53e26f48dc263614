package io.stratum.compute.catalog;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.storage.RowCursor;
import io.stratum.compute.storage.TableAccess;
import java.util.ArrayList;
import java.util.List;

/** CREATE / DROP INDEX and the PRIMARY KEY, UNIQUE and CHECK constraints. */
final class DdlIndexes {
    private DdlIndexes() {
    }

    /** A unique B-tree plus its p / u constraint; {@code build} fills it from existing rows. */
    static TableDef addKeyConstraint(final Ddl d, final TableDef given, final String explicitName,
                                     final ConstraintKind kind, final List<String> columns, final boolean build) {
        TableDef t = d.table(given.oid());
        final boolean primary = kind == ConstraintKind.PRIMARY_KEY;
        if (primary && t.primaryKey() != null) {
            throw new SqlException("42P16", "multiple primary keys for table \"" + t.name() + "\" are not allowed");
        }
        final int[] attnums = Ddl.attnums(t, columns, true);
        final String name;
        if (explicitName != null) {
            name = Names.truncate(explicitName);
            if (d.b.relationNameTaken(t.namespaceOid(), name)) {
                throw Ddl.exists(name);
            }
        } else {
            name = d.chooseRelationName(t.name(), primary ? null : Names.columnPart(columns), primary ? "pkey" : "key",
                t.namespaceOid());
        }
        if (primary) {
            t = d.setNotNull(t, attnums);
        }
        final IndexDef index = createIndexObject(d, t, name, attnums, true, primary, null);
        final ConstraintDef c = new ConstraintDef(d.oid(), name, kind, t.oid(), attnums, index.oid(), null);
        d.b.conTid.put(c.oid(), d.io.insert(d.tx, CatalogRows.CONSTRAINTS, CatalogIo.constraintRow(c)));
        t = d.b.refreshTable(t.oid(), Ddl.plus(t, c));
        if (build) {
            // as PostgreSQL: duplicates are reported before NULLs
            d.access(t).buildIndex(d.tx, d.b.indexes.get(index.oid()));
            if (primary) {
                checkNoNulls(d, t, attnums);
            }
        }
        return t;
    }

    private static void checkNoNulls(final Ddl d, final TableDef t, final int[] attnums) {
        final TableAccess a = d.access(t);
        try (RowCursor c = a.scan(d.tx)) {
            while (c.next()) {
                for (final int n : attnums) {
                    if (c.row()[n - 1] == null) {
                        throw new SqlException("23502", "column \"" + t.columns().get(n - 1).name() + "\" of relation \""
                            + t.name() + "\" contains null values");
                    }
                }
            }
        }
    }

    /** The B-tree and its pg_class / pg_index rows (not yet in the table's index list). */
    private static IndexDef createIndexObject(final Ddl d, final TableDef t, final String name, final int[] attnums,
                                              final boolean unique, final boolean primary, final IndexSpec spec) {
        final int oid = d.oid();
        d.store.createBTree(d.tx, oid, unique);
        final IndexDef index = spec == null ? new IndexDef(oid, name, t.namespaceOid(), t.oid(), attnums, unique, primary, oid)
            : new IndexDef(oid, name, t.namespaceOid(), t.oid(), attnums, unique, primary, oid, List.copyOf(spec.exprs()),
                spec.exprTypeOids().clone(), spec.predicate(), List.copyOf(spec.pretty()));
        d.b.indexes.put(oid, index);
        d.b.relTid.put(oid, d.io.insert(d.tx, CatalogRows.RELATIONS, CatalogIo.indexRelRow(index, t.ownerOid())));
        d.b.idxTid.put(oid, d.io.insert(d.tx, CatalogRows.INDEXES, CatalogIo.indexRow(index)));
        return index;
    }

    static IndexDef createIndex(final Ddl d, final CatalogContext ctx, final IndexSpec spec) {
        TableDef t = d.table(d.view().table(ctx, spec.schema(), spec.table()).oid());
        final int[] attnums = new int[spec.columns().size()];
        for (int k = 0; k < attnums.length; k++) {
            final String c = spec.columns().get(k);
            attnums[k] = c == null ? 0 : Ddl.attnums(t, List.of(c), false)[0];
        }
        final String name;
        if (spec.name() != null) {
            name = Names.truncate(spec.name());
            if (d.b.relationNameTaken(t.namespaceOid(), name)) {
                if (spec.ifNotExists()) {
                    return null;
                }
                throw Ddl.exists(name);
            }
        } else {
            name = d.chooseRelationName(t.name(), Names.columnPart(spec.nameParts()), "idx", t.namespaceOid());
        }
        for (final int a : attnums) {
            if (a > 0 && !io.stratum.compute.storage.KeyCodec.supports(t.columns().get(a - 1).type())) {
                throw new SqlException("42704", "data type " + t.columns().get(a - 1).type().sqlName()
                    + " has no default operator class for access method \"btree\"");
            }
        }
        for (final int oid : spec.exprTypeOids()) {
            final io.stratum.compute.types.PgType type = io.stratum.compute.types.PgType.byOid(oid);
            if (type == null || !io.stratum.compute.storage.KeyCodec.supports(type)) {
                throw new SqlException("42704", "data type " + (type == null ? String.valueOf(oid) : type.sqlName())
                    + " has no default operator class for access method \"btree\"");
            }
        }
        final IndexDef index = createIndexObject(d, t, name, attnums, spec.unique(), false, spec);
        t = d.b.refreshTable(t.oid(), t.constraints());
        d.access(t).buildIndex(d.tx, index);
        return index;
    }

    static boolean dropIndex(final Ddl d, final CatalogContext ctx, final String schema, final String name,
                             final boolean ifExists) {
        final Relation r = d.view().resolve(ctx, schema, name);
        if (r == null) {
            if (ifExists) {
                return false;
            }
            throw new SqlException("42704", "index \"" + CatalogSnapshot.qualified(schema, name) + "\" does not exist");
        }
        if (!(r instanceof IndexDef index)) {
            throw new SqlException("42809", "\"" + name + "\" is not an index");
        }
        final TableDef t = d.table(index.tableOid());
        for (final ConstraintDef c : t.constraints()) {
            if (c.indexOid() == index.oid() && !c.foreignKey()) {
                throw new SqlException("2BP01", "cannot drop index " + index.name() + " because constraint " + c.name()
                    + " on table " + t.name() + " requires it", null, "You can drop constraint " + c.name()
                    + " on table " + t.name() + " instead.", 0, null);
            }
        }
        final List<ConstraintDef> fks = new ArrayList<>();
        for (final ConstraintDef c : DdlForeignKeys.referencing(d, t, true)) {
            if (c.indexOid() == index.oid()) {
                fks.add(c);
            }
        }
        if (!fks.isEmpty()) {
            throw DdlForeignKeys.dependents("index " + index.name(), fks, d, "index " + index.name());
        }
        d.io.delete(d.tx, CatalogRows.RELATIONS, d.b.relTid.remove(index.oid()));
        d.io.delete(d.tx, CatalogRows.INDEXES, d.b.idxTid.remove(index.oid()));
        d.b.indexes.remove(index.oid());
        d.b.refreshTable(t.oid(), t.constraints());
        return true;
    }

    static TableDef addCheck(final Ddl d, final TableDef given, final ConstraintSpec spec) {
        final TableDef t = d.table(given.oid());
        final List<Integer> known = new ArrayList<>();
        for (final String c : spec.checkExpr() != null ? referencedColumns(t, spec.checkExpr()) : spec.columns()) {
            final int i = t.columnIndex(c);
            if (i >= 0 && !known.contains(i + 1)) {
                known.add(i + 1);
            }
        }
        known.sort(null);
        final String name;
        if (spec.name() != null) {
            name = Names.truncate(spec.name());
            if (d.constraintNameTaken(t, name)) {
                throw new SqlException("42710", "constraint \"" + name + "\" for relation \"" + t.name()
                    + "\" already exists");
            }
        } else {
            name = checkName(t, spec.checkExpr() != null ? referencedColumns(t, spec.checkExpr()) : spec.columns());
        }
        final int[] keys = known.stream().mapToInt(Integer::intValue).toArray();
        final ConstraintDef c = new ConstraintDef(d.oid(), name, ConstraintKind.CHECK, t.oid(), keys, 0, spec.checkExpr());
        d.b.conTid.put(c.oid(), d.io.insert(d.tx, CatalogRows.CONSTRAINTS, CatalogIo.constraintRow(c)));
        return d.b.refreshTable(t.oid(), Ddl.plus(t, c));
    }

    /** PostgreSQL's name for an unnamed CHECK: t_col_check when it uses exactly one column, else t_check. */
    static String checkName(final TableDef t, final List<String> columns) {
        final List<String> distinct = columns.stream().distinct().toList();
        final String column = distinct.size() == 1 ? distinct.get(0) : null;
        String name = Names.makeObjectName(t.name(), column, "check");
        for (int pass = 1; taken(t, name); pass++) {
            name = Names.makeObjectName(t.name(), column, "check" + pass);
        }
        return name;
    }

    private static boolean taken(final TableDef t, final String name) {
        for (final ConstraintDef c : t.constraints()) {
            if (c.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The table's columns an expression text mentions, in order of appearance: unquoted identifiers (folded
     * to lower case) and quoted ones, skipping string literals, type names after {@code ::} and function names.
     */
    static List<String> referencedColumns(final TableDef t, final String expr) {
        final List<String> out = new ArrayList<>();
        final int n = expr.length();
        int i = 0;
        boolean afterCast = false;
        while (i < n) {
            final char c = expr.charAt(i);
            if (c == '\'') {
                i++;
                while (i < n && !(expr.charAt(i) == '\'' && (i + 1 >= n || expr.charAt(i + 1) != '\''))) {
                    i += expr.charAt(i) == '\'' ? 2 : 1;
                }
                i++;
                afterCast = false;
            } else if (c == ':' && i + 1 < n && expr.charAt(i + 1) == ':') {
                i += 2;
                afterCast = true;
            } else if (c == '"' || Character.isLetter(c) || c == '_') {
                final StringBuilder id = new StringBuilder();
                if (c == '"') {
                    i++;
                    while (i < n && !(expr.charAt(i) == '"' && (i + 1 >= n || expr.charAt(i + 1) != '"'))) {
                        id.append(expr.charAt(i));
                        i += expr.charAt(i) == '"' ? 2 : 1;
                    }
                    i++;
                } else {
                    while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == '$')) {
                        id.append(Character.toLowerCase(expr.charAt(i)));
                        i++;
                    }
                }
                int j = i;
                while (j < n && expr.charAt(j) == ' ') {
                    j++;
                }
                final boolean call = j < n && expr.charAt(j) == '(';
                if (!afterCast && !call && t.columnIndex(id.toString()) >= 0) {
                    out.add(id.toString());
                }
                afterCast = false;
            } else {
                if (c != ' ') {
                    afterCast = false;
                }
                i++;
            }
        }
        return out;
    }
}
