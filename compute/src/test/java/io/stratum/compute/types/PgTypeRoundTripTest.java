package io.stratum.compute.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Every type's text and binary forms read back to the value written, for generated values. */
class PgTypeRoundTripTest {
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Asia/Kolkata"),
            ZoneId.of("America/St_Johns"), ZoneId.of("Pacific/Chatham"));
    /** Types whose values cannot be read back (anonymous records) or carry none (void). */
    /** Types without a text / binary input of their own (enums are read through their {@link EnumType}). */
    private static final EnumSet<PgType> WRITE_ONLY = EnumSet.of(PgType.RECORD, PgType.VOID, PgType.ENUM, PgType.ENUM_ARRAY);

    @Property(tries = 400, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void textRoundTrips(@ForAll("typedValues") final Tuple.Tuple2<PgType, Object> tv,
                        @ForAll("formats") final PgType.Format format) {
        final PgType t = tv.get1();
        final String text = t.formatText(tv.get2(), format);
        assertSame(t, tv.get2(), t.parseText(text, format), text);
    }

    @Property(tries = 400, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void binaryRoundTrips(@ForAll("typedValues") final Tuple.Tuple2<PgType, Object> tv) {
        final PgType t = tv.get1();
        final byte[] bytes = t.formatBinary(tv.get2());
        final byte[] padded = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        assertSame(t, tv.get2(), t.parseBinary(padded, 3, bytes.length), Arrays.toString(bytes));
        if (t.typlen() > 0 && t != PgType.NAME) {
            assertEquals(t.typlen(), bytes.length, "fixed-length type " + t);
        }
    }

    @Property(tries = 200, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void multidimensionalArraysRoundTripInTextBinaryAndRows(@ForAll("multiArrays") final Tuple.Tuple2<PgType, Object[]> tv) {
        final PgType t = tv.get1();
        final Object[] a = tv.get2();
        final String text = t.formatText(a, PgType.Format.DEFAULT);
        assertSame(t, a, t.parseText(text, PgType.Format.DEFAULT), text);
        final byte[] bytes = t.formatBinary(a);
        assertSame(t, a, t.parseBinary(bytes, 0, bytes.length), Arrays.toString(bytes));
        assertEquals(ArrayValues.dims(a).length, io.stratum.compute.types.BinaryCodec.get32(bytes, 0), "ndim of " + text);
        final io.stratum.compute.storage.RowCodec codec = new io.stratum.compute.storage.RowCodec(new PgType[] {t, PgType.INT4}, null);
        final Object[] row = {a, 7};
        final org.agrona.ExpandableArrayBuffer buf = new org.agrona.ExpandableArrayBuffer(codec.encodedLength(row));
        final int len = codec.encode(row, buf, 0);
        assertEquals(codec.encodedLength(row), len);
        final Object[] back = codec.decode(buf, 0, len, new Object[2]);
        assertSame(t, a, back[0], "row of " + text);
        assertEquals(7, back[1]);
    }

    /** Arrays of 2 or 3 dimensions (every sub-array of one shape), elements NULL now and then. */
    @Provide
    Arbitrary<Tuple.Tuple2<PgType, Object[]>> multiArrays() {
        return Combinators.combine(Arbitraries.of(PgType.INT4_ARRAY, PgType.TEXT_ARRAY, PgType.NUMERIC_ARRAY, PgType.DATE_ARRAY),
                Arbitraries.integers().between(1, 3).list().ofMinSize(2).ofMaxSize(3))
            .flatAs((t, dims) -> {
                int n = 1;
                for (final int d : dims) {
                    n *= d;
                }
                final int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
                return Arbitraries.oneOf(values(t.elementType()), Arbitraries.just(null)).list().ofSize(n)
                    .map(l -> Tuple.of(t, ArrayValues.reshape(l.toArray(), shape)));
            });
    }

    @Property(tries = 200, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void lossyFloatOutputStillParses(@ForAll final double d, @ForAll final float f,
                                     @ForAll @net.jqwik.api.constraints.IntRange(min = -15, max = 0) final int efd) {
        // (values next to the largest finite one round up out of range, and PostgreSQL refuses them too)
        net.jqwik.api.Assume.that(Math.abs(d) < 1e307 && Math.abs(f) < 3e38f);
        final PgType.Format format = new PgType.Format(ZoneId.of("UTC"), efd);
        final double readD = (Double) PgType.FLOAT8.parseText(PgType.FLOAT8.formatText(d, format));
        final float readF = (Float) PgType.FLOAT4.parseText(PgType.FLOAT4.formatText(f, format));
        // %.{N}g keeps N = 15 (float8) or 6 (float4) + extra_float_digits significant digits, at least one
        final double tolD = Math.pow(10, 1 - Math.max(1, 15 + efd));
        final double tolF = Math.pow(10, 1 - Math.max(1, 6 + efd));
        assertTrue(Double.compare(readD, d) == 0 || Math.abs(readD - d) <= Math.abs(d) * tolD,
                d + " read as " + readD);
        assertTrue(Float.compare(readF, f) == 0 || Math.abs(readF - f) <= Math.abs(f) * tolF
                || Math.abs(readF - f) <= Float.MIN_NORMAL, f + " read as " + readF);
    }

    @Property(tries = 100)
    void writeOnlyTypesFormat(@ForAll("records") final Object[] record) {
        final String text = PgType.RECORD.formatText(record, PgType.Format.DEFAULT);
        assertTrue(text.startsWith("(") && text.endsWith(")"), text);
        assertTrue(PgType.RECORD.formatBinary(record).length >= 4);
    }

    private static void assertSame(final PgType t, final Object expected, final Object actual, final String form) {
        assertTrue(same(expected, actual), t + " " + form + ": wrote " + show(expected) + " read " + show(actual));
    }

    private static String show(final Object v) {
        return v instanceof Object[] ? Arrays.deepToString((Object[]) v)
                : v instanceof byte[] ? Arrays.toString((byte[]) v) : String.valueOf(v);
    }

    private static boolean same(final Object a, final Object b) {
        if (a instanceof Interval && b instanceof Interval) {
            return ((Interval) a).sameFields((Interval) b);
        }
        if (a instanceof OffsetDateTime && b instanceof OffsetDateTime) {
            return ((OffsetDateTime) a).toInstant().equals(((OffsetDateTime) b).toInstant())
                    || a.equals(b);
        }
        if (a instanceof Object[] && b instanceof Object[]) {
            final Object[] x = (Object[]) a;
            final Object[] y = (Object[]) b;
            if (x.length != y.length) {
                return false;
            }
            for (int i = 0; i < x.length; i++) {
                if (!(x[i] == null ? y[i] == null : same(x[i], y[i]))) {
                    return false;
                }
            }
            return true;
        }
        return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
    }

    @Provide
    Arbitrary<PgType.Format> formats() {
        // extra_float_digits <= 0 prints fewer digits on purpose (lossy, as in PostgreSQL): not a round trip
        return Combinators.combine(Arbitraries.of(ZONES), Arbitraries.integers().between(1, 3))
                .as(PgType.Format::new);
    }

    @Provide
    Arbitrary<Object[]> records() {
        return Arbitraries.oneOf(values(PgType.INT4), values(PgType.TEXT), values(PgType.NUMERIC),
                values(PgType.BOOL), Arbitraries.just(null)).list().ofMaxSize(5).map(List::toArray);
    }

    @Provide
    Arbitrary<Tuple.Tuple2<PgType, Object>> typedValues() {
        final List<PgType> types = Arrays.stream(PgType.values()).filter(t -> !WRITE_ONLY.contains(t)).toList();
        return Arbitraries.of(types).flatMap(t -> values(t).map(v -> Tuple.of(t, v)));
    }

    private static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange((char) 1, (char) 0xD7FF).ofMaxLength(30),
                Arbitraries.strings().withChars(" \t\n\"\\{},NULnul'()[]=x").ofMaxLength(12),
                Arbitraries.of("", "NULL", "null", " ", "{}", "\"", "\\"));
    }

    static Arbitrary<Object> values(final PgType t) {
        final PgType element = t.elementType();
        if (element != null) {
            final boolean vector = t == PgType.INT2VECTOR || t == PgType.OIDVECTOR;
            final Arbitrary<Object> e = vector ? values(element) : Arbitraries.oneOf(values(element), Arbitraries.just(null));
            return e.list().ofMaxSize(6).map(l -> (Object) l.toArray());
        }
        switch (t) {
            case BOOL: return Arbitraries.of(true, false).map(v -> v);
            case INT2: return Arbitraries.shorts().map(v -> v);
            case INT4: return Arbitraries.integers().map(v -> v);
            case INT8: return Arbitraries.longs().map(v -> v);
            case OID: case REGCLASS: case REGTYPE: case REGPROC:
                return Arbitraries.longs().between(0, 4294967295L).map(v -> v);
            case FLOAT4:
                return Arbitraries.oneOf(Arbitraries.integers().map(Float::intBitsToFloat),
                        Arbitraries.floats(), Arbitraries.of(Float.NaN, Float.POSITIVE_INFINITY, -0.0f, Float.MAX_VALUE,
                                Float.MIN_VALUE, 1e6f, 1.22080784E8f)).map(v -> v);
            case FLOAT8:
                return Arbitraries.oneOf(Arbitraries.longs().map(Double::longBitsToDouble),
                        Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, -0.0,
                                Double.MAX_VALUE, Double.MIN_VALUE, 1e15, 3.0140839240991312E16)).map(v -> v);
            case NUMERIC:
                return Combinators.combine(Arbitraries.bigIntegers().between(
                                new java.math.BigInteger("-1" + "0".repeat(60)), new java.math.BigInteger("1" + "0".repeat(60))),
                        Arbitraries.integers().between(0, 30)).as((u, s) -> (Object) new BigDecimal(u, s));
            case TEXT: case VARCHAR: case BPCHAR: case UNKNOWN: return strings().map(v -> v);
            case NAME: return strings().map(s -> (Object) (String) PgType.NAME.parseText(s));
            case CHAR: return Arbitraries.chars().range('a', 'z').map(c -> (Object) String.valueOf(c));
            case BYTEA: return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(v -> v);
            case DATE:
                return Arbitraries.longs().between(LocalDate.of(-4000, 1, 1).toEpochDay(),
                                LocalDate.of(200000, 1, 1).toEpochDay())
                        .map(d -> (Object) LocalDate.ofEpochDay(d)).injectDuplicates(0)
                        .edgeCases(c -> c.add(LocalDate.MAX).add(LocalDate.MIN));
            case TIME:
                return Arbitraries.longs().between(0, 86_400_000_000L)
                        .map(us -> (Object) (us == 86_400_000_000L ? LocalTime.MAX : LocalTime.ofNanoOfDay(us * 1000)));
            case TIMESTAMP:
                return micros().map(us -> (Object) LocalDateTime.ofEpochSecond(Math.floorDiv(us, 1_000_000L),
                        (int) Math.floorMod(us, 1_000_000L) * 1000, ZoneOffset.UTC));
            case TIMESTAMPTZ:
                return Combinators.combine(micros(), Arbitraries.integers().between(-15 * 3600, 15 * 3600))
                        .as((us, off) -> (Object) Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L),
                                Math.floorMod(us, 1_000_000L) * 1000).atOffset(ZoneOffset.ofTotalSeconds(off)));
            case INTERVAL:
                // every field independently, to the ends of its range (the time part's minimum has no text form
                // PostgreSQL reads back either: its hours are read positive before the sign applies)
                return Combinators.combine(Arbitraries.integers(), Arbitraries.integers(),
                                Arbitraries.longs().between(Long.MIN_VALUE + 1, Long.MAX_VALUE))
                        .as((m, d, us) -> (Object) Interval.of(m, d, us));
            case UUID:
                return Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                        .as((hi, lo) -> (Object) new java.util.UUID(hi, lo));
            case JSON: return jsonTexts().map(v -> v);
            case JSONB: return jsonTexts().map(v -> (Object) io.stratum.compute.json.JsonText.parseJsonb(v));
            default:
                throw new IllegalArgumentException("no generator for " + t);
        }
    }

    private static Arbitrary<String> jsonTexts() {
        return Arbitraries.of("{}", "[]", "[1,  2]", "{\"a\" : \"x\\\"y\"}", "null", "\"s p\"", " 1.50 ", "-1e-3",
                "{\"b\":{\"c\":[true,false,null]},\"a\":\"\u00e9\\n\"}", "\"NULL\"", "{\"a\":1,\"a\":2}");
    }

    /** Microseconds since 1970 from 4000 BC to 200000 AD. */
    private static Arbitrary<Long> micros() {
        final long min = LocalDate.of(-3999, 1, 1).toEpochDay() * 86_400_000_000L;
        final long max = LocalDate.of(200000, 1, 1).toEpochDay() * 86_400_000_000L;
        return Arbitraries.oneOf(Arbitraries.longs().between(min, max),
                Arbitraries.longs().between(-5_000_000_000_000_000L, 5_000_000_000_000_000L));
    }
}
