package io.stratum.compute.types;

import java.time.ZoneId;

/**
 * The PostgreSQL types Stratum speaks, with their OIDs and their text and binary wire codecs. Java forms
 * of values (null is SQL NULL):
 * <pre>
 * BOOL Boolean      INT2 Short     INT4 Integer    INT8 Long      OID/REGCLASS/REGTYPE/REGPROC Long
 * (a query's regclass/regtype/regproc results: RegName, the OID with the name it prints as)
 * FLOAT4 Float      FLOAT8 Double  NUMERIC java.math.BigDecimal (finite) or NumericSpecial (NaN, +-Infinity)
 * TEXT/VARCHAR/BPCHAR/NAME/CHAR/UNKNOWN String     BYTEA byte[]
 * DATE java.time.LocalDate   TIME java.time.LocalTime   TIMESTAMP java.time.LocalDateTime
 * TIMESTAMPTZ java.time.OffsetDateTime (any offset; printed in the session's TimeZone)
 * INTERVAL Interval (months, days, micros)   arrays (INT2VECTOR, OIDVECTOR, *_ARRAY) Object[] of the element's form
 * VOID: no value (printed empty)    RECORD Object[]    UUID java.util.UUID
 * JSON String (the text as given)   JSONB io.stratum.compute.json.Jsonb
 * </pre>
 * infinity and -infinity are the MAX and MIN constants of the date/time classes; {@code 24:00:00} is
 * LocalTime.MAX.
 * Codecs are stateless and thread-safe.
 */
public enum PgType {
    BOOL(16, "bool", 1, 1000),
    BYTEA(17, "bytea", -1, 1001),
    CHAR(18, "char", 1, 1002),
    NAME(19, "name", 64, 1003),
    INT8(20, "int8", 8, 1016),
    INT2(21, "int2", 2, 1005),
    INT2VECTOR(22, "int2vector", -1, 1006),
    INT4(23, "int4", 4, 1007),
    REGPROC(24, "regproc", 4, 1008),
    TEXT(25, "text", -1, 1009),
    OID(26, "oid", 4, 1028),
    OIDVECTOR(30, "oidvector", -1, 1013),
    FLOAT4(700, "float4", 4, 1021),
    FLOAT8(701, "float8", 8, 1022),
    UNKNOWN(705, "unknown", -2, 0),
    BPCHAR(1042, "bpchar", -1, 1014),
    VARCHAR(1043, "varchar", -1, 1015),
    DATE(1082, "date", 4, 1182),
    TIME(1083, "time", 8, 1183),
    TIMESTAMP(1114, "timestamp", 8, 1115),
    TIMESTAMPTZ(1184, "timestamptz", 8, 1185),
    INTERVAL(1186, "interval", 16, 1187),
    NUMERIC(1700, "numeric", -1, 1231),
    REGCLASS(2205, "regclass", 4, 2210),
    REGTYPE(2206, "regtype", 4, 2211),
    RECORD(2249, "record", -1, 2287),
    VOID(2278, "void", 4, 0),
    UUID(2950, "uuid", 16, 2951),
    JSON(114, "json", -1, 199),
    JSONB(3802, "jsonb", -1, 3807),
    JSON_ARRAY(199, "_json", -1, 0),
    JSONB_ARRAY(3807, "_jsonb", -1, 0),
    BOOL_ARRAY(1000, "_bool", -1, 0),
    INT2_ARRAY(1005, "_int2", -1, 0),
    INT4_ARRAY(1007, "_int4", -1, 0),
    INT8_ARRAY(1016, "_int8", -1, 0),
    TEXT_ARRAY(1009, "_text", -1, 0),
    CHAR_ARRAY(1002, "_char", -1, 0),
    NAME_ARRAY(1003, "_name", -1, 0),
    OID_ARRAY(1028, "_oid", -1, 0),
    FLOAT8_ARRAY(1022, "_float8", -1, 0),
    VARCHAR_ARRAY(1015, "_varchar", -1, 0),
    FLOAT4_ARRAY(1021, "_float4", -1, 0),
    NUMERIC_ARRAY(1231, "_numeric", -1, 0),
    BPCHAR_ARRAY(1014, "_bpchar", -1, 0),
    BYTEA_ARRAY(1001, "_bytea", -1, 0),
    DATE_ARRAY(1182, "_date", -1, 0),
    TIME_ARRAY(1183, "_time", -1, 0),
    TIMESTAMP_ARRAY(1115, "_timestamp", -1, 0),
    TIMESTAMPTZ_ARRAY(1185, "_timestamptz", -1, 0),
    INTERVAL_ARRAY(1187, "_interval", -1, 0),
    UUID_ARRAY(2951, "_uuid", -1, 0),
    /** Any enum type: the typmod of a column or expression names the enum (its pg_type OID), see {@link EnumType}. */
    ENUM(3500, "anyenum", 4, 2277),
    /** An array of an enum type (typmod: the enum's OID). */
    ENUM_ARRAY(2277, "anyarray", -1, 0);

