package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.Interval;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Date/time arithmetic with intervals as PostgreSQL's timestamp.c does it: months first (same day of month,
 * clamped to the month's last day), then days (timestamptz: in the session TimeZone, so a day across a DST
 * change is 23 or 25 hours), then the time part; timestamp differences as justify_hours of the microseconds;
 * age() as the symbolic year/month/day difference; extract() and date_trunc() of intervals. Stateless.
 */
public final class IntervalOps {
    private IntervalOps() {
    }

    /** {@code a + span} (or {@code a - span}) for a date, time, timestamp, timestamptz or interval {@code a}. */
    public static Object add(final Object a, final Interval interval, final boolean minus, final ZoneId zone) {
        final Interval span = minus ? interval.negate() : interval;
        try {
            if (a instanceof Interval) {
                return ((Interval) a).plus(span);
            }
            if (a instanceof LocalDate) {
                final LocalDate d = (LocalDate) a;
                return d.equals(LocalDate.MAX) ? LocalDateTime.MAX : d.equals(LocalDate.MIN) ? LocalDateTime.MIN
                    : addLocal(d.atStartOfDay(), span);
            }
            if (a instanceof LocalDateTime) {
                final LocalDateTime t = (LocalDateTime) a;
                return t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN) ? t : addLocal(t, span);
            }
            if (a instanceof OffsetDateTime) {
                final OffsetDateTime t = (OffsetDateTime) a;
                if (t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN)) {
                    return t;
                }
                ZonedDateTime z = t.atZoneSameInstant(zone);
                if (span.months() != 0) {
                    z = z.plusMonths(span.months());
                }
                if (span.days() != 0) {
                    z = z.plusDays(span.days());
                }
                final Instant i = plusMicros(z.toInstant(), span.micros());
                return checkRange(i.atOffset(ZoneOffset.UTC).toLocalDateTime()).atOffset(ZoneOffset.UTC);
            }
            if (a instanceof LocalTime) {
                // time_pl_interval: the time part only, modulo a day
                final long day = Interval.MICROS_PER_DAY;
                final long t = ((LocalTime) a).toNanoOfDay() / 1000;
                return LocalTime.ofNanoOfDay(Math.floorMod(t + span.micros() % day, day) * 1000);
            }
        } catch (final DateTimeException | ArithmeticException e) {
            throw outOfRange();
        }
        throw new SqlException("42883", "operator does not exist: " + a.getClass().getSimpleName() + " + interval");
    }

    private static LocalDateTime addLocal(LocalDateTime t, final Interval span) {
        if (span.months() != 0) {
            t = t.plusMonths(span.months());
        }
        if (span.days() != 0) {
            t = t.plusDays(span.days());
        }
        return checkRange(t.plusSeconds(Math.floorDiv(span.micros(), 1_000_000L))
            .plusNanos(Math.floorMod(span.micros(), 1_000_000L) * 1000));
    }

    private static Instant plusMicros(final Instant i, final long micros) {
        return i.plusSeconds(Math.floorDiv(micros, 1_000_000L)).plusNanos(Math.floorMod(micros, 1_000_000L) * 1000);
    }

    /** PostgreSQL's timestamp range: 4714-11-24 BC to 294276 AD. */
    private static LocalDateTime checkRange(final LocalDateTime t) {
        if (t.getYear() < -4713 || t.getYear() > 294276) {
            throw outOfRange();
        }
        return t;
    }

    private static SqlException outOfRange() {
        return new SqlException("22008", "timestamp out of range");
    }

    /** {@code a - b}: int days for two dates, an interval otherwise (justify_hours of the time for timestamps). */
    public static Object subtract(final Object a, final Object b) {
        if (a instanceof LocalDate && b instanceof LocalDate) {
            return (int) ChronoUnit.DAYS.between((LocalDate) b, (LocalDate) a);
        }
        if (a instanceof LocalTime && b instanceof LocalTime) {
            return Interval.ofMicros((((LocalTime) a).toNanoOfDay() - ((LocalTime) b).toNanoOfDay()) / 1000);
        }
        final Instant x = instant(a);
        final Instant y = instant(b);
        if (x == null || y == null) {
            throw new SqlException("22008", "cannot subtract infinite timestamps");
        }
        try {
            final long micros = Math.addExact(Math.multiplyExact(x.getEpochSecond() - y.getEpochSecond(), 1_000_000L),
                (x.getNano() - y.getNano()) / 1000);
            return Interval.ofMicros(micros).justifyHours();
        } catch (final ArithmeticException e) {
            throw new SqlException("22008", "interval out of range");
        }
    }

    /** The instant of a date (midnight UTC), timestamp (as UTC) or timestamptz; null for infinity. */
    private static Instant instant(final Object v) {
        if (v instanceof OffsetDateTime) {
            final OffsetDateTime t = (OffsetDateTime) v;
            return t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN) ? null : t.toInstant();
        }
        final LocalDateTime t = v instanceof LocalDate ? (((LocalDate) v).equals(LocalDate.MAX)
            || ((LocalDate) v).equals(LocalDate.MIN) ? null : ((LocalDate) v).atStartOfDay()) : (LocalDateTime) v;
        return t == null || t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN) ? null : t.toInstant(ZoneOffset.UTC);
    }

    /** age(a, b) for timestamps: the field-wise difference, borrowing as timestamp_age does. */
    public static Interval age(final Object a, final Object b) {
        final LocalDateTime t1 = local(a);
        final LocalDateTime t2 = local(b);
        if (t1 == null || t2 == null) {
            throw new SqlException("22008", "timestamp out of range");
        }
        final boolean flip = t1.isBefore(t2);
        final int sign = flip ? -1 : 1;
        long fsec = sign * (long) (t1.getNano() / 1000 - t2.getNano() / 1000);
        int sec = sign * (t1.getSecond() - t2.getSecond());
        int min = sign * (t1.getMinute() - t2.getMinute());
        int hour = sign * (t1.getHour() - t2.getHour());
        int mday = sign * (t1.getDayOfMonth() - t2.getDayOfMonth());
        int mon = sign * (t1.getMonthValue() - t2.getMonthValue());
        int year = sign * (t1.getYear() - t2.getYear());
        while (fsec < 0) {
            fsec += 1_000_000;
            sec--;
        }
        while (sec < 0) {
            sec += 60;
            min--;
        }
        while (min < 0) {
            min += 60;
            hour--;
        }
        while (hour < 0) {
            hour += 24;
            mday--;
        }
        final LocalDateTime earlier = flip ? t1 : t2;
        while (mday < 0) {
            mday += earlier.toLocalDate().lengthOfMonth();
            mon--;
        }
        while (mon < 0) {
            mon += 12;
            year--;
        }
        final long time = ((hour * 60L + min) * 60 + sec) * 1_000_000L + fsec;
        return Interval.of(sign * (year * 12 + mon), sign * mday, sign * time);
    }

    private static LocalDateTime local(final Object v) {
        final LocalDateTime t = v instanceof LocalDate ? ((LocalDate) v).atStartOfDay() : (LocalDateTime) v;
        return t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN) ? null : t;
    }

    /** extract(field from interval), numeric as PostgreSQL 14+ (date_part converts to float8). */
    public static BigDecimal extract(final String field, final Interval v) {
        final String f = field.toLowerCase(Locale.ROOT);
        final long time = v.micros();
        final long hours = time / Interval.MICROS_PER_HOUR;
        final long minutes = time / 60_000_000L % 60;
        final long secMicros = time % 60_000_000L;
        final int years = v.months() / 12;
        switch (unit(f)) {
            case "microseconds": return BigDecimal.valueOf(secMicros);
            case "milliseconds": return BigDecimal.valueOf(secMicros, 3);
            case "second": return BigDecimal.valueOf(secMicros, 6);
            case "minute": return BigDecimal.valueOf(minutes);
            case "hour": return BigDecimal.valueOf(hours);
            case "day": return BigDecimal.valueOf(v.days());
            case "month": return BigDecimal.valueOf(v.months() % 12);
            case "quarter": return BigDecimal.valueOf(v.months() % 12 / 3 + 1);
            case "year": return BigDecimal.valueOf(years);
            case "decade": return BigDecimal.valueOf(years / 10);
            case "century": return BigDecimal.valueOf(years / 100);
            case "millennium": return BigDecimal.valueOf(years / 1000);
            case "epoch": {
                // a year is 365.25 days, a month 30
                final long secs = 31_557_600L * years + 2_592_000L * (v.months() % 12) + 86_400L * v.days();
                return BigDecimal.valueOf(secs).add(BigDecimal.valueOf(time, 6)).setScale(6);
            }
            case "unsupported":
                throw new SqlException("0A000", "unit \"" + f + "\" not supported for type interval");
            default:
                throw new SqlException("22023", "unit \"" + f + "\" not recognized for type interval");
        }
    }

    /** date_trunc(field, interval): the fields below {@code field} set to zero (interval_trunc). */
    public static Interval trunc(final String field, final Interval v) {
        final String f = field.toLowerCase(Locale.ROOT);
        int year = v.months() / 12;
        int mon = v.months() % 12;
        int mday = v.days();
        final long time = v.micros();
        long hour = time / Interval.MICROS_PER_HOUR;
        long min = time / 60_000_000L % 60;
        long sec = time / 1_000_000L % 60;
        long usec = time % 1_000_000L;
        switch (unit(f)) {
            case "millennium": year = year / 1000 * 1000; // fall through
            case "century": year = year / 100 * 100; // fall through
            case "decade": year = year / 10 * 10; // fall through
            case "year": mon = 0; // fall through
            case "quarter": mon = 3 * (mon / 3); // fall through
            case "month": mday = 0; // fall through
            case "day": hour = 0; // fall through
            case "hour": min = 0; // fall through
            case "minute": sec = 0; // fall through
            case "second": usec = 0; // fall through
            case "milliseconds": usec = usec / 1000 * 1000; // fall through
            case "microseconds": break;
            default:
                if (unit(f).equals("unsupported") && f.startsWith("week")) {
                    throw new SqlException("0A000", "unit \"" + f + "\" not supported for type interval");
                }
                throw new SqlException("22023", "unit \"" + f + "\" not recognized for type interval");
        }
        return Interval.of(year * 12 + mon, mday, ((hour * 60 + min) * 60 + sec) * 1_000_000L + usec);
    }

    /** The canonical name of a unit word (PostgreSQL's deltatktbl), "unsupported" for units intervals lack. */
    private static String unit(final String f) {
        switch (f.length() > 10 ? f.substring(0, 10) : f) {
            case "microsecon": case "us": case "usec": case "usecs": case "usecond": case "useconds": return "microseconds";
            case "millisecon": case "ms": case "msec": case "msecs": case "msecond": case "mseconds": return "milliseconds";
            case "second": case "seconds": case "s": case "sec": case "secs": return "second";
            case "minute": case "minutes": case "m": case "min": case "mins": return "minute";
            case "hour": case "hours": case "h": case "hr": case "hrs": return "hour";
            case "day": case "days": case "d": return "day";
            case "month": case "months": case "mon": case "mons": return "month";
            case "quarter": case "qtr": return "quarter";
            case "year": case "years": case "y": case "yr": case "yrs": return "year";
            case "decade": case "decades": case "dec": case "decs": return "decade";
            case "century": case "centuries": case "c": case "cent": return "century";
            case "millennium": case "millennia": case "mil": case "mils": return "millennium";
            case "epoch": return "epoch";
            case "week": case "weeks": case "w": case "dow": case "doy": case "isodow": case "isoyear": case "julian":
            case "timezone": case "timezone_h": case "timezone_m":
                return "unsupported";
            default:
                return f;
        }
    }
}
