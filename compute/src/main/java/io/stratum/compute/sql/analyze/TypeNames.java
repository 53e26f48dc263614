package io.stratum.compute.sql.analyze;

import io.stratum.compute.sql.ast.TypeName;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.types.PgType;
import java.util.List;

/** Type names of DDL and casts to types and type modifiers. */
public final class TypeNames {
    private TypeNames() {
    }

    public static PgType type(final TypeName t) {
        return type(t, t.pos());
    }

    /**
     * The enum type a type name denotes (a built-in type's name never does unless qualified with another
     * schema, as pg_catalog is searched first), or null.
     */
    public static io.stratum.compute.types.EnumType enumOf(final TypeName t, final io.stratum.compute.catalog.CatalogSnapshot cat,
                                                           final io.stratum.compute.catalog.CatalogContext cc) {
        if (cat == null || t.schema() != null && t.schema().equals("pg_catalog")) {
            return null;
        }
        if (t.schema() == null && (SqlTypes.byName(t.name()) != null || PgType.byName(t.name()) != null
            || serial(t) || t.name().equals("char"))) {
            return null;
        }
        return cat.enumType(cc, t.schema(), t.name());
    }

    /** Whether {@code name} is a built-in type's name. */
    public static boolean builtin(final String name) {
        return PgType.byName(name) != null && PgType.byName(name) != PgType.ENUM && PgType.byName(name) != PgType.ENUM_ARRAY;
    }

    /** As {@link #type(TypeName)}, enum types included ({@link PgType#ENUM} / {@link PgType#ENUM_ARRAY}). */
    public static PgType type(final TypeName t, final io.stratum.compute.catalog.CatalogSnapshot cat,
                              final io.stratum.compute.catalog.CatalogContext cc) {
        final io.stratum.compute.types.EnumType e = enumOf(t, cat, cc);
        if (e != null) {
            return t.arrayDims() > 0 ? PgType.ENUM_ARRAY : PgType.ENUM;
        }
        return type(t, t.pos());
    }

    /** As {@link #typmod(TypeName)}; an enum type's typmod is its OID. */
    public static int typmod(final TypeName t, final io.stratum.compute.catalog.CatalogSnapshot cat,
                             final io.stratum.compute.catalog.CatalogContext cc) {
        final io.stratum.compute.types.EnumType e = enumOf(t, cat, cc);
        return e != null ? e.oid() : typmod(t);
    }

    static PgType type(final TypeName t, final int pos) {
        String name = t.name();
        if (name.equals("serial") || name.equals("smallserial") || name.equals("bigserial")) {
            name = name.equals("serial") ? "int4" : name.equals("bigserial") ? "int8" : "int2";
        }
        PgType p = name.equals("char") && t.schema() == null ? PgType.CHAR : SqlTypes.byName(name);
        if (p == null) {
            p = PgType.byName(name);
        }
        if (p == null) {
            throw ExprBinder.err("42704", "type \"" + t.name() + "\" does not exist", pos);
        }
        if (t.arrayDims() > 0) {
            final PgType a = SqlTypes.arrayOf(p);
            if (a == null) {
                throw ExprBinder.err("0A000", "arrays of type " + t.name() + " are not supported", pos);
            }
            return a;
        }
        return p;
    }

    public static int typmod(final TypeName t) {
        final List<Integer> m = t.modifiers();
        switch (t.name()) {
            case "varchar":
            case "bpchar":
                return m.isEmpty() ? (t.name().equals("bpchar") ? 5 : -1) : m.get(0) + 4;
            case "numeric":
                if (m.isEmpty()) {
                    return -1;
                }
                return ((m.get(0) << 16) | (m.size() > 1 ? m.get(1) : 0)) + 4;
            case "timestamp":
            case "timestamptz":
            case "time":
                return m.isEmpty() ? -1 : m.get(0);
            default:
                return -1;
        }
    }


    public static boolean serial(final TypeName t) {
        return t.name().equals("serial") || t.name().equals("bigserial") || t.name().equals("smallserial");
    }
}
