package io.stratum.compute.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.NumericSpecial;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** numeric NaN / Infinity / -Infinity in the executor; every expected value is what PostgreSQL 15.18 returned. */
class NumericOpsTest {

    private static Object num(final String s) {
        return PgType.NUMERIC.parseText(s);
    }

    private static String text(final Object v) {
        return Casts.toText(v, PgType.NUMERIC, ZoneOffset.UTC);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Infinity|-|Infinity|NaN", "Infinity|+|Infinity|Infinity", "-Infinity|+|Infinity|NaN", "Infinity|-|-Infinity|Infinity",
        "Infinity|+|1|Infinity", "1|-|Infinity|-Infinity", "NaN|+|1|NaN", "Infinity|*|0|NaN", "Infinity|*|-2.5|-Infinity",
        "-Infinity|*|-Infinity|Infinity", "NaN|*|0|NaN", "1|/|Infinity|0", "-5.5|/|-Infinity|0", "Infinity|/|Infinity|NaN",
        "Infinity|/|-3|-Infinity", "NaN|/|0|NaN", "Infinity|%|2|NaN", "5.5|%|Infinity|5.5", "-5|%|-Infinity|-5",
        "NaN|%|0|NaN", "Infinity|%|Infinity|NaN"})
    void arithmetic(final String a, final char op, final String b, final String expected) {
        assertEquals(expected, text(Values.arith(op, num(a), num(b), 3)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Infinity|/|0", "-Infinity|/|0.0", "Infinity|%|0", "1|/|0"})
    void divisionByZeroStaysAnError(final String a, final char op, final String b) {
        assertEquals("22012", assertThrows(SqlException.class, () -> Values.arith(op, num(a), num(b), 3)).sqlState());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Infinity|2|Infinity", "2|Infinity|Infinity", "0.5|Infinity|0", "2|-Infinity|0", "Infinity|-1|0", "-Infinity|3|-Infinity",
        "-Infinity|2|Infinity", "-Infinity|-3|0", "1|NaN|1", "NaN|0|1", "NaN|1|NaN", "-1|Infinity|1", "-2|Infinity|Infinity",
        "0|Infinity|0", "Infinity|0|1", "0.5|-Infinity|Infinity", "-2|NaN|NaN"})
    void power(final String x, final String y, final String expected) {
        assertEquals(expected, text(Builtins.power(num(x), num(y))));
    }

    @Test
    void powerErrors() {
        assertEquals("2201F", assertThrows(SqlException.class, () -> Builtins.power(num("0"), num("-Infinity"))).sqlState());
        assertEquals("2201F", assertThrows(SqlException.class, () -> Builtins.power(num("-Infinity"), num("0.5"))).sqlState());
    }

    @Test
    void functionsAndCasts() {
        assertEquals("Infinity", text(Builtins.abs(num("-Infinity"))));
        assertEquals("-1", text(Builtins.sign(num("-Infinity"), PgType.NUMERIC, ZoneOffset.UTC)));
        assertEquals("NaN", text(Builtins.sign(num("NaN"), PgType.NUMERIC, ZoneOffset.UTC)));
        assertEquals("Infinity", text(Builtins.round(num("Infinity"), 2)));
        assertEquals("-Infinity", text(Builtins.ceilFloor(num("-Infinity"), true)));
        assertEquals("0", text(Builtins.expLog("exp", num("-Infinity"))));
        assertEquals("2201E", assertThrows(SqlException.class, () -> Builtins.expLog("ln", num("-Infinity"))).sqlState());
        assertEquals("2201F", assertThrows(SqlException.class, () -> Builtins.sqrt(num("-Infinity"))).sqlState());
        assertEquals("Infinity", text(Builtins.div(num("-Infinity"), num("-2"))));
        assertEquals("0", text(Builtins.div(num("5"), num("Infinity"))));
        assertEquals("-Infinity", text(Values.negate(num("Infinity"))));
        final SqlException nan = assertThrows(SqlException.class, () -> Casts.cast(num("NaN"), PgType.INT4, -1, ZoneOffset.UTC));
        assertEquals("0A000", nan.sqlState());
        assertEquals("cannot convert NaN to integer", nan.getMessage());
        assertEquals("cannot convert infinity to bigint", assertThrows(SqlException.class,
            () -> Casts.cast(num("-Infinity"), PgType.INT8, -1, ZoneOffset.UTC)).getMessage());
        // numeric(5,2): NaN fits, an infinity does not
        final int typmod = (5 << 16 | 2) + 4;
        assertSame(NumericSpecial.NAN, Casts.cast("NaN", PgType.NUMERIC, typmod, ZoneOffset.UTC));
        assertEquals("22003", assertThrows(SqlException.class,
            () -> Casts.cast(Double.POSITIVE_INFINITY, PgType.NUMERIC, typmod, ZoneOffset.UTC)).sqlState());
        assertSame(NumericSpecial.NEGATIVE_INFINITY, Casts.cast(Float.NEGATIVE_INFINITY, PgType.NUMERIC, -1, ZoneOffset.UTC));
        assertEquals(Double.NaN, Casts.cast(num("NaN"), PgType.FLOAT8, -1, ZoneOffset.UTC));
        // float8_numeric / float4_numeric round to 15 / 6 significant digits
        assertEquals(new BigDecimal("0.3"), Casts.cast(0.1 + 0.2, PgType.NUMERIC, -1, ZoneOffset.UTC));
        assertEquals(new BigDecimal("123457000"), Casts.cast(123456789.123f, PgType.NUMERIC, -1, ZoneOffset.UTC));
    }

    @Test
    void toChar() {
        assertEquals("  NaN", Builtins.toChar(num("NaN"), "9999.99", ZoneOffset.UTC));
        assertEquals(" ####.##", Builtins.toChar(num("Infinity"), "9999.99", ZoneOffset.UTC));
        assertEquals("-####.##", Builtins.toChar(num("-Infinity"), "9999.99", ZoneOffset.UTC));
        assertEquals(" #.######", Builtins.toChar(num("NaN"), "9.99EEEE", ZoneOffset.UTC));
        assertEquals(" #.######", Builtins.toChar(Double.NaN, "9.99EEEE", ZoneOffset.UTC));
        assertEquals("0A000", assertThrows(SqlException.class, () -> Builtins.toChar(num("NaN"), "RN", ZoneOffset.UTC)).sqlState());
        // float8 / float4 NaN and infinities as PostgreSQL's printf writes them
        assertEquals(" ####.", Builtins.toChar(Float.POSITIVE_INFINITY, "9999.99", ZoneOffset.UTC));
        assertEquals("  NaN", Builtins.toChar(Float.NaN, "9999.99", ZoneOffset.UTC));
        assertEquals("-####.##", Builtins.toChar(Double.NEGATIVE_INFINITY, "9999.99", ZoneOffset.UTC));
        assertEquals("NaN", Builtins.toChar(Double.NaN, "FM9999.99", ZoneOffset.UTC));
        assertEquals("  Infinity", Builtins.toChar(Double.POSITIVE_INFINITY, "999999999.99", ZoneOffset.UTC));
    }

    @Test
    void numbersOfOneValueHashAlikeAcrossForms() {
        // a hash join of numeric with float8 keys relies on it
        final Object[][] alike = {{new BigDecimal("1.50"), 1.5d, 1.5f}, {new BigDecimal("1E+100"), 1e100},
            {new BigDecimal("3"), 3, 3L, (short) 3, 3.0d}, {num("NaN"), Double.NaN, Float.NaN},
            {num("-Infinity"), Double.NEGATIVE_INFINITY}, {new BigDecimal("0.1"), 0.1d}, {BigDecimal.ZERO, -0.0d, 0}};
        for (final Object[] group : alike) {
            for (final Object v : group) {
                assertEquals(true, Values.same(group[0], v), group[0] + " = " + v);
                assertEquals(Values.hash(group[0]), Values.hash(v), group[0] + " hash " + v);
            }
        }
    }

    @Test
    void spillCodecKeepsThem() {
        final Object[] row = {num("NaN"), num("Infinity"), num("-Infinity"), new BigDecimal("1.50"), new Object[] {num("NaN")}};
        final SpillCodec codec = new SpillCodec();
        assertEquals(true, SpillCodec.encodable(row));
        codec.encode(row);
        final Object[] back = SpillCodec.decode(codec.bytes(), 0, codec.length(), "test");
        assertSame(NumericSpecial.NAN, back[0]);
        assertSame(NumericSpecial.POSITIVE_INFINITY, back[1]);
        assertSame(NumericSpecial.NEGATIVE_INFINITY, back[2]);
        assertEquals(new BigDecimal("1.50"), back[3]);
        assertSame(NumericSpecial.NAN, ((Object[]) back[4])[0]);
    }
}
