package io.stratum.compute.catalog;

import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import java.util.List;

/** CREATE [OR REPLACE] VIEW and DROP VIEW against the catalog heaps, with PostgreSQL's checks and errors. */
final class DdlViews {
    private DdlViews() {
    }

    static ViewDef createView(final Ddl d, final CatalogContext ctx, final String schema, final String name,
                              final List<ColumnDef> columns, final String definition, final List<Integer> dependsOn,
                              final boolean orReplace) {
        final NamespaceDef nsp = d.creationNamespace(ctx, schema);
        final Relation old = d.view().relationIn(nsp.oid(), name);
        if (old != null && !(orReplace && old instanceof ViewDef)) {
            if (orReplace) {
                throw new SqlException("42809", "\"" + name + "\" is not a view");
            }
            throw Ddl.exists(name);
        }
        if (old == null && d.b.relationNameTaken(nsp.oid(), name)) {
            throw Ddl.exists(name);
        }
        if (old != null) {
            final ViewDef o = (ViewDef) old;
            if (columns.size() < o.columns().size()) {
                throw new SqlException("42P16", "cannot drop columns from view");
            }
            for (int i = 0; i < o.columns().size(); i++) {
                final ColumnDef a = o.columns().get(i);
                final ColumnDef b = columns.get(i);
                if (!a.name().equals(b.name())) {
                    throw new SqlException("42P16", "cannot change name of view column \"" + a.name() + "\" to \"" + b.name() + "\"",
                        null, "Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.", 0, null);
                }
                if (a.type() != b.type()) {
                    throw new SqlException("42P16", "cannot change data type of view column \"" + a.name() + "\" from "
                        + SqlTypes.displayName(a.type()) + " to " + SqlTypes.displayName(b.type()));
                }
            }
            delete(d, o);
        }
        final ViewDef v = new ViewDef(old != null ? old.oid() : d.oid(), name, nsp.oid(), List.copyOf(columns), definition,
            List.copyOf(dependsOn), NamespaceDef.SUPERUSER_OID);
        d.b.views.put(v.oid(), v);
        d.b.relTid.put(v.oid(), d.io.insert(d.tx, CatalogRows.RELATIONS, CatalogIo.viewRelRow(v)));
        for (final ColumnDef c : v.columns()) {
            d.b.attTid.put(CatalogRows.attKey(v.oid(), c.attnum()), d.io.insert(d.tx, CatalogRows.ATTRIBUTES,
                CatalogIo.columnRow(v.oid(), c)));
        }
        return v;
    }

    private static void delete(final Ddl d, final ViewDef v) {
        d.io.delete(d.tx, CatalogRows.RELATIONS, d.b.relTid.remove(v.oid()));
        for (final ColumnDef c : v.columns()) {
            final Long tid = d.b.attTid.remove(CatalogRows.attKey(v.oid(), c.attnum()));
            if (tid != null) {
                d.io.delete(d.tx, CatalogRows.ATTRIBUTES, tid);
            }
        }
        d.b.views.remove(v.oid());
    }

    static boolean dropView(final Ddl d, final CatalogContext ctx, final String schema, final String name, final boolean ifExists) {
        final Relation r = d.view().resolve(ctx, schema, name);
        if (r == null) {
            if (ifExists) {
                return false;
            }
            throw new SqlException("42P01", "view \"" + CatalogSnapshot.qualified(schema, name) + "\" does not exist");
        }
        if (!(r instanceof ViewDef)) {
            throw new SqlException("42809", "\"" + name + "\" is not a view", null, r.kind() == 'r'
                ? "Use DROP TABLE to remove a table." : null, 0, null);
        }
        checkNoDependents(d, r, "view");
        delete(d, (ViewDef) r);
        return true;
    }

    /** 2BP01 when a view reads {@code r} (DROP without CASCADE). */
    static void checkNoDependents(final Ddl d, final Relation r, final String kind) {
        final List<ViewDef> deps = d.b.views.values().stream().filter(v -> v.oid() != r.oid() && v.dependsOn().contains(r.oid()))
            .sorted(java.util.Comparator.comparingInt(ViewDef::oid)).toList();
        if (!deps.isEmpty()) {
            final StringBuilder detail = new StringBuilder();
            for (final ViewDef v : deps) {
                detail.append(detail.length() > 0 ? "\n" : "").append("view ").append(v.name()).append(" depends on ")
                    .append(kind).append(' ').append(r.name());
            }
            throw new SqlException("2BP01", "cannot drop " + kind + " " + r.name() + " because other objects depend on it",
                detail.toString(), "Use DROP ... CASCADE to drop the dependent objects too.", 0, null);
        }
    }
}
