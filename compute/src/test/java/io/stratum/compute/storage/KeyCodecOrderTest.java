package io.stratum.compute.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratum.compute.types.Interval;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/** encode(a) < encode(b) as unsigned bytes exactly when a < b (ASC NULLS LAST), per type and composite. */
class KeyCodecOrderTest {

    private static byte[] key(final PgType[] types, final Object... values) {
        final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(64);
        final int len = new KeyCodec(types).encode(values, values.length, buf, 0);
        final byte[] out = new byte[len];
        buf.getBytes(0, out);
        return out;
    }

    private static int sign(final int c) {
        return Integer.signum(c);
    }

    /** Compares with nulls last. */
    private static <T> int nullsLast(final T a, final T b, final Comparator<T> cmp) {
        if (a == null) {
            return b == null ? 0 : 1;
        }
        return b == null ? -1 : cmp.compare(a, b);
    }

    private static <T> void check(final PgType type, final T a, final T b, final Comparator<T> cmp) {
        final int expected = sign(nullsLast(a, b, cmp));
        final int actual = sign(Arrays.compareUnsigned(key(new PgType[] {type}, a), key(new PgType[] {type}, b)));
        assertEquals(expected, actual, () -> type + ": " + a + " vs " + b);
    }

    private static int codePoints(final String a, final String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    @Property(tries = 200)
    void int2(@ForAll final Short a, @ForAll final Short b) {
        check(PgType.INT2, a, b, Short::compare);
    }

    @Property(tries = 200)
    void int4(@ForAll final Integer a, @ForAll final Integer b) {
        check(PgType.INT4, a, b, Integer::compare);
    }

    @Property(tries = 200)
    void int8(@ForAll final Long a, @ForAll final Long b) {
        check(PgType.INT8, a, b, Long::compare);
    }

    @Property(tries = 200)
    void float8(@ForAll final Double a, @ForAll final Double b) {
        // PostgreSQL: NaN sorts above everything, -0 = 0
        check(PgType.FLOAT8, a, b, (x, y) -> x.isNaN() || y.isNaN() ? Boolean.compare(x.isNaN(), y.isNaN())
            : Double.compare(x == 0 ? 0.0 : x, y == 0 ? 0.0 : y));
    }

    @Property(tries = 200)
    void float4(@ForAll final Float a, @ForAll final Float b) {
        check(PgType.FLOAT4, a, b, (x, y) -> x.isNaN() || y.isNaN() ? Boolean.compare(x.isNaN(), y.isNaN())
            : Float.compare(x == 0 ? 0.0f : x, y == 0 ? 0.0f : y));
    }

    @Property(tries = 200)
    void bool(@ForAll final Boolean a, @ForAll final Boolean b) {
        check(PgType.BOOL, a, b, Boolean::compare);
    }

    @Property(tries = 200)
    void text(@ForAll("texts") final String a, @ForAll("texts") final String b) {
        check(PgType.TEXT, a, b, KeyCodecOrderTest::codePoints);
        check(PgType.VARCHAR, a, b, KeyCodecOrderTest::codePoints);
    }

    @Property(tries = 200)
    void uuid(@ForAll final long ah, @ForAll final long al, @ForAll final long bh, @ForAll final long bl) {
        // PostgreSQL orders uuids as their 16 bytes compared unsigned; so do the keys and Values.compare
        final java.util.UUID a = new java.util.UUID(ah, al);
        final java.util.UUID b = new java.util.UUID(bh, bl);
        check(PgType.UUID, a, b, (x, y) -> Arrays.compareUnsigned(io.stratum.compute.types.UuidCodec.formatBinary(x),
            io.stratum.compute.types.UuidCodec.formatBinary(y)));
        org.junit.jupiter.api.Assertions.assertEquals(Integer.signum(Arrays.compareUnsigned(
            io.stratum.compute.types.UuidCodec.formatBinary(a), io.stratum.compute.types.UuidCodec.formatBinary(b))),
            Integer.signum(io.stratum.compute.exec.Values.compare(a, b)));
    }

    @Property(tries = 200)
    void bytea(@ForAll("bytes") final byte[] a, @ForAll("bytes") final byte[] b) {
        check(PgType.BYTEA, a, b, Arrays::compareUnsigned);
    }

    @Property(tries = 300)
    void numeric(@ForAll("numerics") final BigDecimal a, @ForAll("numerics") final BigDecimal b) {
        check(PgType.NUMERIC, a, b, BigDecimal::compareTo);
    }

    @Property(tries = 200)
    void dateAndTimestamps(@ForAll("days") final Integer da, @ForAll("days") final Integer db,
                           @ForAll("micros") final Long ma, @ForAll("micros") final Long mb) {
        check(PgType.DATE, LocalDate.ofEpochDay(da), LocalDate.ofEpochDay(db), LocalDate::compareTo);
        final LocalDateTime ta = LocalDateTime.ofEpochSecond(Math.floorDiv(ma, 1_000_000L),
            (int) Math.floorMod(ma, 1_000_000L) * 1000, ZoneOffset.UTC);
        final LocalDateTime tb = LocalDateTime.ofEpochSecond(Math.floorDiv(mb, 1_000_000L),
            (int) Math.floorMod(mb, 1_000_000L) * 1000, ZoneOffset.UTC);
        check(PgType.TIMESTAMP, ta, tb, LocalDateTime::compareTo);
        final OffsetDateTime za = ta.atOffset(ZoneOffset.ofHours(3));
        final OffsetDateTime zb = tb.atOffset(ZoneOffset.ofHours(-5));
        check(PgType.TIMESTAMPTZ, za, zb, (x, y) -> x.toInstant().compareTo(y.toInstant()));
    }

    @Property(tries = 200)
    void timeOidAndChar(@ForAll("micros") final Long a, @ForAll("micros") final Long b) {
        final long day = 86_400_000_000L;
        final java.time.LocalTime ta = java.time.LocalTime.ofNanoOfDay(Math.floorMod(a, day) * 1000);
        final java.time.LocalTime tb = java.time.LocalTime.ofNanoOfDay(Math.floorMod(b, day) * 1000);
        check(PgType.TIME, ta, tb, java.time.LocalTime::compareTo);
        final long oa = a & 0xFFFF_FFFFL;
        final long ob = b & 0xFFFF_FFFFL;
        check(PgType.OID, oa, ob, Long::compare);
        final String ca = String.valueOf((char) (a & 0x7F));
        final String cb = String.valueOf((char) (b & 0x7F));
        check(PgType.CHAR, ca, cb, String::compareTo);
    }

    /** interval_cmp's order: the 128-bit linearisation months x 30 days + days x 24 h + micros. */
    private static BigInteger span(final Interval v) {
        final BigInteger day = BigInteger.valueOf(86_400_000_000L);
        return BigInteger.valueOf(v.months()).multiply(BigInteger.valueOf(30)).add(BigInteger.valueOf(v.days()))
            .multiply(day).add(BigInteger.valueOf(v.micros()));
    }

    @Property(tries = 400)
    void intervalKeysFollowIntervalCmp(@ForAll("intervals") final Interval a, @ForAll("intervals") final Interval b) {
        check(PgType.INTERVAL, a, b, (x, y) -> span(x).compareTo(span(y)));
        // and the value order the executor sorts by is the same one
        assertEquals(Integer.signum(span(a).compareTo(span(b))), Integer.signum(a.compareTo(b)), a + " vs " + b);
        assertEquals(span(a).equals(span(b)), a.equals(b));
        if (a.equals(b)) {
            assertEquals(a.hashCode(), b.hashCode());
        }
    }

    @Test
    void equalSpansAreOneKey() {
        final Interval month = Interval.of(1, 0, 0);
        final Interval days = Interval.of(0, 30, 0);
        final Interval hours = Interval.of(0, 0, 720L * 3_600_000_000L);
        assertEquals(0, Arrays.compareUnsigned(key(new PgType[] {PgType.INTERVAL}, month), key(new PgType[] {PgType.INTERVAL}, days)));
        assertEquals(0, Arrays.compareUnsigned(key(new PgType[] {PgType.INTERVAL}, days), key(new PgType[] {PgType.INTERVAL}, hours)));
        // 1 day -1 us sorts before 1 day, after 23:59:59
        final Interval almost = Interval.of(0, 1, -1);
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(key(new PgType[] {PgType.INTERVAL}, almost),
            key(new PgType[] {PgType.INTERVAL}, Interval.of(0, 1, 0)))));
        assertEquals(1, Integer.signum(Arrays.compareUnsigned(key(new PgType[] {PgType.INTERVAL}, almost),
            key(new PgType[] {PgType.INTERVAL}, Interval.ofMicros(86_399_000_000L)))));
    }

    @Provide
    Arbitrary<Interval> intervals() {
        // small fields often (so spans tie and cross), the ends of each field's range sometimes
        final Arbitrary<Integer> months = Arbitraries.oneOf(Arbitraries.integers().between(-3, 3), Arbitraries.integers());
        final Arbitrary<Integer> days = Arbitraries.oneOf(Arbitraries.integers().between(-95, 95), Arbitraries.integers());
        final Arbitrary<Long> micros = Arbitraries.oneOf(
            Arbitraries.longs().between(-3, 3).map(h -> h * 86_400_000_000L),
            Arbitraries.longs().between(-200_000_000_000L, 200_000_000_000L), Arbitraries.longs());
        return Combinators.combine(months, days, micros).as(Interval::of);
    }

    @Property(tries = 200)
    void bpcharComparesWithoutTrailingBlanks(@ForAll("texts") final String a, @ForAll("texts") final String b) {
        check(PgType.BPCHAR, a == null ? null : a + "  ", b, (x, y) -> codePoints(x.replaceAll(" +$", ""),
            y.replaceAll(" +$", "")));
    }

    @Property(tries = 300)
    void composite(@ForAll("ints") final Integer a1, @ForAll("texts") final String a2, @ForAll("ints") final Integer b1,
                   @ForAll("texts") final String b2) {
        final PgType[] types = {PgType.INT4, PgType.TEXT};
        final Comparator<Object[]> cmp = (x, y) -> {
            final int c = nullsLast((Integer) x[0], (Integer) y[0], Integer::compare);
            return c != 0 ? c : nullsLast((String) x[1], (String) y[1], KeyCodecOrderTest::codePoints);
        };
        final Object[] a = {a1, a2};
        final Object[] b = {b1, b2};
        assertEquals(sign(cmp.compare(a, b)), sign(Arrays.compareUnsigned(key(types, a), key(types, b))),
            () -> Arrays.toString(a) + " vs " + Arrays.toString(b));
    }

    @Property(tries = 200)
    void prefixSortsFirstAndIsABytePrefix(@ForAll("texts") final String a, @ForAll("ints") final Integer b) {
        final byte[] prefix = key(new PgType[] {PgType.TEXT}, a);
        final byte[] whole = key(new PgType[] {PgType.TEXT, PgType.INT4}, a, b);
        assertEquals(0, Arrays.compareUnsigned(prefix, 0, prefix.length, whole, 0, prefix.length));
        assertEquals(-1, sign(Arrays.compareUnsigned(prefix, whole)));
    }

    @Test
    void nullSortsAfterEveryValueAndBpcharIgnoresTrailingBlanks() {
        final PgType[] t = {PgType.TEXT};
        assertEquals(-1, sign(Arrays.compareUnsigned(key(t, "\uFFFF\uFFFF"), key(t, (Object) null))));
        final PgType[] c = {PgType.BPCHAR};
        assertEquals(0, Arrays.compareUnsigned(key(c, "ab  "), key(c, "ab")));
        final PgType[] n = {PgType.NUMERIC};
        assertEquals(0, Arrays.compareUnsigned(key(n, new BigDecimal("1.50")), key(n, new BigDecimal("1.5"))));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(6).withChars("ab \u0000\u00e9\u4e2d"),
            // any character but lone surrogates, which cannot arrive (the protocol rejects invalid UTF-8 with 22021)
            // and which the codec writes as U+FFFD
            Arbitraries.strings().ofMaxLength(4).withCharRange('\u0001', '\uD7FF').withCharRange('\uE000', '\uFFFF'),
            Arbitraries.just(null));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Integer> ints() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-3, 3), Arbitraries.integers(), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<Integer> days() {
        return Arbitraries.integers().between(-800_000, 800_000);
    }

    @Provide
    Arbitrary<Long> micros() {
        return Arbitraries.longs().between(-9_000_000_000_000_000L / 1000, 9_000_000_000_000_000L / 1000);
    }

    @Provide
    Arbitrary<BigDecimal> numerics() {
        final Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(Arbitraries.bigIntegers().between(
            BigInteger.valueOf(-1000), BigInteger.valueOf(1000)), Arbitraries.bigIntegers().between(
            new BigInteger("-99999999999999999999"), new BigInteger("99999999999999999999")));
        return Combinators.combine(unscaled, Arbitraries.integers().between(-5, 8)).as(BigDecimal::new);
    }
}
