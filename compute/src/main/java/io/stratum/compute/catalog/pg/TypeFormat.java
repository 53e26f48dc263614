package io.stratum.compute.catalog.pg;

import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.NamespaceDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.types.PgType;

/** format_type as PostgreSQL's format_type_extended. */
final class TypeFormat {
    private TypeFormat() {
    }

    /** numeric's scale from a typmod (PostgreSQL 15 allows negative scales: 11 signed bits). */
    static int numericScale(final int typmod) {
        return (((typmod - 4) & 0x7FF) ^ 1024) - 1024;
    }

    static String format(final CatalogSnapshot s, final long typeOid, final Integer typmod) {
        final PgType t = typeOid >= 0 && typeOid <= Integer.MAX_VALUE ? PgType.byOid((int) typeOid) : null;
        final boolean given = typmod != null;
        final boolean withMod = given && typmod >= 0;
        final io.stratum.compute.types.EnumType en = t == null && s != null ? s.enumType((int) typeOid) : null;
        if (en != null) {
            final String name = CatalogFunctions.quoteIdent(en.name());
            final String q = en.namespaceOid() == NamespaceDef.PUBLIC ? name
                : CatalogFunctions.quoteIdent(s.namespace(en.namespaceOid()).name()) + "." + name;
            return en.oid() == typeOid ? q : q + "[]";
        }
        if (t == null) {
            final TableDef table = s == null ? null : s.tableOfRowType((int) typeOid);
            if (table == null) {
                return "???";
            }
            final String name = CatalogFunctions.quoteIdent(table.name());
            return table.namespaceOid() == NamespaceDef.PUBLIC ? name
                : CatalogFunctions.quoteIdent(s.namespace(table.namespaceOid()).name()) + "." + name;
        }
        if (TypeRows.isArray(t)) {
            return format(s, t.elementType().oid(), typmod) + "[]";
        }
        switch (t) {
            case BPCHAR:
                if (withMod) {
                    return "character(" + (typmod - 4) + ")";
                }
                // typmod -1 given: bpchar (not CHARACTER, which would mean character(1)); no typmod: character
                return given ? "bpchar" : "character";
            case VARCHAR:
                return withMod ? "character varying(" + (typmod - 4) + ")" : "character varying";
            case NUMERIC:
                if (withMod && typmod >= 4) {
                    return "numeric(" + (((typmod - 4) >> 16) & 0xFFFF) + "," + numericScale(typmod) + ")";
                }
                return "numeric";
            case TIME:
                return withMod ? "time(" + typmod + ") without time zone" : "time without time zone";
            case TIMESTAMP:
                return withMod ? "timestamp(" + typmod + ") without time zone" : "timestamp without time zone";
            case TIMESTAMPTZ:
                return withMod ? "timestamp(" + typmod + ") with time zone" : "timestamp with time zone";
            case INTERVAL:
                return withMod && (typmod & 0xFFFF) != 0xFFFF ? "interval(" + (typmod & 0xFFFF) + ")" : "interval";
            default:
                return t.sqlName();
        }
    }
}
