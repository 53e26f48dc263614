package io.stratum.compute.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.Interval;
import io.stratum.compute.types.PgType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Date/time arithmetic with intervals; every expected value is what PostgreSQL 15.18 printed. */
class IntervalOpsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Interval iv(final String text) {
        return (Interval) PgType.INTERVAL.parseText(text);
    }

    private static LocalDateTime ts(final String text) {
        return LocalDateTime.parse(text.replace(' ', 'T'));
    }

    private static Object add(final Object a, final String interval) {
        return IntervalOps.add(a, iv(interval), false, BERLIN);
    }

    @Test
    void monthsClampToTheMonthsLastDay() {
        assertEquals(ts("2024-02-29 00:00"), add(LocalDate.of(2024, 1, 31), "1 month"));
        assertEquals(ts("2024-03-01 11:00"), add(ts("2024-01-31 10:00"), "1 mon 1 day 1 hour"));
        assertEquals(ts("2024-02-29 00:00"), IntervalOps.add(ts("2024-03-31 00:00"), iv("1 mon"), true, BERLIN));
        assertEquals(ts("2024-02-28 00:00"), add(ts("2023-02-28 00:00"), "1 year"));
        assertEquals(ts("2025-02-28 00:00"), add(ts("2024-02-29 00:00"), "1 year"));
        assertEquals(ts("2024-02-29 00:00"), IntervalOps.add(LocalDate.of(2024, 3, 1), iv("1 day"), true, BERLIN));
        assertEquals(LocalDateTime.MAX, add(LocalDateTime.MAX, "1 day"));
    }

    @Test
    void timestamptzDaysAreCalendarDaysInTheSessionZone() {
        final OffsetDateTime t = OffsetDateTime.of(2024, 3, 30, 12, 0, 0, 0, ZoneOffset.UTC);
        // across the DST change a day is 23 hours, 24 hours are 24 hours
        assertEquals(OffsetDateTime.of(2024, 3, 31, 11, 0, 0, 0, ZoneOffset.UTC).toInstant(),
            ((OffsetDateTime) add(t, "1 day")).toInstant());
        assertEquals(OffsetDateTime.of(2024, 3, 31, 12, 0, 0, 0, ZoneOffset.UTC).toInstant(),
            ((OffsetDateTime) add(t, "24 hours")).toInstant());
        assertEquals(OffsetDateTime.of(2024, 3, 31, 22, 30, 0, 0, ZoneOffset.UTC).toInstant(),
            ((OffsetDateTime) add(OffsetDateTime.of(2024, 2, 29, 23, 30, 0, 0, ZoneOffset.UTC), "1 mon")).toInstant());
    }

    @Test
    void timeTakesOnlyTheTimePartModuloADay() {
        assertEquals(LocalTime.of(1, 0), add(LocalTime.of(23, 0), "2 hours 1 day"));
        assertEquals(LocalTime.of(22, 0), IntervalOps.add(LocalTime.of(1, 0), iv("3 hours"), true, BERLIN));
        assertEquals("-02:00:00", IntervalOps.subtract(LocalTime.of(1, 0), LocalTime.of(3, 0)).toString());
    }

    @Test
    void timestampDifferencesAreJustifiedHours() {
        assertEquals("60 days", IntervalOps.subtract(ts("2024-03-01 00:00"), ts("2024-01-01 00:00")).toString());
        assertEquals("59 days 23:00:00", IntervalOps.subtract(ts("2024-03-01 01:00"), ts("2024-01-01 02:00")).toString());
        assertEquals("-1 days -01:00:00", IntervalOps.subtract(ts("2024-01-01 00:00"), ts("2024-01-02 01:00")).toString());
        assertEquals(29, IntervalOps.subtract(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 2, 1)));
        final SqlException e = assertThrows(SqlException.class, () -> IntervalOps.subtract(LocalDateTime.MAX, ts("2024-01-01 00:00")));
        assertEquals("cannot subtract infinite timestamps", e.getMessage());
    }

    @Test
    void ageIsSymbolic() {
        assertEquals("1 year 1 mon 1 day", IntervalOps.age(ts("2024-03-01 00:00"), ts("2023-01-31 00:00")).toString());
        assertEquals("-1 mons -1 days -12:00:00", IntervalOps.age(ts("2024-01-31 00:00"), ts("2024-03-01 12:00")).toString());
        assertEquals("23 days 21:29:44.5", IntervalOps.age(ts("2024-03-15 10:00"), ts("2024-02-20 12:30:15.5")).toString());
    }

    @Test
    void extractsFields() {
        assertEquals("34236000.000000", IntervalOps.extract("epoch", iv("1 year 1 mon 1 day")).toPlainString());
        assertEquals("-34149598.500000", IntervalOps.extract("epoch", iv("-1 year -1 mon 1.5 s")).toPlainString());
        assertEquals("1.500000", IntervalOps.extract("second", iv("1 min 1.5 s")).toPlainString());
        assertEquals("-1500.000", IntervalOps.extract("milliseconds", iv("-1.5 s")).toPlainString());
        assertEquals("1500000", IntervalOps.extract("microseconds", iv("1.5 s")).toPlainString());
        assertEquals("-25", IntervalOps.extract("hour", iv("-25 hours")).toPlainString());
        assertEquals("-1", IntervalOps.extract("month", iv("-13 mons")).toPlainString());
        assertEquals("4", IntervalOps.extract("quarter", iv("11 mons")).toPlainString());
        assertEquals("0", IntervalOps.extract("quarter", iv("-5 mons")).toPlainString());
        assertEquals("2", IntervalOps.extract("millennium", iv("2500 years")).toPlainString());
        assertEquals("-1", IntervalOps.extract("decade", iv("-15 years")).toPlainString());
        assertEquals("40", IntervalOps.extract("day", iv("40 days")).toPlainString());
        final SqlException week = assertThrows(SqlException.class, () -> IntervalOps.extract("week", iv("1 day")));
        assertEquals("0A000", week.sqlState());
        assertEquals("unit \"week\" not supported for type interval", week.getMessage());
        final SqlException foo = assertThrows(SqlException.class, () -> IntervalOps.extract("foo", iv("1 day")));
        assertEquals("22023", foo.sqlState());
        assertEquals("unit \"foo\" not recognized for type interval", foo.getMessage());
    }

    @Test
    void truncatesFields() {
        assertEquals("1 year 3 mons", IntervalOps.trunc("quarter", iv("1 year 5 mons 3 days 04:05:06.7")).toString());
        assertEquals("-1 days -04:00:00", IntervalOps.trunc("hour", iv("-1 day -04:05:06")).toString());
        assertEquals("-00:00:01.234", IntervalOps.trunc("milliseconds", iv("-1.23456 s")).toString());
        assertEquals("-10 years", IntervalOps.trunc("decade", iv("-15 years 3 mons")).toString());
        assertEquals("0A000", assertThrows(SqlException.class, () -> IntervalOps.trunc("week", iv("1 day"))).sqlState());
        assertEquals("22023", assertThrows(SqlException.class, () -> IntervalOps.trunc("dow", iv("1 day"))).sqlState());
    }
}