    private final int oid;
    private final String typname;
    private final int typlen;
    private final int arrayOid;

    PgType(final int oid, final String typname, final int typlen, final int arrayOid) {
        this.oid = oid;
        this.typname = typname;
        this.typlen = typlen;
        this.arrayOid = arrayOid;
    }

    public int oid() {
        return oid;
    }

    /** pg_type.typname. */
    public String typname() {
        return typname;
    }

    /** pg_type.typlen (-1 varlena, -2 cstring-like). */
    public int typlen() {
        return typlen;
    }

    /** OID of the array type of this type, 0 when none. */
    public int arrayOid() {
        return arrayOid;
    }

    /** The type of an OID, or null when Stratum does not know it. */
    public static PgType byOid(final int oid) {
        for (final PgType t : values()) {
            if (t.oid == oid) {
                return t;
            }
        }
        return null;
    }

    /** Session settings that change how values print as text. */
    public record Format(ZoneId timeZone, int extraFloatDigits) {
        public static final Format DEFAULT = new Format(ZoneId.of("UTC"), 1);
    }

    /** The text form PostgreSQL prints ({@code t}/{@code f}, {@code \x..} bytea, ISO dates, ...). */
    public String formatText(final Object value, final Format format) {
        try {
            switch (this) {
                case BOOL: return ((Boolean) value) ? "t" : "f";
                case INT2: case INT4: case INT8: return value.toString();
                case OID: case REGCLASS: case REGTYPE: case REGPROC: return value.toString();
                case FLOAT4: return FloatText.formatFloat(((Number) value).floatValue(), format.extraFloatDigits());
                case FLOAT8: return FloatText.formatDouble(((Number) value).doubleValue(), format.extraFloatDigits());
                case NUMERIC: return NumericCodec.format(value);
                case TEXT: case VARCHAR: case BPCHAR: case NAME: case CHAR: case UNKNOWN: return (String) value;
                case BYTEA: return ScalarText.formatBytea((byte[]) value);
                case DATE: return DateTimeText.formatDate((java.time.LocalDate) value);
                case TIME: return DateTimeText.formatTime((java.time.LocalTime) value);
                case TIMESTAMP: return DateTimeText.formatTimestamp((java.time.LocalDateTime) value);
                case TIMESTAMPTZ:
                    return DateTimeText.formatTimestamptz((java.time.OffsetDateTime) value, format.timeZone());
                case INTERVAL: return IntervalText.format((Interval) value);
                case UUID: return UuidCodec.format((java.util.UUID) value);
                case JSON: case JSONB: return value.toString();
                case ENUM: return ((EnumLabel) value).label();
                case INT2VECTOR: case OIDVECTOR: return ArrayCodec.formatVector((Object[]) value, elementType());
                case RECORD: return ArrayCodec.formatRecord((Object[]) value, format);
                case VOID: return "";
                default: return ArrayCodec.formatArray((Object[]) value, elementType(), format);
            }
        } catch (final ClassCastException e) {
            throw CodecErrors.wrongForm(this, value);
        }
    }

    /** Parses PostgreSQL's text input form. @throws io.stratum.compute.session.SqlException 22P02/22007/22003 */
    public Object parseText(final String text) {
        return parseText(text, Format.DEFAULT);
    }

