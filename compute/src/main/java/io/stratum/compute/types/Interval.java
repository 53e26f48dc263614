package io.stratum.compute.types;

import io.stratum.compute.session.SqlException;

/**
 * An interval value as PostgreSQL keeps it: months, days and microseconds, three fields that are never
 * converted into one another except where PostgreSQL does so (justify_*, multiplication and division by a
 * fraction). Comparison, equality and hashing follow {@code interval_cmp}: the fields are linearised with a
 * 30-day month and a 24-hour day, so {@code '1 mon'} equals {@code '30 days'} and {@code '24:00:00'}, although
 * they print differently. The linearisation is kept exact as (whole days, microseconds of the day) since
 * months x 30 x 86,400,000,000 overflows a long. Immutable.
 */
public final class Interval implements Comparable<Interval> {
    public static final long MICROS_PER_DAY = 86_400_000_000L;
    public static final long MICROS_PER_HOUR = 3_600_000_000L;
    public static final int DAYS_PER_MONTH = 30;
    public static final Interval ZERO = new Interval(0, 0, 0);

    private final int months;
    private final int days;
    private final long micros;

    private Interval(final int months, final int days, final long micros) {
        this.months = months;
        this.days = days;
        this.micros = micros;
    }

    public static Interval of(final int months, final int days, final long micros) {
        return months == 0 && days == 0 && micros == 0 ? ZERO : new Interval(months, days, micros);
    }

    /** An interval of only a time part. */
    public static Interval ofMicros(final long micros) {
        return of(0, 0, micros);
    }

    public int months() {
        return months;
    }

    public int days() {
        return days;
    }

    /** The time part in microseconds (PostgreSQL's {@code time} field). */
    public long micros() {
        return micros;
    }

    /** Whole days of interval_cmp's linearisation (30-day months, 24-hour days); with {@link #linearMicrosOfDay}. */
    public long linearDays() {
        return months * (long) DAYS_PER_MONTH + days + Math.floorDiv(micros, MICROS_PER_DAY);
    }

    /** Microseconds within the last day of the linearisation, in [0, 86400000000). */
    public long linearMicrosOfDay() {
        return Math.floorMod(micros, MICROS_PER_DAY);
    }

    /** The sign of interval_cmp against zero. */
    public int signum() {
        final long d = linearDays();
        return d != 0 ? Long.signum(d) : Long.signum(linearMicrosOfDay());
    }

    @Override
    public int compareTo(final Interval o) {
        final int c = Long.compare(linearDays(), o.linearDays());
        return c != 0 ? c : Long.compare(linearMicrosOfDay(), o.linearMicrosOfDay());
    }

    /** Equal as interval_eq: the same linearised span, whatever the fields. */
    @Override
    public boolean equals(final Object o) {
        return o instanceof Interval i && compareTo(i) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(linearDays()) * 31 + Long.hashCode(linearMicrosOfDay());
    }

    /** Whether every field is the same (equals compares spans). */
    public boolean sameFields(final Interval o) {
        return months == o.months && days == o.days && micros == o.micros;
    }

    /** The IntervalStyle postgres text. */
    @Override
    public String toString() {
        return IntervalText.format(this);
    }

    public Interval plus(final Interval o) {
        try {
            return of(Math.addExact(months, o.months), Math.addExact(days, o.days), Math.addExact(micros, o.micros));
        } catch (final ArithmeticException e) {
            throw outOfRange();
        }
    }

    public Interval minus(final Interval o) {
        try {
            return of(Math.subtractExact(months, o.months), Math.subtractExact(days, o.days),
                Math.subtractExact(micros, o.micros));
        } catch (final ArithmeticException e) {
            throw outOfRange();
        }
    }

    public Interval negate() {
        try {
            return of(Math.negateExact(months), Math.negateExact(days), Math.negateExact(micros));
        } catch (final ArithmeticException e) {
            throw outOfRange();
        }
    }

