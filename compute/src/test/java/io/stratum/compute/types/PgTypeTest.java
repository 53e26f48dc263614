package io.stratum.compute.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.SqlException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Printed and parsed forms checked against what PostgreSQL 15.18 prints for the same values. */
class PgTypeTest {
    private static final PgType.Format F = PgType.Format.DEFAULT;

    private static String text(final PgType t, final Object v) {
        return t.formatText(v, F);
    }

    private static void assertError(final String sqlState, final String message, final Runnable r) {
        final SqlException e = assertThrows(SqlException.class, r::run);
        assertEquals(sqlState, e.sqlState());
        assertEquals(message, e.getMessage());
    }

    @Test
    void booleans() {
        assertEquals("t", text(PgType.BOOL, true));
        assertEquals("f", text(PgType.BOOL, false));
        for (final String s : new String[] {"t", "TRUE", " tr ", "yes", "y", "on", "1"}) {
            assertEquals(true, PgType.BOOL.parseText(s), s);
        }
        for (final String s : new String[] {"f", "false", "no", "off", "of", "0"}) {
            assertEquals(false, PgType.BOOL.parseText(s), s);
        }
        assertError("22P02", "invalid input syntax for type boolean: \"o\"", () -> PgType.BOOL.parseText("o"));
        assertError("22P02", "invalid input syntax for type boolean: \"x\"", () -> PgType.BOOL.parseText("x"));
    }

