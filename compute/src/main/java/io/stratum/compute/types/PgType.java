package io.stratum.compute.types;

import java.time.ZoneId;

/**
 * The PostgreSQL types Stratum speaks, with their OIDs and their text and binary wire codecs. Java forms
 * of values (null is SQL NULL):
 * <pre>
 * BOOL Boolean      INT2 Short     INT4 Integer    INT8 Long      OID/REGCLASS/REGTYPE/REGPROC Long
 * FLOAT4 Float      FLOAT8 Double  NUMERIC java.math.BigDecimal
 * TEXT/VARCHAR/BPCHAR/NAME/CHAR/UNKNOWN String     BYTEA byte[]
 * DATE java.time.LocalDate   TIME java.time.LocalTime   TIMESTAMP java.time.LocalDateTime
 * TIMESTAMPTZ java.time.OffsetDateTime (any offset; printed in the session's TimeZone)
 * INTERVAL java.time.Duration   arrays (INT2VECTOR, OIDVECTOR, *_ARRAY) Object[] of the element's form
 * VOID: no value (printed empty)    RECORD Object[]
 * </pre>
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
    BOOL_ARRAY(1000, "_bool", -1, 0),
    INT2_ARRAY(1005, "_int2", -1, 0),
    INT4_ARRAY(1007, "_int4", -1, 0),
    INT8_ARRAY(1016, "_int8", -1, 0),
    TEXT_ARRAY(1009, "_text", -1, 0),
    CHAR_ARRAY(1002, "_char", -1, 0),
    NAME_ARRAY(1003, "_name", -1, 0),
    OID_ARRAY(1028, "_oid", -1, 0),
    FLOAT8_ARRAY(1022, "_float8", -1, 0),
    VARCHAR_ARRAY(1015, "_varchar", -1, 0);

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
        throw new UnsupportedOperationException("codec being built: " + typname);
    }

    /** Parses PostgreSQL's text input form. @throws io.stratum.compute.session.SqlException 22P02/22007/22003 */
    public Object parseText(final String text) {
        throw new UnsupportedOperationException("codec being built: " + typname);
    }

    /** The binary wire form (as PostgreSQL's typsend). */
    public byte[] formatBinary(final Object value) {
        throw new UnsupportedOperationException("codec being built: " + typname);
    }

    /** Parses the binary wire form (as PostgreSQL's typreceive). @throws io.stratum.compute.session.SqlException 22P03 */
    public Object parseBinary(final byte[] bytes, final int offset, final int length) {
        throw new UnsupportedOperationException("codec being built: " + typname);
    }
}