    /**
     * interval * float8 as interval_mul: whole months and days stay, their fractions cascade down (a month
     * as 30 days, a day as 86400 s, each rounded to microsecond precision), never up.
     */
    public Interval multiply(final double factor) {
        final double m = months * factor;
        final double d = days * factor;
        if (Double.isNaN(m) || m > Integer.MAX_VALUE || m < Integer.MIN_VALUE || Double.isNaN(d)
                || d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
            throw outOfRange();
        }
        return cascade((int) m, (int) d, m, d, micros * factor);
    }

    /** interval / float8 as interval_div; 22012 on zero. */
    public Interval divide(final double factor) {
        if (factor == 0.0) {
            throw new SqlException("22012", "division by zero");
        }
        final double m = months / factor;
        final double d = days / factor;
        if (Double.isNaN(m) || m > Integer.MAX_VALUE || m < Integer.MIN_VALUE || Double.isNaN(d)
                || d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
            throw outOfRange();
        }
        return cascade((int) m, (int) d, m, d, micros / factor);
    }

    private static Interval cascade(final int wholeMonths, int wholeDays, final double m, final double d,
                                    final double time) {
        final double monthRemainderDays = tsRound((m - wholeMonths) * DAYS_PER_MONTH);
        double secRemainder = tsRound((d - wholeDays + monthRemainderDays - (int) monthRemainderDays) * 86_400);
        if (Math.abs(secRemainder) >= 86_400) {
            wholeDays += (int) (secRemainder / 86_400);
            secRemainder -= (int) (secRemainder / 86_400) * 86_400;
        }
        wholeDays += (int) monthRemainderDays;
        final double t = Math.rint(time + secRemainder * 1_000_000);
        if (Double.isNaN(t) || t >= 0x1p63 || t < -0x1p63) {
            throw outOfRange();
        }
        return of(wholeMonths, wholeDays, (long) t);
    }

    /** TSROUND: to microsecond precision, so that near-whole numbers become whole. */
    private static double tsRound(final double v) {
        return Math.rint(v * 1_000_000.0) / 1_000_000.0;
    }

    /** justify_hours: whole days out of the time part, then time and days of one sign. */
    public Interval justifyHours() {
        long time = micros % MICROS_PER_DAY;
        long d = days + micros / MICROS_PER_DAY;
        if (d > 0 && time < 0) {
            time += MICROS_PER_DAY;
            d--;
        } else if (d < 0 && time > 0) {
            time -= MICROS_PER_DAY;
            d++;
        }
        return of(months, toInt(d), time);
    }

    /** justify_days: whole 30-day months out of the days, then months and days of one sign. */
    public Interval justifyDays() {
        long m = months + days / DAYS_PER_MONTH;
        int d = days % DAYS_PER_MONTH;
        if (m > 0 && d < 0) {
            d += DAYS_PER_MONTH;
            m--;
        } else if (m < 0 && d > 0) {
            d -= DAYS_PER_MONTH;
            m++;
        }
        return of(toInt(m), d, micros);
    }

    /** justify_interval: both, with all three fields of one sign. */
    public Interval justifyInterval() {
        long time = micros % MICROS_PER_DAY;
        long d = toInt(days + micros / MICROS_PER_DAY);
        long m = months + d / DAYS_PER_MONTH;
        d %= DAYS_PER_MONTH;
        if (m > 0 && (d < 0 || d == 0 && time < 0)) {
            d += DAYS_PER_MONTH;
            m--;
        } else if (m < 0 && (d > 0 || d == 0 && time > 0)) {
            d -= DAYS_PER_MONTH;
            m++;
        }
        if (d > 0 && time < 0) {
            time += MICROS_PER_DAY;
            d--;
        } else if (d < 0 && time > 0) {
            time -= MICROS_PER_DAY;
            d++;
        }
        return of(toInt(m), toInt(d), time);
    }

    private static int toInt(final long v) {
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw outOfRange();
        }
        return (int) v;
    }

    static SqlException outOfRange() {
        return new SqlException("22008", "interval out of range");
    }
}