    @Test
    void integers() {
        assertEquals((short) -32768, PgType.INT2.parseText("-32768"));
        assertEquals(12, PgType.INT4.parseText(" 12 "));
        assertEquals(Long.MIN_VALUE, PgType.INT8.parseText("-9223372036854775808"));
        assertError("22003", "value \"99999\" is out of range for type smallint", () -> PgType.INT2.parseText("99999"));
        assertError("22003", "value \"2147483648\" is out of range for type integer",
                () -> PgType.INT4.parseText("2147483648"));
        assertError("22003", "value \"9223372036854775808\" is out of range for type bigint",
                () -> PgType.INT8.parseText("9223372036854775808"));
        assertError("22P02", "invalid input syntax for type integer: \"x\"", () -> PgType.INT4.parseText("x"));
        assertError("22P02", "invalid input syntax for type integer: \"1.5\"", () -> PgType.INT4.parseText("1.5"));
        assertError("22P02", "invalid input syntax for type bigint: \"\"", () -> PgType.INT8.parseText(""));
        assertEquals(4294967295L, PgType.OID.parseText("-1"));
        assertError("22003", "value \"4294967296\" is out of range for type oid", () -> PgType.OID.parseText("4294967296"));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                PgType.OID.formatBinary(4294967295L));
    }

    @Test
    void floatsAsPostgres12() {
        final Object[][] doubles = {
            {1e14, "100000000000000"}, {1e15, "1e+15"}, {123456789012345.0, "123456789012345"},
            {1234567890123456.0, "1.234567890123456e+15"}, {0.0001, "0.0001"}, {0.00001, "1e-05"},
            {1.5e-5, "1.5e-05"}, {-0.0, "-0"}, {0.0, "0"}, {5e-324, "5e-324"},
            {1.7976931348623157e308, "1.7976931348623157e+308"}, {0.1, "0.1"}, {1e100, "1e+100"},
            {Double.POSITIVE_INFINITY, "Infinity"}, {Double.NEGATIVE_INFINITY, "-Infinity"}, {Double.NaN, "NaN"},
            {2.82879384806159E17, "2.82879384806159e+17"}, {1e23, "9.999999999999999e+22"}, {1e22, "1e+22"},
            {1.23456789012345e24, "1.23456789012345e+24"}, {0.3, "0.3"}, {123.456, "123.456"}, {1.0 / 3, "0.3333333333333333"},
        };
        for (final Object[] c : doubles) {
            assertEquals(c[1], text(PgType.FLOAT8, c[0]));
        }
        final Object[][] floats = {
            {1e5f, "100000"}, {1e6f, "1e+06"}, {123456f, "123456"}, {1234567f, "1.234567e+06"}, {0.0001f, "0.0001"},
            {3.4028235e38f, "3.4028235e+38"}, {1e-45f, "1e-45"}, {1.5f, "1.5"}, {Float.NaN, "NaN"},
        };
        for (final Object[] c : floats) {
            assertEquals(c[1], text(PgType.FLOAT4, c[0]));
        }
        final PgType.Format zero = new PgType.Format(ZoneId.of("UTC"), 0);
        assertEquals("0.1", PgType.FLOAT8.formatText(0.1, zero));
        assertEquals("1e+15", PgType.FLOAT8.formatText(1e15, zero));
        assertEquals("0.333333333333333", PgType.FLOAT8.formatText(1.0 / 3, zero));
        assertEquals("1e+06", PgType.FLOAT4.formatText(1e6f, zero));
        assertEquals(Double.NEGATIVE_INFINITY, PgType.FLOAT8.parseText("-inf"));
        assertEquals(Double.POSITIVE_INFINITY, PgType.FLOAT8.parseText("Infinity"));
        assertEquals(0.0, PgType.FLOAT8.parseText("0e-500"));
        assertError("22003", "\"1e400\" is out of range for type double precision", () -> PgType.FLOAT8.parseText("1e400"));
        assertError("22003", "\"1e-400\" is out of range for type double precision",
                () -> PgType.FLOAT8.parseText("1e-400"));
        assertError("22003", "\"1e40\" is out of range for type real", () -> PgType.FLOAT4.parseText("1e40"));
        assertError("22P02", "invalid input syntax for type double precision: \"abc\"",
                () -> PgType.FLOAT8.parseText("abc"));
    }

    @Test
    void numerics() {
        assertEquals("1.50", text(PgType.NUMERIC, new BigDecimal("1.50")));
        assertEquals("0.00000000000000000001", text(PgType.NUMERIC, new BigDecimal("1e-20")));
        assertEquals("1000", text(PgType.NUMERIC, new BigDecimal("1E+3")));
        assertEquals(new BigDecimal("15"), PgType.NUMERIC.parseText("1.5e1"));
        assertEquals(new BigDecimal("0.000"), PgType.NUMERIC.parseText(" 0.000 "));
        assertError("22P02", "invalid input syntax for type numeric: \"x\"", () -> PgType.NUMERIC.parseText("x"));
        // numeric_send of 12345678.9 and -0.0012 and 0.000 (from PostgreSQL)
        assertEquals("000300010000000104d2162e2328", hex(PgType.NUMERIC.formatBinary(new BigDecimal("12345678.9"))));
        assertEquals("0001ffff40000004000c", hex(PgType.NUMERIC.formatBinary(new BigDecimal("-0.0012"))));
        assertEquals("0000000000000003", hex(PgType.NUMERIC.formatBinary(new BigDecimal("0.000"))));
        assertEquals("00010001000000000001", hex(PgType.NUMERIC.formatBinary(new BigDecimal("10000"))));
        assertEquals("0001ffff000000011388", hex(PgType.NUMERIC.formatBinary(new BigDecimal("0.5"))));
    }

    private static String hex(final byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void byteaHexAndEscape() {
        assertEquals("\\x00ff", text(PgType.BYTEA, new byte[] {0, (byte) 255}));
        assertEquals("\\x", text(PgType.BYTEA, new byte[0]));
        assertArrayEquals(new byte[] {'a', 0, 'b'}, (byte[]) PgType.BYTEA.parseText("a\\000b"));
        assertArrayEquals(new byte[] {'\\'}, (byte[]) PgType.BYTEA.parseText("\\\\"));
        assertArrayEquals(new byte[] {(byte) 0xAB, (byte) 0xCD}, (byte[]) PgType.BYTEA.parseText("\\xAB cd"));
        assertError("22P02", "invalid hexadecimal digit: \"z\"", () -> PgType.BYTEA.parseText("\\xzz"));
        assertError("22P02", "invalid hexadecimal data: odd number of digits", () -> PgType.BYTEA.parseText("\\x0"));
        assertError("22P02", "invalid input syntax for type bytea", () -> PgType.BYTEA.parseText("\\9"));
    }

    @Test
    void datesAndTimes() {
        assertEquals("0044-03-15 BC", text(PgType.DATE, LocalDate.of(-43, 3, 15)));
        assertEquals(LocalDate.of(-43, 3, 15), PgType.DATE.parseText("0044-03-15 BC"));
        assertEquals("10000-01-01", text(PgType.DATE, LocalDate.of(10000, 1, 1)));
        assertEquals("-infinity", text(PgType.DATE, LocalDate.MIN));
        assertEquals("24:00:00", text(PgType.TIME, PgType.TIME.parseText("24:00:00")));
        assertEquals("12:34:56.789", text(PgType.TIME, LocalTime.of(12, 34, 56, 789_000_000)));
        assertEquals("2000-01-01 00:00:00.5", text(PgType.TIMESTAMP, LocalDateTime.of(2000, 1, 1, 0, 0, 0, 500_000_000)));
        assertEquals(LocalDateTime.of(2020, 1, 2, 0, 0), PgType.TIMESTAMP.parseText("2020-01-01 24:00:00"));
        assertEquals(LocalDateTime.of(2020, 1, 1, 10, 0, 0, 123_457_000),
                PgType.TIMESTAMP.parseText("2020-01-01 10:00:00.1234567"));
        assertEquals("infinity", text(PgType.TIMESTAMP, PgType.TIMESTAMP.parseText("infinity")));
        assertError("22008", "date/time field value out of range: \"2020-13-01\"", () -> PgType.DATE.parseText("2020-13-01"));
        assertError("22007", "invalid input syntax for type date: \"x\"", () -> PgType.DATE.parseText("x"));
        assertError("22007", "invalid input syntax for type timestamp with time zone: \"x\"",
                () -> PgType.TIMESTAMPTZ.parseText("x"));
        assertError("22008", "date/time field value out of range: \"25:00\"", () -> PgType.TIME.parseText("25:00"));
        // binary: days / micros since 2000-01-01
        assertEquals("00000000", hex(PgType.DATE.formatBinary(LocalDate.of(2000, 1, 1))));
        assertEquals("fffffff5", hex(PgType.DATE.formatBinary(LocalDate.of(1999, 12, 21))));
        assertEquals("00000000000f4240", hex(PgType.TIMESTAMP.formatBinary(LocalDateTime.of(2000, 1, 1, 0, 0, 1))));
        assertEquals("7fffffffffffffff", hex(PgType.TIMESTAMPTZ.formatBinary(OffsetDateTime.MAX)));
    }

    @Test
    void timestamptzInTheSessionTimeZone() {
        final OffsetDateTime t = OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertEquals("2020-01-01 00:00:00+00", text(PgType.TIMESTAMPTZ, t));
        assertEquals("2020-01-01 05:30:00+05:30", PgType.TIMESTAMPTZ.formatText(t, zone("Asia/Kolkata")));
        assertEquals("2019-12-31 20:30:00-03:30", PgType.TIMESTAMPTZ.formatText(t, zone("America/St_Johns")));
        assertEquals("1900-01-01 05:21:10+05:21:10", PgType.TIMESTAMPTZ.formatText(
                OffsetDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), zone("Asia/Kolkata")));
        assertEquals("0044-03-15 10:00:00+00 BC", text(PgType.TIMESTAMPTZ,
                PgType.TIMESTAMPTZ.parseText("0044-03-15 10:00:00+00 BC")));
        assertEquals(t.toInstant(), ((OffsetDateTime) PgType.TIMESTAMPTZ.parseText("2020-01-01T05:30:00+05:30")).toInstant());
        assertEquals(t.toInstant(), ((OffsetDateTime) PgType.TIMESTAMPTZ.parseText("2019-12-31 19:00:00-0500")).toInstant());
        assertEquals(t.toInstant(), ((OffsetDateTime) PgType.TIMESTAMPTZ.parseText("2020-01-01 05:30:00",
                zone("Asia/Kolkata"))).toInstant());
    }

    private static PgType.Format zone(final String id) {
        return new PgType.Format(ZoneId.of(id), 1);
    }

    @Test
    void intervals() {
        assertEquals("1 day 12:00:00", text(PgType.INTERVAL, PgType.INTERVAL.parseText("1.5 days")));
        assertEquals("00:00:05", text(PgType.INTERVAL, PgType.INTERVAL.parseText("5")));
        assertEquals("-1 days", text(PgType.INTERVAL, PgType.INTERVAL.parseText("1 day ago")));
        assertEquals("01:00:00", text(PgType.INTERVAL, PgType.INTERVAL.parseText("@ 1 hour")));
        assertEquals("14 days", text(PgType.INTERVAL, PgType.INTERVAL.parseText("2 weeks")));
        assertEquals("01:30:00", text(PgType.INTERVAL, PgType.INTERVAL.parseText("1 h 30 m")));
        assertEquals("1 day 02:00:00", text(PgType.INTERVAL, PgType.INTERVAL.parseText("P1DT2H")));
        assertEquals("-00:00:01", text(PgType.INTERVAL, Interval.ofMicros(-1_000_000)));
        assertEquals("00:00:00", text(PgType.INTERVAL, Interval.ZERO));
        assertEquals("1 day 04:05:06.5", text(PgType.INTERVAL, PgType.INTERVAL.parseText("1 day 04:05:06.5")));
        assertTrue(Interval.of(1, 0, 0).sameFields((Interval) PgType.INTERVAL.parseText("1 mon")));
        assertError("22007", "invalid input syntax for type interval: \"x\"", () -> PgType.INTERVAL.parseText("x"));
    }

    @Test
    void regNamesPrintTheirNameAndSendTheirOid() {
        final RegName integer = new RegName(23, "integer");
        assertEquals("integer", text(PgType.REGTYPE, integer));
        assertEquals("00000017", hex(PgType.REGTYPE.formatBinary(integer)));
        assertEquals("000004eb", hex(PgType.REGCLASS.formatBinary(new RegName(1259, "pg_class"))));
        assertEquals(2206, PgType.REGTYPE.oid());
        assertEquals(2205, PgType.REGCLASS.oid());
        assertEquals(24, PgType.REGPROC.oid());
    }

    @Test
    void arraysAndVectors() {
        assertEquals("{a,\"b c\",NULL}", text(PgType.TEXT_ARRAY, new Object[] {"a", "b c", null}));
        assertEquals("{\"\",\"NULL\",\"a\\\"b\",\"a\\\\b\",\" x\",\"{}\",\"a,b\"}",
                text(PgType.TEXT_ARRAY, new Object[] {"", "NULL", "a\"b", "a\\b", " x", "{}", "a,b"}));
        assertArrayEquals(new Object[] {"a", "b c", null, "NULL", ""},
                (Object[]) PgType.TEXT_ARRAY.parseText("{a, \"b c\" ,NULL,\"NULL\",\"\"}"));
        assertArrayEquals(new Object[] {1, 2, 3}, (Object[]) PgType.INT4_ARRAY.parseText("[1:3]={1,2,3}"));
        assertEquals("{}", text(PgType.INT4_ARRAY, new Object[0]));
        assertEquals("{t,f}", text(PgType.BOOL_ARRAY, new Object[] {true, false}));
        final SqlException e = assertThrows(SqlException.class, () -> PgType.TEXT_ARRAY.parseText("{a"));
        assertEquals("malformed array literal: \"{a\"", e.getMessage());
        assertEquals("Unexpected end of input.", e.detail());
        assertEquals("22 3", text(PgType.INT2VECTOR, new Object[] {(short) 22, (short) 3}));
        assertArrayEquals(new Object[] {23L, 25L}, (Object[]) PgType.OIDVECTOR.parseText("23 25"));
        assertEquals("(1,\"a b\",,\"\")", text(PgType.RECORD, new Object[] {1, "a b", null, ""}));
        // array_send of '{1,NULL}'::int4[]
        assertEquals("00000001000000010000001700000002000000010000000400000001ffffffff",
                hex(PgType.INT4_ARRAY.formatBinary(new Object[] {1, null})));
        assertEquals("0000000100000000000000150000000200000000000000020016000000020003",
                hex(PgType.INT2VECTOR.formatBinary(new Object[] {(short) 22, (short) 3})));
        assertEquals("00000015cafea80000000001000000ff", hex(PgType.INTERVAL.formatBinary(Interval.of(255, 1, 26 * 3_600_000_000L))));
    }

    @Test
    void limitsAndEncoding() {
        assertError("22003", "value overflows numeric format", () -> PgType.NUMERIC.parseText("1e200000"));
        assertEquals(16_383, ((BigDecimal) PgType.NUMERIC.parseText("1e-20000")).scale());
        assertError("22008", "timestamp out of range: \"294277-01-01\"", () -> PgType.TIMESTAMP.parseText("294277-01-01"));
        assertError("22008", "timestamp out of range",
                () -> PgType.TIMESTAMP.formatBinary(LocalDateTime.of(999_999_999, 1, 1, 0, 0)));
        assertError("22021", "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28",
                () -> PgType.TEXT.parseBinary(new byte[] {'a', (byte) 0xC3, '(' }, 0, 3));
        assertError("22021", "invalid byte sequence for encoding \"UTF8\": 0xed 0xa0 0x80",
                () -> Utf8.validate(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3)); // a surrogate
        assertError("22021", "invalid byte sequence for encoding \"UTF8\": 0xc0 0xaf",
                () -> Utf8.validate(new byte[] {(byte) 0xC0, (byte) 0xAF}, 0, 2)); // overlong
        Utf8.validate("ü😀€".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, 9);
    }

    @Test
    void namesAndLookups() {
        assertEquals(PgType.INT4, PgType.byName("INTEGER"));
        assertEquals(PgType.VARCHAR, PgType.byName("character varying(10)"));
        assertEquals(PgType.TIMESTAMPTZ, PgType.byName("timestamp with time zone"));
        assertEquals(PgType.FLOAT8, PgType.byName("double  precision"));
        assertEquals(PgType.TEXT_ARRAY, PgType.byName("text[]"));
        assertEquals(PgType.NUMERIC, PgType.byName("numeric(10,2)"));
        assertEquals(PgType.INT8, PgType.byName("pg_catalog.int8"));
        assertNull(PgType.byName("nosuchtype"));
        assertEquals("character varying[]", PgType.VARCHAR_ARRAY.sqlName());
        assertEquals(PgType.INT2, PgType.INT2VECTOR.elementType());
        assertEquals(PgType.INT4_ARRAY, PgType.INT4.arrayType());
        assertEquals("abc", PgType.NAME.parseText("abc"));
        assertEquals(63, ((String) PgType.NAME.parseText("x".repeat(100))).length());
    }
}
