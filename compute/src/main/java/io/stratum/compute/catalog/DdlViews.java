package io.stratum.compute.catalog;

import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import java.util.List;

/** CREATE [OR REPLACE] VIEW against the catalog heaps, with PostgreSQL's checks and errors (DROP: {@link DropCascade}). */
final class DdlViews {
    private DdlViews() {
    }

    static ViewDef createView(final Ddl d, final CatalogContext ctx, final String schema, final String name,
                              final List<ColumnDef> columns, final String definition, final ViewDef.Reads reads,
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
            reads, NamespaceDef.SUPERUSER_OID);
        d.b.views.put(v.oid(), v);
        d.b.relTid.put(v.oid(), d.io.insert(d.tx, CatalogRows.RELATIONS, CatalogIo.viewRelRow(v)));
        for (final ColumnDef c : v.columns()) {
            d.b.attTid.put(CatalogRows.attKey(v.oid(), c.attnum()), d.io.insert(d.tx, CatalogRows.ATTRIBUTES,
                CatalogIo.columnRow(v.oid(), c)));
        }
        return v;
    }

    static void delete(final Ddl d, final ViewDef v) {
        d.io.delete(d.tx, CatalogRows.RELATIONS, d.b.relTid.remove(v.oid()));
        for (final ColumnDef c : v.columns()) {
            final Long tid = d.b.attTid.remove(CatalogRows.attKey(v.oid(), c.attnum()));
            if (tid != null) {
                d.io.delete(d.tx, CatalogRows.ATTRIBUTES, tid);
            }
        }
        d.b.views.remove(v.oid());
    }
}
