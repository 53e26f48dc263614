package io.stratum.compute.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.stratum.compute.exec.Values;
import io.stratum.compute.types.NumericSpecial;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * numeric's NaN, Infinity and -Infinity through every encoding: B-tree keys sort exactly as the numeric order
 * (-Infinity < finite < Infinity < NaN, NaN = NaN), and the row codec and the wire's text and binary forms give them
 * back.
 */
class NumericSpecialCodecTest {
    private static final NumericSpecial NAN = NumericSpecial.NAN;
    private static final NumericSpecial INF = NumericSpecial.POSITIVE_INFINITY;
    private static final NumericSpecial NINF = NumericSpecial.NEGATIVE_INFINITY;

    private static byte[] key(final PgType[] types, final Object... values) {
        final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(64);
        final int len = new KeyCodec(types).encode(values, values.length, buf, 0);
        return Arrays.copyOf(buf.byteArray(), len);
    }

    /** The order PostgreSQL's numeric btree opclass defines, written out independently of the code under test. */
    private static int model(final Object a, final Object b) {
        final int ra = a == NINF ? -1 : a == INF ? 1 : a == NAN ? 2 : 0;
        final int rb = b == NINF ? -1 : b == INF ? 1 : b == NAN ? 2 : 0;
        return ra != rb || ra != 0 ? Integer.compare(ra, rb) : ((BigDecimal) a).compareTo((BigDecimal) b);
    }

    @Property(tries = 1000)
    void keyByteOrderIsTheNumericOrder(@ForAll("numerics") final Object a, @ForAll("numerics") final Object b) {
        final PgType[] t = {PgType.NUMERIC};
        final int expected = Integer.signum(model(a, b));
        assertEquals(expected, Integer.signum(Arrays.compareUnsigned(key(t, a), key(t, b))), () -> a + " vs " + b);
        assertEquals(expected, Integer.signum(Values.compare(a, b)), () -> "Values.compare " + a + " vs " + b);
        assertEquals(expected == 0, Values.same(a, b));
        if (expected == 0) {
            assertEquals(Values.hash(a), Values.hash(b), () -> "hash " + a + " vs " + b);
        }
    }

    @Property(tries = 500)
    void compositeKeysOrderByTheNumericFirst(@ForAll("numerics") final Object a, @ForAll final int x,
                                             @ForAll("numerics") final Object b, @ForAll final int y) {
        // each component delimits itself: -Infinity's short key must not run into the next component
        final PgType[] t = {PgType.NUMERIC, PgType.INT4};
        final int c = model(a, b);
        final int expected = Integer.signum(c != 0 ? c : Integer.compare(x, y));
        assertEquals(expected, Integer.signum(Arrays.compareUnsigned(key(t, a, x), key(t, b, y))),
            () -> "(" + a + ", " + x + ") vs (" + b + ", " + y + ")");
    }

    @Test
    void specialKeysSitAroundTheExtremeFiniteValues() {
        final PgType[] t = {PgType.NUMERIC};
        final Object[] ascending = {NINF, new BigDecimal("-9e131071"), new BigDecimal("-1e-16383"), BigDecimal.ZERO,
            new BigDecimal("1e-16383"), new BigDecimal("9e131071"), INF, NAN, null};
        for (int i = 0; i + 1 < ascending.length; i++) {
            final byte[] lo = key(t, ascending[i]);
            final byte[] hi = key(t, ascending[i + 1]);
            assertEquals(-1, Integer.signum(Arrays.compareUnsigned(lo, hi)), ascending[i] + " < " + ascending[i + 1]);
        }
        assertArrayEquals(key(t, NAN), key(t, Values.numeric(Double.NaN)));
        assertArrayEquals(key(t, NINF), key(t, Values.numeric(Double.NEGATIVE_INFINITY)));
    }

    @Property(tries = 300)
    void rowCodecRoundTrips(@ForAll("numerics") final Object a, @ForAll("numerics") final Object b) {
        final PgType[] types = {PgType.NUMERIC, PgType.INT4, PgType.NUMERIC_ARRAY, PgType.NUMERIC};
        final RowCodec codec = new RowCodec(types, null);
        final Object[] row = {a, 7, new Object[] {b, null, a}, b};
        final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(16);
        final int len = codec.encode(row, buf, 0);
        assertEquals(codec.encodedLength(row), len);
        final Object[] back = codec.decode(buf, 0, len, new Object[types.length]);
        same(a, back[0]);
        assertEquals(7, back[1]);
        final Object[] arr = (Object[]) back[2];
        same(b, arr[0]);
        assertEquals(null, arr[1]);
        same(a, arr[2]);
        same(b, back[3]);
        same(b, codec.decodeColumn(buf, 0, len, 3));
    }

    @Property(tries = 300)
    void wireFormsRoundTrip(@ForAll("numerics") final Object v) {
        final byte[] bin = PgType.NUMERIC.formatBinary(v);
        same(v, PgType.NUMERIC.parseBinary(bin, 0, bin.length));
        same(v, PgType.NUMERIC.parseText(PgType.NUMERIC.formatText(v, PgType.Format.DEFAULT)));
    }

    @Test
    void wireFormsAreNumericSendAndNumericOut() {
        // bytes as PostgreSQL 15's numeric_send writes them (checked against a running server)
        assertEquals("00000000c0000000", HexFormat.of().formatHex(PgType.NUMERIC.formatBinary(NAN)));
        assertEquals("00000000d0000020", HexFormat.of().formatHex(PgType.NUMERIC.formatBinary(INF)));
        assertEquals("00000000f0000020", HexFormat.of().formatHex(PgType.NUMERIC.formatBinary(NINF)));
        assertEquals("000200000000000200011388", HexFormat.of().formatHex(PgType.NUMERIC.formatBinary(new BigDecimal("1.50"))));
        assertSame(INF, PgType.NUMERIC.parseBinary(HexFormat.of().parseHex("00000000d0000000"), 0, 8));
        assertEquals("NaN", PgType.NUMERIC.formatText(NAN, PgType.Format.DEFAULT));
        assertEquals("Infinity", PgType.NUMERIC.formatText(INF, PgType.Format.DEFAULT));
        assertEquals("-Infinity", PgType.NUMERIC.formatText(NINF, PgType.Format.DEFAULT));
        for (final String s : new String[] {"NaN", "nan", " NAN "}) {
            assertSame(NAN, PgType.NUMERIC.parseText(s));
        }
        for (final String s : new String[] {"Infinity", "+infinity", "inf", "+INF"}) {
            assertSame(INF, PgType.NUMERIC.parseText(s));
        }
        for (final String s : new String[] {"-Infinity", "-inf"}) {
            assertSame(NINF, PgType.NUMERIC.parseText(s));
        }
    }

    private static void same(final Object expected, final Object actual) {
        if (expected instanceof NumericSpecial) {
            assertSame(expected, actual);
        } else {
            assertEquals(expected, actual); // BigDecimal equals: value and scale
        }
    }

    @Provide
    Arbitrary<Object> numerics() {
        final Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(Arbitraries.bigIntegers().between(
            BigInteger.valueOf(-1000), BigInteger.valueOf(1000)), Arbitraries.bigIntegers().between(
            new BigInteger("-99999999999999999999"), new BigInteger("99999999999999999999")));
        final Arbitrary<Object> finite = Combinators.combine(unscaled, Arbitraries.integers().between(0, 8))
            .as((u, s) -> (Object) new BigDecimal(u, s));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, finite),
            net.jqwik.api.Tuple.of(1, Arbitraries.of(NAN, INF, NINF)));
    }
}
