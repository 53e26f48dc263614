package io.stratum.compute.catalog.pg;

import static io.stratum.compute.catalog.pg.SysRel.i2;
import static io.stratum.compute.catalog.pg.SysRel.oid;

import io.stratum.compute.catalog.CatalogContext;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.NamespaceDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.types.PgType;

/** pg_type rows (the built-in types and one composite type per table) and per-type storage facts. */
final class TypeRows {
    static final long ARRAY_IN = 750;
    static final long ARRAY_OUT = 751;
    static final long ARRAY_SUBSCRIPT = 6179;
    static final int DEFAULT_COLLATION = 100;
    static final int C_COLLATION = 950;

    private TypeRows() {
    }

    static boolean isArray(final PgType t) {
        return t.name().endsWith("_ARRAY");
    }

    static boolean byValue(final PgType t) {
        final int l = t.typlen();
        return l == 1 || l == 2 || l == 4 || l == 8;
    }

    static String align(final PgType t) {
        switch (t) {
            case BOOL: case CHAR: case NAME: case UNKNOWN: case UUID:
                return "c";
            case INT2:
                return "s";
            case INT8: case FLOAT8: case TIME: case TIMESTAMP: case TIMESTAMPTZ: case INTERVAL: case RECORD:
            case INT8_ARRAY: case FLOAT8_ARRAY:
                return "d";
            default:
                return "i";
        }
    }

    static String storage(final PgType t) {
        if (t == PgType.NUMERIC) {
            return "m";
        }
        if (t == PgType.INT2VECTOR || t == PgType.OIDVECTOR) {
            return "p";
        }
        return t.typlen() == -1 ? "x" : "p";
    }

    static String category(final PgType t) {
        if (isArray(t) || t == PgType.INT2VECTOR || t == PgType.OIDVECTOR) {
            return "A";
        }
        switch (t) {
            case BOOL: return "B";
            case BYTEA: case UUID: case JSON: case JSONB: return "U";
            case CHAR: return "Z";
            case NAME: case TEXT: case VARCHAR: case BPCHAR: return "S";
            case DATE: case TIME: case TIMESTAMP: case TIMESTAMPTZ: return "D";
            case INTERVAL: return "T";
            case UNKNOWN: return "X";
            case RECORD: case VOID: return "P";
            default: return "N";
        }
    }

    static boolean preferred(final PgType t) {
        switch (t) {
            case BOOL: case TEXT: case FLOAT8: case OID: case TIMESTAMPTZ: case INTERVAL: return true;
            default: return false;
        }
    }

    /** typcollation: 100 (default) for text types, 950 (C) for name, 0 otherwise; arrays as their elements. */
    static int collation(final PgType t) {
        final PgType e = isArray(t) ? t.elementType() : t;
        if (e == null) {
            return 0;
        }
        switch (e) {
            case TEXT: case VARCHAR: case BPCHAR: return DEFAULT_COLLATION;
            case NAME: return C_COLLATION;
            default: return 0;
        }
    }

    static long element(final PgType t) {
        if (t == PgType.NAME) {
            return PgType.CHAR.oid();
        }
        final PgType e = t.elementType();
        return e == null ? 0 : e.oid();
    }

    static void pgType(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final PgType t : PgType.values()) {
            if (t == PgType.ENUM || t == PgType.ENUM_ARRAY) {
                continue;
            }
            final boolean array = isArray(t);
            final boolean pseudo = t == PgType.RECORD || t == PgType.VOID || t == PgType.UNKNOWN;
            out.add().set("oid", oid(t.oid())).set("typname", t.typname()).set("typnamespace", oid(NamespaceDef.PG_CATALOG))
                .set("typowner", oid(NamespaceDef.SUPERUSER_OID)).set("typlen", i2(t.typlen()))
                .set("typbyval", byValue(t)).set("typtype", pseudo ? "p" : "b").set("typcategory", category(t))
                .set("typispreferred", preferred(t)).set("typisdefined", true).set("typdelim", ",")
                .set("typrelid", oid(0)).set("typsubscript", oid(array ? ARRAY_SUBSCRIPT : 0))
                .set("typelem", oid(element(t))).set("typarray", oid(t.arrayOid()))
                .set("typinput", oid(array ? ARRAY_IN : 0)).set("typoutput", oid(array ? ARRAY_OUT : 0))
                .set("typreceive", oid(0)).set("typsend", oid(0)).set("typmodin", oid(0)).set("typmodout", oid(0))
                .set("typanalyze", oid(0)).set("typalign", align(t)).set("typstorage", storage(t))
                .set("typnotnull", false).set("typbasetype", oid(0)).set("typtypmod", -1).set("typndims", 0)
                .set("typcollation", oid(collation(t)));
        }
        for (final TableDef t : s.tables()) {
            rowType(out, t.rowTypeOid(), t.name(), t.namespaceOid(), t.oid());
        }
        EnumRows.pgType(s, out);
    }

    private static void rowType(final SysRel.Rows out, final int typeOid, final String name, final int nsp,
                                final int relid) {
        out.add().set("oid", oid(typeOid)).set("typname", name).set("typnamespace", oid(nsp))
            .set("typowner", oid(NamespaceDef.SUPERUSER_OID)).set("typlen", i2(-1)).set("typbyval", false)
            .set("typtype", "c").set("typcategory", "C").set("typispreferred", false).set("typisdefined", true)
            .set("typdelim", ",").set("typrelid", oid(relid)).set("typsubscript", oid(0)).set("typelem", oid(0))
            .set("typarray", oid(0)).set("typinput", oid(0)).set("typoutput", oid(0)).set("typreceive", oid(0))
            .set("typsend", oid(0)).set("typmodin", oid(0)).set("typmodout", oid(0)).set("typanalyze", oid(0))
            .set("typalign", "d").set("typstorage", "x").set("typnotnull", false).set("typbasetype", oid(0))
            .set("typtypmod", -1).set("typndims", 0).set("typcollation", oid(0));
    }
}
