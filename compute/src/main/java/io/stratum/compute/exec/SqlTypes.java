package io.stratum.compute.exec;

import io.stratum.compute.types.PgType;
import java.util.Locale;

/** Facts about types the binder and executor share: names, categories, numeric rank, arrays. */
public final class SqlTypes {
    private SqlTypes() {
    }

    /** The name PostgreSQL prints for a type in messages (format_type without typmod). */
    public static String displayName(final PgType t) {
        if (t == null) {
            return "unknown";
        }
        switch (t) {
            case INT2: return "smallint";
            case INT4: return "integer";
            case INT8: return "bigint";
            case FLOAT4: return "real";
            case FLOAT8: return "double precision";
            case BOOL: return "boolean";
            case VARCHAR: return "character varying";
            case BPCHAR: return "character";
            case CHAR: return "\"char\"";
            case TIMESTAMP: return "timestamp without time zone";
            case TIMESTAMPTZ: return "timestamp with time zone";
            case TIME: return "time without time zone";
            case INT2VECTOR: case OIDVECTOR: return t.typname();
            case INT4_ARRAY: return "integer[]";
            case INT8_ARRAY: return "bigint[]";
            case INT2_ARRAY: return "smallint[]";
            case TEXT_ARRAY: return "text[]";
            case NAME_ARRAY: return "name[]";
            case OID_ARRAY: return "oid[]";
            case BOOL_ARRAY: return "boolean[]";
            case CHAR_ARRAY: return "\"char\"[]";
            case FLOAT8_ARRAY: return "double precision[]";
            case VARCHAR_ARRAY: return "character varying[]";
            case JSON_ARRAY: return "json[]";
            case JSONB_ARRAY: return "jsonb[]";
            default: return isArray(t) ? displayName(elementType(t)) + "[]" : t.typname();
        }
    }

