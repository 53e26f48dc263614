package io.stratum.compute.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.SqlException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Interval input, output and arithmetic; every expected value is what PostgreSQL 15.18 printed. */
class IntervalTest {
    private static final long HOUR = 3_600_000_000L;

    private static String text(final String input) {
        return PgType.INTERVAL.formatText(PgType.INTERVAL.parseText(input), PgType.Format.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.5 days|1 day 12:00:00", "5|00:00:05", "1 day ago|-1 days", "@ 1 hour|01:00:00", "2 weeks|14 days",
        "1 h 30 m|01:30:00", "P1DT2H|1 day 02:00:00", "1 day 04:05:06.5|1 day 04:05:06.5", "1 mon|1 mon",
        "1 year 2 mons 3 days 04:05:06.789|1 year 2 mons 3 days 04:05:06.789",
        "-1 year -2 mons +3 days -04:05:06|-1 years -2 mons +3 days -04:05:06",
        "1-2|1 year 2 mons", "-1-2|-1 years -2 mons", "1 -1:30|1 day -01:30:00", "-1 1:30|-1 days +01:30:00",
        // a time field replaces the fraction of a day read after it (DecodeTimeForInterval)
        "01:00 1.5 days|1 day 01:00:00",
        "1.5 years|1 year 6 mons", "0.1 years|1 mon", "1.5 mon|1 mon 15 days", "1.75 weeks|12 days 06:00:00",
        "0.5 hours|00:30:00", "1.1234567 s|00:00:01.123457", "10 ms 2 us|00:00:00.010002", "1:30.5|00:01:30.5",
        "27:00:00|27:00:00", "3 decades 2 centuries 1 millennium|1230 years", "12 months|1 year",
        "-0.5 months|-15 days", "PT1.5M|00:01:30", "P1.5Y2M|1 year 8 mons", "1 day +1 hour|1 day 01:00:00",
        "2 microseconds 3 milliseconds|00:00:00.003002", "-00:00:00.5|-00:00:00.5", "2 days -1 hour|2 days -01:00:00",
        "1 microseconds|00:00:00.000001", "-1 days +02:00:00|-1 days +02:00:00"})
    void readsAndPrintsAsPostgres(final String input, final String expected) {
        assertEquals(expected, text(input));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x|22007|invalid input syntax for type interval: \"x\"",
        "1 ago|22007|invalid input syntax for type interval: \"1 ago\"",
        "1 day 2 days|22007|invalid input syntax for type interval: \"1 day 2 days\"",
        "-.5 days|22007|invalid input syntax for type interval: \"-.5 days\"",
        "p1d|22007|invalid input syntax for type interval: \"p1d\"",
        "1 2|22007|invalid input syntax for type interval: \"1 2\"",
        "1 qtr|22007|invalid input syntax for type interval: \"1 qtr\"",
        "+5 -3|22007|invalid input syntax for type interval: \"+5 -3\"",
        "1 minutes 1 mins|22007|invalid input syntax for type interval: \"1 minutes 1 mins\"",
        "99999999999 days|22015|interval field value out of range: \"99999999999 days\"",
        "1:60|22015|interval field value out of range: \"1:60\"",
        "178956971 years|22008|interval out of range"})
    void refusesAsPostgres(final String input, final String state, final String message) {
        final SqlException e = assertThrows(SqlException.class, () -> PgType.INTERVAL.parseText(input));
        assertEquals(state, e.sqlState());
        assertEquals(message, e.getMessage());
    }

    @Test
    void keepsThreeFields() {
        final Interval v = (Interval) PgType.INTERVAL.parseText("1 year 2 mons 3 days 04:05:06");
        assertEquals(14, v.months());
        assertEquals(3, v.days());
        assertEquals(4 * HOUR + 306_000_000L, v.micros());
        assertEquals("00:00:00", Interval.ZERO.toString());
        assertEquals("-00:00:01", Interval.ofMicros(-1_000_000).toString());
        assertEquals("-178956970 years -8 mons -2147483648 days -2562047788:00:54.775808",
            Interval.of(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE).toString());
    }

    @Test
    void comparesOnThirtyDayMonthsAndDayLongDays() {
        final Interval month = Interval.of(1, 0, 0);
        final Interval days = Interval.of(0, 30, 0);
        assertEquals(0, month.compareTo(days));
        assertEquals(month, days);
        assertEquals(month.hashCode(), days.hashCode());
        assertFalse(month.sameFields(days));
        assertEquals(Interval.of(0, 1, 0), Interval.ofMicros(24 * HOUR));
        assertTrue(month.compareTo(Interval.of(0, 29, 24 * HOUR - 1)) > 0);
        assertNotEquals(Interval.of(0, 0, 1), Interval.ZERO);
        // spans beyond a long's microseconds still order
        assertTrue(Interval.of(Integer.MAX_VALUE, 0, 0).compareTo(Interval.ofMicros(Long.MAX_VALUE)) > 0);
        assertTrue(Interval.of(Integer.MIN_VALUE, 0, 0).compareTo(Interval.ofMicros(Long.MIN_VALUE)) < 0);
        assertEquals(-1, Interval.of(1, -31, 0).signum());
    }

    @Test
    void multipliesAndDividesAsIntervalMul() {
        assertEquals("3 days", Interval.of(0, 1, 0).multiply(3).toString());
        assertEquals("15 days", Interval.of(1, 0, 0).multiply(0.5).toString());
        assertEquals("1 day 12:00:00", Interval.of(0, 1, 0).multiply(1.5).toString());
        assertEquals("-3 days", Interval.of(0, 2, 0).multiply(-1.5).toString());
        assertEquals("08:00:00", Interval.of(0, 1, 0).divide(3).toString());
        // the month's 30/7 days are rounded to microsecond precision of days before the seconds cascade
        assertEquals("4 days 06:51:25.6896", Interval.of(1, 0, 0).divide(7).toString());
        assertEquals("15 days 12:30:00", Interval.of(1, 1, HOUR).divide(2).toString());
        final SqlException zero = assertThrows(SqlException.class, () -> Interval.of(0, 1, 0).divide(0));
        assertEquals("22012", zero.sqlState());
        final SqlException big = assertThrows(SqlException.class, () -> Interval.of(Integer.MAX_VALUE, 0, 0).multiply(2));
        assertEquals("interval out of range", big.getMessage());
    }

    @Test
    void addsFieldByField() {
        assertEquals("2 days -01:00:00", Interval.of(0, 2, 0).minus(Interval.ofMicros(HOUR)).toString());
        assertEquals("1 mon 1 day 01:00:00", Interval.of(1, 0, 0).plus(Interval.of(0, 1, HOUR)).toString());
        assertEquals("-1 mons -1 days -01:00:00", Interval.of(1, 1, HOUR).negate().toString());
        assertEquals("22008", assertThrows(SqlException.class,
            () -> Interval.of(Integer.MAX_VALUE, 0, 0).plus(Interval.of(1, 0, 0))).sqlState());
        assertEquals("22008", assertThrows(SqlException.class, () -> Interval.of(Integer.MIN_VALUE, 0, 0).negate()).sqlState());
    }

    @Test
    void justifies() {
        assertEquals("29 days 23:00:00", Interval.of(1, 0, -HOUR).justifyInterval().toString());
        assertEquals("-1 days -03:00:00", Interval.ofMicros(-27 * HOUR).justifyHours().toString());
        assertEquals("-1 mons -5 days", Interval.of(0, -35, 0).justifyDays().toString());
        assertEquals("1 mon 5 days 02:00:00", Interval.of(0, 34, 26 * HOUR).justifyInterval().toString());
        assertEquals("1 day -01:00:00", Interval.of(0, 1, -HOUR).justifyDays().toString());
        assertEquals("23:00:00", Interval.of(0, 1, -HOUR).justifyHours().toString());
    }

    @Test
    void binaryIsMicrosDaysMonths() {
        final byte[] b = PgType.INTERVAL.formatBinary(Interval.of(14, 3, 26 * HOUR));
        assertEquals(16, b.length);
        assertEquals(26 * HOUR, BinaryCodec.get64(b, 0));
        assertEquals(3, BinaryCodec.get32(b, 8));
        assertEquals(14, BinaryCodec.get32(b, 12));
        assertTrue(Interval.of(14, 3, 26 * HOUR).sameFields((Interval) PgType.INTERVAL.parseBinary(b, 0, 16)));
    }
}
