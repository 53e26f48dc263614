package io.stratum.compute.catalog;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.EnumLabel;
import io.stratum.compute.types.EnumType;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * Enum types: CREATE TYPE ... AS ENUM, ALTER TYPE ... ADD VALUE / RENAME VALUE, DROP TYPE. An enum is a
 * catalog relation row of kind {@code E} (written in the statement's transaction like every schema object,
 * so a rollback undoes it and a branch or an older LSN sees the types of its moment); its array type's OID
 * is its own plus one.
 */
final class DdlTypes {
    private DdlTypes() {
    }

    static SqlException typeExists(final String name) {
        return new SqlException("42710", "type \"" + name + "\" already exists");
    }

    static EnumType createEnum(final Ddl d, final CatalogContext ctx, final String schema, final String name,
                               final List<String> labels) {
        final NamespaceDef nsp = d.creationNamespace(ctx, schema);
        final String n = Names.truncate(name);
        if (d.b.enumIn(nsp.oid(), n) != null || rowTypeTaken(d, nsp.oid(), n)
            || nsp.oid() == NamespaceDef.PG_CATALOG && PgType.byName(n) != null) {
            throw typeExists(n);
        }
        final List<EnumType.Entry> entries = new ArrayList<>();
        final java.util.Set<String> seen = new java.util.HashSet<>();
        for (final String l : labels) {
            EnumType.checkLabel(l);
            if (!seen.add(l)) {
                // PostgreSQL reports its unique index on pg_enum
                throw new SqlException("23505", "duplicate key value violates unique constraint \"pg_enum_typid_label_index\"");
            }
        }
        int oid = d.oid();
        int array = d.oid();
        while (array != oid + 1) {
            oid = array;
            array = d.oid();
        }
        for (int i = 0; i < labels.size(); i++) {
            entries.add(new EnumType.Entry(d.oid(), i + 1, labels.get(i)));
        }
        final EnumType e = new EnumType(oid, array, n, nsp.oid(), NamespaceDef.SUPERUSER_OID, entries);
        d.b.enums.put(oid, e);
        d.b.relTid.put(oid, d.io.insert(d.tx, CatalogRows.RELATIONS, CatalogIo.enumRow(e)));
        return e;
    }

    private static boolean rowTypeTaken(final Ddl d, final int nsp, final String name) {
        for (final TableDef t : d.b.tables.values()) {
            if (t.namespaceOid() == nsp && t.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static void replace(final Ddl d, final EnumType old, final List<EnumType.Entry> entries) {
        final EnumType e = new EnumType(old.oid(), old.arrayOid(), old.name(), old.namespaceOid(), old.ownerOid(), entries);
        d.b.enums.put(e.oid(), e);
        d.b.relTid.put(e.oid(), d.io.update(d.tx, CatalogRows.RELATIONS, d.b.relTid.get(e.oid()), CatalogIo.enumRow(e)));
    }

    private static SqlException notALabel(final String label) {
        return new SqlException("22023", "\"" + label + "\" is not an existing enum label");
    }

    /**
     * ALTER TYPE ... ADD VALUE [IF NOT EXISTS] 'x' [BEFORE | AFTER 'y']: the sort order PostgreSQL's AddEnumLabel
     * gives (after the last: its order + 1; between two: their mean; before the first: its order - 1).
     * Returns false (a NOTICE for the caller) when the label exists and IF NOT EXISTS was given.
     */
    static boolean addValue(final Ddl d, final EnumType given, final String label, final boolean ifNotExists,
                            final String neighbor, final boolean after) {
        final EnumType e = d.b.enums.get(given.oid());
        EnumType.checkLabel(label);
        if (e.label(label) != null) {
            if (ifNotExists) {
                return false;
            }
            throw new SqlException("42710", "enum label \"" + label + "\" already exists");
        }
        final List<EnumLabel> ls = e.labels();
        final float order;
        if (neighbor == null) {
            order = ls.isEmpty() ? 1 : ls.get(ls.size() - 1).sortOrder() + 1;
        } else {
            final EnumLabel nb = e.label(neighbor);
            if (nb == null) {
                throw notALabel(neighbor);
            }
            final int i = ls.indexOf(nb);
            final int other = after ? i + 1 : i - 1;
            if (other < 0 || other >= ls.size()) {
                order = nb.sortOrder() + (after ? 1 : -1);
            } else {
                final float o = ls.get(other).sortOrder();
                order = (nb.sortOrder() + o) / 2;
                if (order == nb.sortOrder() || order == o) {
                    throw new SqlException("0A000", "no room left in the sort order of enum " + e.name()
                        + " between \"" + nb.label() + "\" and \"" + ls.get(other).label() + "\"");
                }
            }
        }
        final List<EnumType.Entry> entries = new ArrayList<>(e.entries());
        entries.add(new EnumType.Entry(d.oid(), order, label));
        replace(d, e, entries);
        return true;
    }

    /** ALTER TYPE ... RENAME VALUE 'a' TO 'b' (rows hold the label's OID, so they read the new name). */
    static void renameValue(final Ddl d, final EnumType given, final String from, final String to) {
        final EnumType e = d.b.enums.get(given.oid());
        EnumType.checkLabel(to);
        if (e.label(from) == null) {
            throw notALabel(from);
        }
        if (e.label(to) != null) {
            throw new SqlException("42710", "enum label \"" + to + "\" already exists");
        }
        final List<EnumType.Entry> entries = new ArrayList<>();
        for (final EnumType.Entry x : e.entries()) {
            entries.add(x.label().equals(from) ? new EnumType.Entry(x.oid(), x.sortOrder(), to) : x);
        }
        replace(d, e, entries);
    }
}