    /** The type a SQL type name denotes (int, integer, varchar, "character varying", ...), or null. */
    public static PgType byName(final String name) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        if (n.startsWith("pg_catalog.")) {
            n = n.substring("pg_catalog.".length());
        }
        if (n.endsWith("[]")) {
            final PgType el = byName(n.substring(0, n.length() - 2));
            return el == null ? null : arrayOf(el);
        }
        if (n.startsWith("_")) {
            final PgType el = byName(n.substring(1));
            if (el != null && arrayOf(el) != null) {
                return arrayOf(el);
            }
        }
        switch (n) {
            case "int": case "integer": case "int4": case "serial": case "serial4": return PgType.INT4;
            case "bigint": case "int8": case "bigserial": case "serial8": return PgType.INT8;
            case "smallint": case "int2": case "smallserial": case "serial2": return PgType.INT2;
            case "real": case "float4": return PgType.FLOAT4;
            case "double precision": case "float8": case "float": case "double": return PgType.FLOAT8;
            case "numeric": case "decimal": return PgType.NUMERIC;
            case "bool": case "boolean": return PgType.BOOL;
            case "text": return PgType.TEXT;
            case "varchar": case "character varying": return PgType.VARCHAR;
            case "char": case "character": case "bpchar": return PgType.BPCHAR;
            case "\"char\"": return PgType.CHAR;
            case "name": return PgType.NAME;
            case "bytea": return PgType.BYTEA;
            case "date": return PgType.DATE;
            case "time": case "time without time zone": return PgType.TIME;
            case "timestamp": case "timestamp without time zone": return PgType.TIMESTAMP;
            case "timestamptz": case "timestamp with time zone": return PgType.TIMESTAMPTZ;
            case "interval": return PgType.INTERVAL;
            case "uuid": return PgType.UUID;
            case "json": return PgType.JSON;
            case "jsonb": return PgType.JSONB;
            case "oid": return PgType.OID;
            case "regclass": return PgType.REGCLASS;
            case "regtype": return PgType.REGTYPE;
            case "regproc": case "regprocedure": return PgType.REGPROC;
            case "int2vector": return PgType.INT2VECTOR;
            case "oidvector": return PgType.OIDVECTOR;
            case "record": return PgType.RECORD;
            case "void": return PgType.VOID;
            case "unknown": return PgType.UNKNOWN;
            case "regnamespace": case "regrole": case "xid": case "cid": case "tid": return PgType.OID;
            case "cstring": case "anyelement": case "pg_node_tree": return PgType.TEXT;
            default: return null;
        }
    }

    /** The array type whose elements are {@code el}, or null. */
    public static PgType arrayOf(final PgType el) {
        switch (el) {
            case UNKNOWN: return PgType.TEXT_ARRAY;
            case OID: case REGCLASS: case REGTYPE: return PgType.OID_ARRAY;
            case INT2VECTOR: case OIDVECTOR: case RECORD: case VOID: return null;
            default: return el.arrayType();
        }
    }

    /** The element type of an array type, or null when {@code t} is no array. */
    public static PgType elementType(final PgType t) {
        switch (t) {
            case INT2VECTOR: return PgType.INT2;
            case OIDVECTOR: return PgType.OID;
            default: return t.name().endsWith("_ARRAY") ? t.elementType() : null;
        }
    }

    public static boolean isArray(final PgType t) {
        return elementType(t) != null;
    }

    /** Numeric rank for implicit promotion: int2 0, int4 1, int8 2, numeric 3, float4 4, float8 5; -1 otherwise. */
    public static int numericRank(final PgType t) {
        switch (t) {
            case INT2: return 0;
            case INT4: return 1;
            case INT8: case OID: case REGCLASS: case REGTYPE: case REGPROC: return 2;
            case NUMERIC: return 3;
            case FLOAT4: return 4;
            case FLOAT8: return 5;
            default: return -1;
        }
    }

    public static PgType byRank(final int rank) {
        switch (rank) {
            case 0: return PgType.INT2;
            case 1: return PgType.INT4;
            case 2: return PgType.INT8;
            case 3: return PgType.NUMERIC;
            case 4: return PgType.FLOAT4;
            default: return PgType.FLOAT8;
        }
    }

    /** PostgreSQL's type category letter: N numeric, S string, B boolean, D datetime, T timespan, A array, U other. */
    public static char category(final PgType t) {
        switch (t) {
            case INT2: case INT4: case INT8: case NUMERIC: case FLOAT4: case FLOAT8: case OID: case REGCLASS:
            case REGTYPE: case REGPROC:
                return 'N';
            case TEXT: case VARCHAR: case BPCHAR: case NAME: case CHAR:
                return 'S';
            case BOOL: return 'B';
            case DATE: case TIMESTAMP: case TIMESTAMPTZ: case TIME: return 'D';
            case INTERVAL: return 'T';
            case UNKNOWN: return 'X';
            case ENUM: return 'E';
            default: return isArray(t) ? 'A' : 'U';
        }
    }

    public static boolean isString(final PgType t) {
        return category(t) == 'S';
    }

    /** Whether a value of {@code from} converts implicitly (assignment excluded) to {@code to}. */
    public static boolean implicitlyCoercible(final PgType from, final PgType to) {
        if (from == to || from == PgType.UNKNOWN) {
            return true;
        }
        final int a = numericRank(from);
        final int b = numericRank(to);
        if (a >= 0 && b >= 0) {
            if (isOidLike(to)) {
                return from == PgType.INT2 || from == PgType.INT4 || from == PgType.INT8 || isOidLike(from);
            }
            if (isOidLike(from)) {
                return to == PgType.INT8 || to == PgType.NUMERIC || to == PgType.FLOAT8 || to == PgType.FLOAT4 || isOidLike(to);
            }
            return a <= b;
        }
        if (isString(from) && (to == PgType.TEXT || to == PgType.VARCHAR || to == PgType.BPCHAR || to == PgType.NAME)) {
            return true;
        }
        if (from == PgType.DATE && (to == PgType.TIMESTAMP || to == PgType.TIMESTAMPTZ)) {
            return true;
        }
        if (from == PgType.TIMESTAMP && to == PgType.TIMESTAMPTZ) {
            return true;
        }
        if ((from == PgType.INT2VECTOR && to == PgType.INT2_ARRAY) || (from == PgType.OIDVECTOR && to == PgType.OID_ARRAY)) {
            return true;
        }
        return isArray(from) && isArray(to) && implicitlyCoercible(elementType(from), elementType(to));
    }

    public static boolean isOidLike(final PgType t) {
        return t == PgType.OID || t == PgType.REGCLASS || t == PgType.REGTYPE || t == PgType.REGPROC;
    }
}
