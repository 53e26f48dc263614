package io.stratum.compute.catalog.pg;

import static io.stratum.compute.catalog.pg.SysRel.i2;
import static io.stratum.compute.catalog.pg.SysRel.oid;

import io.stratum.compute.catalog.CatalogContext;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.NamespaceDef;
import io.stratum.compute.types.EnumLabel;
import io.stratum.compute.types.EnumType;
import io.stratum.compute.types.PgType;

/** Enum types in the virtual catalogs: pg_type rows (typtype {@code e} and the array type), pg_enum rows. */
final class EnumRows {
    static final long ENUM_IN = 3504;
    static final long ENUM_OUT = 3505;
    static final long ENUM_RECV = 3532;
    static final long ENUM_SEND = 3533;

    private EnumRows() {
    }

    static void pgEnum(final CatalogSnapshot s, final CatalogContext ctx, final SysRel.Rows out) {
        for (final EnumType e : s.enums()) {
            for (final EnumLabel l : e.labels()) {
                out.add().set("oid", oid(l.oid())).set("enumtypid", oid(e.oid())).set("enumsortorder", l.sortOrder())
                    .set("enumlabel", l.label());
            }
        }
    }

    static void pgType(final CatalogSnapshot s, final SysRel.Rows out) {
        for (final EnumType e : s.enums()) {
            row(out, e.oid(), e.name(), e, 4, true, "e", "E", 0, e.arrayOid(), ENUM_IN, ENUM_OUT, ENUM_RECV, ENUM_SEND, 0);
            row(out, e.arrayOid(), "_" + e.name(), e, -1, false, "b", "A", e.oid(), 0, TypeRows.ARRAY_IN,
                TypeRows.ARRAY_OUT, 2400, 2401, TypeRows.ARRAY_SUBSCRIPT);
        }
    }

    private static void row(final SysRel.Rows out, final int oid, final String name, final EnumType e, final int len,
                            final boolean byval, final String typtype, final String category, final int elem, final int array,
                            final long in, final long outFn, final long recv, final long send, final long subscript) {
        out.add().set("oid", oid(oid)).set("typname", name).set("typnamespace", oid(e.namespaceOid()))
            .set("typowner", oid(e.ownerOid())).set("typlen", i2(len)).set("typbyval", byval).set("typtype", typtype)
            .set("typcategory", category).set("typispreferred", false).set("typisdefined", true).set("typdelim", ",")
            .set("typrelid", oid(0)).set("typsubscript", oid(subscript)).set("typelem", oid(elem))
            .set("typarray", oid(array)).set("typinput", oid(in)).set("typoutput", oid(outFn)).set("typreceive", oid(recv))
            .set("typsend", oid(send)).set("typmodin", oid(0)).set("typmodout", oid(0)).set("typanalyze", oid(0))
            .set("typalign", "i").set("typstorage", len == 4 ? "p" : "x").set("typnotnull", false)
            .set("typbasetype", oid(0)).set("typtypmod", -1).set("typndims", 0).set("typcollation", oid(0));
    }

    /** information_schema.columns of an enum column: USER-DEFINED, the enum's schema and name. */
    static void enumColumn(final CatalogSnapshot s, final SysRel.Rows out, final PgType type, final int typmod) {
        if (type != PgType.ENUM && type != PgType.ENUM_ARRAY) {
            return;
        }
        final EnumType e = s.enumType(typmod);
        if (e == null) {
            return;
        }
        final NamespaceDef n = s.namespace(e.namespaceOid());
        out.set("data_type", type == PgType.ENUM ? "USER-DEFINED" : "ARRAY").set("udt_schema", n == null ? null : n.name())
            .set("udt_name", type == PgType.ENUM ? e.name() : "_" + e.name());
    }
}