    /**
     * Parses PostgreSQL's text input form; a timestamptz without an offset is read in {@code format}'s
     * TimeZone. @throws io.stratum.compute.session.SqlException 22P02/22007/22008/22003
     */
    public Object parseText(final String text, final Format format) {
        switch (this) {
            case BOOL: return ScalarText.parseBool(text);
            case INT2: return (short) ScalarText.parseInteger(text, "smallint", Short.MIN_VALUE, Short.MAX_VALUE);
            case INT4: return (int) ScalarText.parseInteger(text, "integer", Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT8: return ScalarText.parseInteger(text, "bigint", Long.MIN_VALUE, Long.MAX_VALUE);
            case OID: case REGCLASS: case REGTYPE: case REGPROC: return ScalarText.parseOid(text, typname);
            case FLOAT4: return FloatText.parseFloat(text, "real");
            case FLOAT8: return FloatText.parseDouble(text, "double precision");
            case NUMERIC: return NumericCodec.parse(text);
            case TEXT: case VARCHAR: case BPCHAR: case UNKNOWN: return text;
            case NAME: return truncateName(text);
            case CHAR: return text.isEmpty() ? "" : text.substring(0, text.offsetByCodePoints(0, 1));
            case BYTEA: return ScalarText.parseBytea(text);
            case DATE: return DateTimeText.parseDate(text);
            case TIME: return DateTimeText.parseTime(text);
            case TIMESTAMP: return DateTimeText.parseTimestamp(text, false, format.timeZone());
            case TIMESTAMPTZ: return DateTimeText.parseTimestamp(text, true, format.timeZone());
            case INTERVAL: return IntervalText.parse(text);
            case UUID: return UuidCodec.parse(text);
            case JSON: return io.stratum.compute.json.JsonText.validateJson(text);
            case JSONB: return io.stratum.compute.json.JsonText.parseJsonb(text);
            case INT2VECTOR: case OIDVECTOR: return ArrayCodec.parseVector(text, elementType());
            case ENUM: case ENUM_ARRAY: throw CodecErrors.unsupported("input of an enum needs its type");
            case RECORD: throw CodecErrors.unsupported("input of anonymous composite types is not implemented");
            case VOID: return null;
            default: return ArrayCodec.parseArray(text, elementType(), format);
        }
    }

    /** The binary wire form (as PostgreSQL's typsend). */
    public byte[] formatBinary(final Object value) {
        try {
            switch (this) {
                case BOOL: return new byte[] {(byte) (((Boolean) value) ? 1 : 0)};
                case INT2: return BinaryCodec.int16(((Number) value).shortValue());
                case INT4: return BinaryCodec.int32(((Number) value).intValue());
                case INT8: return BinaryCodec.int64(((Number) value).longValue());
                case OID: case REGCLASS: case REGTYPE: case REGPROC:
                    return BinaryCodec.int32((int) (value instanceof RegName r ? r.oid() : ((Number) value).longValue()));
                case FLOAT4: return BinaryCodec.int32(Float.floatToIntBits(((Number) value).floatValue()));
                case FLOAT8: return BinaryCodec.int64(Double.doubleToLongBits(((Number) value).doubleValue()));
                case NUMERIC: return NumericCodec.formatBinary(value);
                case TEXT: case VARCHAR: case BPCHAR: case NAME: case CHAR: case UNKNOWN:
                    return BinaryCodec.utf8((String) value);
                case BYTEA: return (byte[]) value;
                case DATE: return BinaryCodec.date((java.time.LocalDate) value);
                case TIME: return BinaryCodec.time((java.time.LocalTime) value);
                case TIMESTAMP: return BinaryCodec.timestamp((java.time.LocalDateTime) value);
                case TIMESTAMPTZ: return BinaryCodec.timestamptz((java.time.OffsetDateTime) value);
                case INTERVAL: return BinaryCodec.interval((Interval) value);
                case UUID: return UuidCodec.formatBinary((java.util.UUID) value);
                case JSON: return BinaryCodec.utf8(value.toString());
                case ENUM: return BinaryCodec.utf8(((EnumLabel) value).label());
                case JSONB: {
                    // jsonb_send: a version byte (1), then the text
                    final byte[] t = BinaryCodec.utf8(value.toString());
                    final byte[] b = new byte[t.length + 1];
                    b[0] = 1;
                    System.arraycopy(t, 0, b, 1, t.length);
                    return b;
                }
                case INT2VECTOR: case OIDVECTOR: return ArrayCodec.formatBinary((Object[]) value, elementType(), 0);
                case RECORD: return ArrayCodec.formatRecordBinary((Object[]) value);
                case VOID: return new byte[0];
                default: return ArrayCodec.formatBinary((Object[]) value, elementType(), 1);
            }
        } catch (final ClassCastException e) {
            throw CodecErrors.wrongForm(this, value);
        }
    }

    /** Parses the binary wire form (as PostgreSQL's typreceive). @throws io.stratum.compute.session.SqlException 22P03 */
    public Object parseBinary(final byte[] bytes, final int offset, final int length) {
        switch (this) {
            case BOOL:
                BinaryCodec.expect(typname, length, 1);
                return bytes[offset] != 0;
            case INT2:
                BinaryCodec.expect(typname, length, 2);
                return (short) ((bytes[offset] & 0xFF) << 8 | (bytes[offset + 1] & 0xFF));
            case INT4:
                BinaryCodec.expect(typname, length, 4);
                return BinaryCodec.get32(bytes, offset);
            case INT8:
                BinaryCodec.expect(typname, length, 8);
                return BinaryCodec.get64(bytes, offset);
            case OID: case REGCLASS: case REGTYPE: case REGPROC:
                BinaryCodec.expect(typname, length, 4);
                return BinaryCodec.get32(bytes, offset) & 0xFFFFFFFFL;
            case FLOAT4:
                BinaryCodec.expect(typname, length, 4);
                return Float.intBitsToFloat(BinaryCodec.get32(bytes, offset));
            case FLOAT8:
                BinaryCodec.expect(typname, length, 8);
                return Double.longBitsToDouble(BinaryCodec.get64(bytes, offset));
            case NUMERIC: return NumericCodec.parseBinary(bytes, offset, length);
            case TEXT: case VARCHAR: case BPCHAR: case CHAR: case UNKNOWN:
                return BinaryCodec.string(bytes, offset, length);
            case NAME: return truncateName(BinaryCodec.string(bytes, offset, length));
            case BYTEA: return java.util.Arrays.copyOfRange(bytes, offset, offset + length);
            case DATE:
                BinaryCodec.expect(typname, length, 4);
                return BinaryCodec.date(bytes, offset);
            case TIME:
                BinaryCodec.expect(typname, length, 8);
                return BinaryCodec.time(bytes, offset);
            case TIMESTAMP:
                BinaryCodec.expect(typname, length, 8);
                return BinaryCodec.timestamp(bytes, offset);
            case TIMESTAMPTZ:
                BinaryCodec.expect(typname, length, 8);
                return BinaryCodec.timestamptz(bytes, offset);
            case INTERVAL:
                BinaryCodec.expect(typname, length, 16);
                return BinaryCodec.interval(bytes, offset);
            case UUID: return UuidCodec.parseBinary(bytes, offset, length);
            case JSON: return io.stratum.compute.json.JsonText.validateJson(BinaryCodec.string(bytes, offset, length));
            case JSONB:
                if (length < 1 || bytes[offset] != 1) {
                    throw new io.stratum.compute.session.SqlException("22P03", "unsupported jsonb version number "
                        + (length < 1 ? 0 : bytes[offset]));
                }
                return io.stratum.compute.json.JsonText.parseJsonb(BinaryCodec.string(bytes, offset + 1, length - 1));
            case RECORD: throw CodecErrors.unsupported("input of anonymous composite types is not implemented");
            case ENUM: case ENUM_ARRAY: throw CodecErrors.unsupported("input of an enum needs its type");
            case VOID: return null;
            default: return ArrayCodec.parseBinary(bytes, offset, length, elementType());
        }
    }

    /** The element type of an array or vector type, null for a scalar. */
    public PgType elementType() {
        switch (this) {
            case INT2VECTOR: return INT2;
            case OIDVECTOR: return OID;
            default:
                return Elements.OF[ordinal()];
        }
    }

    /** The element type of every type, by ordinal (computed once). */
    private static final class Elements {
        static final PgType[] OF = new PgType[values().length];

        static {
            for (final PgType a : values()) {
                for (final PgType t : values()) {
                    if (t.arrayOid == a.oid && t.arrayOid != 0) {
                        OF[a.ordinal()] = t;
                    }
                }
            }
        }
    }

    /** The array type whose elements are this type, null when Stratum has none. */
    public PgType arrayType() {
        return arrayOid == 0 ? null : byOid(arrayOid);
    }

    /** format_type's name: {@code integer}, {@code character varying}, {@code timestamp with time zone}, ... */
    public String sqlName() {
        final PgType element = elementType();
        if (element != null && this != INT2VECTOR && this != OIDVECTOR) {
            return element.sqlName() + "[]";
        }
        switch (this) {
            case BOOL: return "boolean";
            case CHAR: return "\"char\"";
            case INT8: return "bigint";
            case INT2: return "smallint";
            case INT4: return "integer";
            case FLOAT4: return "real";
            case FLOAT8: return "double precision";
            case BPCHAR: return "character";
            case VARCHAR: return "character varying";
            case TIME: return "time without time zone";
            case TIMESTAMP: return "timestamp without time zone";
            case TIMESTAMPTZ: return "timestamp with time zone";
            default: return typname;
        }
    }

    /**
     * The type a SQL type name denotes ({@code integer}, {@code int}, {@code double precision},
     * {@code character varying}, {@code timestamptz}, {@code text[]}, ...; case-insensitive, modifiers
     * such as {@code (10)} ignored), or null when unknown.
     */
    public static PgType byName(final String name) {
        String n = name.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
        if (n.startsWith("pg_catalog.")) {
            n = n.substring("pg_catalog.".length());
        }
        n = n.replaceAll("\\s*\\([^)]*\\)", "");
        if (n.endsWith("[]")) {
            final PgType element = byName(n.substring(0, n.length() - 2));
            return element == null ? null : element.arrayType();
        }
        switch (n) {
            case "int": case "integer": case "int4": return INT4;
            case "smallint": case "int2": return INT2;
            case "bigint": case "int8": return INT8;
            case "real": case "float4": return FLOAT4;
            case "double precision": case "float": case "float8": return FLOAT8;
            case "numeric": case "decimal": return NUMERIC;
            case "boolean": case "bool": return BOOL;
            case "text": return TEXT;
            case "varchar": case "character varying": case "char varying": return VARCHAR;
            case "character": case "char": case "bpchar": return BPCHAR;
            case "\"char\"": return CHAR;
            case "time": case "time without time zone": return TIME;
            case "timestamp": case "timestamp without time zone": return TIMESTAMP;
            case "timestamptz": case "timestamp with time zone": return TIMESTAMPTZ;
            default:
                for (final PgType t : values()) {
                    if (t.typname.equals(n)) {
                        return t;
                    }
                }
                return null;
        }
    }

    /** The natural type of a Java value form (Integer: int4, String: text, ...), for records. */
    public static PgType forValue(final Object value) {
        if (value instanceof Boolean) {
            return BOOL;
        } else if (value instanceof Short) {
            return INT2;
        } else if (value instanceof Integer) {
            return INT4;
        } else if (value instanceof Long) {
            return INT8;
        } else if (value instanceof Float) {
            return FLOAT4;
        } else if (value instanceof Double) {
            return FLOAT8;
        } else if (value instanceof java.math.BigDecimal || value instanceof NumericSpecial) {
            return NUMERIC;
        } else if (value instanceof byte[]) {
            return BYTEA;
        } else if (value instanceof java.time.LocalDate) {
            return DATE;
        } else if (value instanceof java.time.LocalTime) {
            return TIME;
        } else if (value instanceof java.time.LocalDateTime) {
            return TIMESTAMP;
        } else if (value instanceof java.time.OffsetDateTime) {
            return TIMESTAMPTZ;
        } else if (value instanceof Interval) {
            return INTERVAL;
        } else if (value instanceof java.util.UUID) {
            return UUID;
        } else if (value instanceof io.stratum.compute.json.Jsonb) {
            return JSONB;
        } else if (value instanceof Object[]) {
            return RECORD;
        }
        return TEXT;
    }

    /** name values are at most 63 bytes (NAMEDATALEN - 1), cut on a character boundary. */
    private static String truncateName(final String s) {
        if (s.length() <= 21 || s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 63) {
            return s;
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            final int cp = s.codePointAt(i);
            final int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + len > 63) {
                break;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }
}
