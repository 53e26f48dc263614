package io.stratum.compute.types;

import io.stratum.compute.session.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Interval text input as PostgreSQL 15's interval_in reads it (IntervalStyle postgres): the string is split
 * into fields as ParseDateTime splits it (numbers, {@code hh:mm[:ss[.f]]} times, signed numbers and times,
 * {@code y-m} year-months, unit words), then the fields are read right to left so each number takes the unit
 * after it; a number without one is seconds, or days before a time field, or hours... as DecodeInterval.
 * Fractions cascade down (a month as 30 days, a day as 24 hours; a fraction of a year to whole months), each
 * unit may appear once, {@code ago} (last) negates all. When that fails on the format, the ISO 8601 designator
 * form ({@code P1Y2M3DT4H5M6.5S}) is tried. Errors: 22007 syntax, 22015 a field out of range, 22008 months
 * out of range.
 */
final class IntervalParser {
    private static final int NUMBER = 0;
    private static final int DATE = 1;
    private static final int TIME = 2;
    private static final int STRING = 3;
    private static final int SIGNED = 4;

    private static final int MICRO = 0;
    private static final int MILLI = 1;
    private static final int SECOND = 2;
    private static final int MINUTE = 3;
    private static final int HOUR = 4;
    private static final int DAY = 5;
    private static final int WEEK = 6;
    private static final int MONTH = 7;
    private static final int YEAR = 8;
    private static final int DECADE = 9;
    private static final int CENTURY = 10;
    private static final int MILLENNIUM = 11;
    private static final int NONE = -1;
    private static final int AGO = -2;
    private static final int IGNORE = -3;
    private static final int ALL_SECS = 1 << SECOND | 1 << MILLI | 1 << MICRO;
    private static final int TIME_MASK = 1 << HOUR | 1 << MINUTE | ALL_SECS;

    /** PostgreSQL's deltatktbl (keys at most 10 characters, TOKMAXLEN: longer words are cut before lookup). */
    private static final Map<String, Integer> UNITS = Map.ofEntries(
        Map.entry("@", IGNORE), Map.entry("ago", AGO),
        Map.entry("c", CENTURY), Map.entry("cent", CENTURY), Map.entry("centuries", CENTURY), Map.entry("century", CENTURY),
        Map.entry("d", DAY), Map.entry("day", DAY), Map.entry("days", DAY),
        Map.entry("dec", DECADE), Map.entry("decade", DECADE), Map.entry("decades", DECADE), Map.entry("decs", DECADE),
        Map.entry("h", HOUR), Map.entry("hour", HOUR), Map.entry("hours", HOUR), Map.entry("hr", HOUR), Map.entry("hrs", HOUR),
        Map.entry("m", MINUTE), Map.entry("microsecon", MICRO), Map.entry("mil", MILLENNIUM), Map.entry("millennia", MILLENNIUM),
        Map.entry("millennium", MILLENNIUM), Map.entry("millisecon", MILLI), Map.entry("mils", MILLENNIUM),
        Map.entry("min", MINUTE), Map.entry("mins", MINUTE), Map.entry("minute", MINUTE), Map.entry("minutes", MINUTE),
        Map.entry("mon", MONTH), Map.entry("mons", MONTH), Map.entry("month", MONTH), Map.entry("months", MONTH),
        Map.entry("ms", MILLI), Map.entry("msec", MILLI), Map.entry("msecond", MILLI), Map.entry("mseconds", MILLI),
        Map.entry("msecs", MILLI),
        Map.entry("s", SECOND), Map.entry("sec", SECOND), Map.entry("second", SECOND), Map.entry("seconds", SECOND),
        Map.entry("secs", SECOND),
        Map.entry("us", MICRO), Map.entry("usec", MICRO), Map.entry("usecond", MICRO), Map.entry("useconds", MICRO),
        Map.entry("usecs", MICRO),
        Map.entry("w", WEEK), Map.entry("week", WEEK), Map.entry("weeks", WEEK),
        Map.entry("y", YEAR), Map.entry("year", YEAR), Map.entry("years", YEAR), Map.entry("yr", YEAR), Map.entry("yrs", YEAR));

    /** A field overflowed (22015) or the format is wrong (22007); thrown inside the parser only. */
    private static final class Fail extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean overflow;

        Fail(final boolean overflow) {
            super(null, null, false, false);
            this.overflow = overflow;
        }
    }

    private static final Fail BAD = new Fail(false);
    private static final Fail OVERFLOW = new Fail(true);

    /** pg_itm_in: the fields being accumulated. */
    private static final class Acc {
        long usec;
        int mday;
        int mon;
        int year;
    }

    private IntervalParser() {
    }

    static Interval parse(final String text) {
        final Acc acc = new Acc();
        try {
            decode(fields(text), acc);
        } catch (final Fail f) {
            if (f.overflow) {
                throw fieldRange(text);
            }
            final Acc iso = new Acc();
            try {
                IsoInterval.decode(text, iso);
            } catch (final Fail g) {
                throw g.overflow ? fieldRange(text) : CodecErrors.dateSyntax("interval", text);
            }
            return build(iso);
        }
        return build(acc);
    }

    private static Interval build(final Acc a) {
        final long months = a.year * 12L + a.mon;
        if (months > Integer.MAX_VALUE || months < Integer.MIN_VALUE) {
            throw Interval.outOfRange();
        }
        return Interval.of((int) months, a.mday, a.usec);
    }

    private static SqlException fieldRange(final String text) {
        return new SqlException("22015", "interval field value out of range: \"" + text + "\"");
    }

    /** ParseDateTime's split: [text, type] pairs, letters lower-cased. */
    private static List<String[]> fields(final String s) {
        final List<String[]> out = new ArrayList<>();
        int i = 0;
        final int n = s.length();
        while (i < n) {
            final char c = s.charAt(i);
            final int start = i;
            final int type;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            } else if (digit(c)) {
                i = digits(s, i);
                if (i < n && s.charAt(i) == ':') {
                    type = TIME;
                    i++;
                    while (i < n && (digit(s.charAt(i)) || s.charAt(i) == ':' || s.charAt(i) == '.')) {
                        i++;
                    }
                } else if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '/' || s.charAt(i) == '.')) {
                    final char delim = s.charAt(i++);
                    if (i < n && digit(s.charAt(i))) {
                        i = digits(s, i);
                        type = i < n && s.charAt(i) == delim ? DATE : delim == '.' ? NUMBER : DATE;
                        while (i < n && (digit(s.charAt(i)) || s.charAt(i) == delim)) {
                            i++;
                        }
                    } else {
                        type = DATE;
                        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == delim)) {
                            i++;
                        }
                    }
                } else {
                    type = NUMBER;
                }
            } else if (c == '.') {
                i = digits(s, i + 1);
                type = NUMBER;
            } else if (letter(c)) {
                while (i < n && letter(s.charAt(i))) {
                    i++;
                }
                if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '/' || s.charAt(i) == '.' || s.charAt(i) == '+'
                        || digit(s.charAt(i)))) {
                    throw BAD; // a date or a time zone name: not in an interval
                }
                type = STRING;
            } else if (c == '+' || c == '-') {
                i++;
                while (i < n && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i < n && digit(s.charAt(i))) {
                    final int from = i;
                    while (i < n && (digit(s.charAt(i)) || ":.-".indexOf(s.charAt(i)) >= 0)) {
                        i++;
                    }
                    out.add(new String[] {c + s.substring(from, i), Integer.toString(SIGNED)});
                    continue;
                } else if (i < n && letter(s.charAt(i))) {
                    throw BAD; // +infinity and the like
                }
                throw BAD;
            } else if (c < 128 && "!\"#$%&'()*,/:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0) {
                i++; // other punctuation only delimits ('@ 1 day')
                continue;
            } else {
                throw BAD;
            }
            out.add(new String[] {s.substring(start, i).toLowerCase(Locale.ROOT), Integer.toString(type)});
        }
        return out;
    }

    private static void decode(final List<String[]> f, final Acc acc) {
        int fmask = 0;
        int type = NONE;
        boolean parsingUnit = false;
        boolean before = false;
        boolean typeSet = false;
        for (int i = f.size() - 1; i >= 0; i--) {
            final String field = f.get(i)[0];
            final int ftype = Integer.parseInt(f.get(i)[1]);
            int tmask = 0;
            long[] t = null;
            if (ftype == TIME) {
                t = timeField(field);
                if (t == null) {
                    throw BAD;
                }
            } else if (ftype == SIGNED && field.indexOf(':') > 0) {
                try {
                    t = timeField(field.substring(1));
                } catch (final Fail e) {
                    t = null; // read as a signed number (which then fails on the ':')
                }
            }
            if (t != null) {
                // as DecodeTimeForInterval, the time replaces what smaller units accumulated
                acc.usec = field.charAt(0) == '-' ? -t[0] : t[0];
                tmask = TIME_MASK;
                type = DAY;
                typeSet = true;
                parsingUnit = false;
            } else if (ftype == NUMBER || ftype == DATE || ftype == SIGNED) {
                if (!typeSet) {
                    type = SECOND;
                    typeSet = true;
                }
                tmask = number(field, type, acc);
                if (type == HOUR) {
                    type = DAY;
                } else if (tmask == 1 << MONTH && type != MONTH) {
                    type = MONTH;
                }
                parsingUnit = false;
            } else {
                if (parsingUnit) {
                    throw BAD;
                }
                final String key = field.length() > 10 ? field.substring(0, 10) : field;
                final Integer u = UNITS.get(key);
                if (u == null) {
                    throw BAD;
                }
                if (u == IGNORE) {
                    continue;
                }
                if (u == AGO) {
                    if (i != f.size() - 1) {
                        throw BAD;
                    }
                    before = true;
                    type = NONE;
                } else {
                    type = u;
                    parsingUnit = true;
                }
                typeSet = true;
            }
            if ((tmask & fmask) != 0) {
                throw BAD;
            }
            fmask |= tmask;
        }
        if (fmask == 0 || parsingUnit) {
            throw BAD;
        }
        if (before) {
            if (acc.usec == Long.MIN_VALUE || acc.mday == Integer.MIN_VALUE || acc.mon == Integer.MIN_VALUE
                    || acc.year == Integer.MIN_VALUE) {
                throw OVERFLOW;
            }
            acc.usec = -acc.usec;
            acc.mday = -acc.mday;
            acc.mon = -acc.mon;
            acc.year = -acc.year;
        }
    }

    /** A number field of {@code type} units (a {@code y-m} field is months whatever the type); its mask. */
    private static int number(final String field, int type, final Acc acc) {
        final long[] parsed = strtol(field, 0);
        long val = parsed[0];
        int cp = (int) parsed[1];
        double fval;
        final boolean negative = field.charAt(0) == '-';
        if (cp < field.length() && field.charAt(cp) == '-') {
            final long[] p2 = strtol(field, cp + 1);
            if (p2[1] != field.length()) {
                throw BAD;
            }
            if (p2[0] < 0 || p2[0] >= 12) {
                throw OVERFLOW;
            }
            type = MONTH;
            try {
                val = Math.addExact(Math.multiplyExact(val, 12L), negative ? -p2[0] : p2[0]);
            } catch (final ArithmeticException e) {
                throw OVERFLOW;
            }
            fval = 0;
        } else if (cp < field.length() && field.charAt(cp) == '.') {
            fval = fraction(field, cp);
            if (negative) {
                fval = -fval;
            }
        } else if (cp == field.length()) {
            fval = 0;
        } else {
            throw BAD;
        }
        switch (type) {
            case MICRO: micros(acc, val, fval, 1); return 1 << MICRO;
            case MILLI: micros(acc, val, fval, 1000); return 1 << MILLI;
            case SECOND: micros(acc, val, fval, 1_000_000); return fval == 0 ? 1 << SECOND : ALL_SECS;
            case MINUTE: micros(acc, val, fval, 60_000_000L); return 1 << MINUTE;
            case HOUR: micros(acc, val, fval, Interval.MICROS_PER_HOUR); return 1 << HOUR;
            case DAY: days(acc, val, 1); fractMicros(acc, fval, Interval.MICROS_PER_DAY); return 1 << DAY;
            case WEEK: days(acc, val, 7); fractDays(acc, fval, 7); return 1 << WEEK;
            case MONTH: months(acc, val, fval); return 1 << MONTH;
            case YEAR: years(acc, val, fval, 1); return 1 << YEAR;
            case DECADE: years(acc, val, fval, 10); return 1 << DECADE;
            case CENTURY: years(acc, val, fval, 100); return 1 << CENTURY;
            case MILLENNIUM: years(acc, val, fval, 1000); return 1 << MILLENNIUM;
            default: throw BAD;
        }
    }

    /** {@code hh:mm}, {@code hh:mm:ss[.f]} or {@code mm:ss.f} as microseconds; null if not a time. */
    private static long[] timeField(final String s) {
        final long[] h = strtol(s, 0);
        int cp = (int) h[1];
        if (cp == 0 || cp >= s.length() || s.charAt(cp) != ':') {
            return null;
        }
        final long[] m = strtol(s, cp + 1);
        cp = (int) m[1];
        long hour = h[0];
        long min = m[0];
        long sec = 0;
        long fsec = 0;
        if (cp < s.length() && s.charAt(cp) == '.') {
            fsec = Math.round(Math.rint(fraction(s, cp) * 1_000_000));
            sec = min;
            min = hour;
            hour = 0;
        } else if (cp < s.length() && s.charAt(cp) == ':') {
            final long[] sc = strtol(s, cp + 1);
            sec = sc[0];
            cp = (int) sc[1];
            if (cp < s.length()) {
                if (s.charAt(cp) != '.') {
                    throw BAD;
                }
                fsec = Math.round(Math.rint(fraction(s, cp) * 1_000_000));
            }
        } else if (cp < s.length()) {
            throw BAD;
        }
        if (hour < 0 || min < 0 || min > 59 || sec < 0 || sec > 60 || fsec < 0 || fsec > 1_000_000) {
            throw OVERFLOW;
        }
        try {
            return new long[] {Math.addExact(fsec, Math.addExact(Math.multiplyExact(hour, Interval.MICROS_PER_HOUR),
                (min * 60 + sec) * 1_000_000L))};
        } catch (final ArithmeticException e) {
            throw OVERFLOW;
        }
    }

    /** strtol from {@code from}: [value, end]; end is {@code from} when no digits follow the optional sign. */
    static long[] strtol(final String s, final int from) {
        int i = from;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        final int d = i;
        long v = 0;
        while (i < s.length() && digit(s.charAt(i))) {
            final int x = s.charAt(i++) - '0';
            if (v < (Long.MIN_VALUE + x) / 10) {
                throw OVERFLOW;
            }
            v = v * 10 - x;
        }
        if (i == d) {
            return new long[] {0, from};
        }
        if (!neg && v == Long.MIN_VALUE) {
            throw OVERFLOW;
        }
        return new long[] {neg ? v : -v, i};
    }

    /** The fraction {@code .ddd} at {@code dot} to the end of {@code s} (just "." is 0). */
    static double fraction(final String s, final int dot) {
        for (int i = dot + 1; i < s.length(); i++) {
            if (!digit(s.charAt(i))) {
                throw BAD;
            }
        }
        return dot + 1 == s.length() ? 0 : Double.parseDouble("0" + s.substring(dot));
    }

    static void micros(final Acc acc, final long val, final double fval, final long scale) {
        try {
            acc.usec = Math.addExact(acc.usec, Math.multiplyExact(val, scale));
        } catch (final ArithmeticException e) {
            throw OVERFLOW;
        }
        fractMicros(acc, fval, scale);
    }

    static void fractMicros(final Acc acc, double frac, final long scale) {
        if (frac == 0) {
            return;
        }
        frac *= scale;
        long usec = (long) frac;
        frac -= usec;
        if (frac > 0.5) {
            usec++;
        } else if (frac < -0.5) {
            usec--;
        }
        try {
            acc.usec = Math.addExact(acc.usec, usec);
        } catch (final ArithmeticException e) {
            throw OVERFLOW;
        }
    }

    static void fractDays(final Acc acc, double frac, final int scale) {
        if (frac == 0) {
            return;
        }
        frac *= scale;
        final int extra = (int) frac;
        acc.mday = addInt(acc.mday, extra);
        fractMicros(acc, frac - extra, Interval.MICROS_PER_DAY);
    }

    static void days(final Acc acc, final long val, final int scale) {
        acc.mday = addInt(acc.mday, mulInt(intVal(val), scale));
    }

    static void years(final Acc acc, final long val, final double fval, final int scale) {
        acc.year = addInt(acc.year, mulInt(intVal(val), scale));
        acc.mon = addInt(acc.mon, (int) Math.rint(fval * scale * 12));
    }

    static void months(final Acc acc, final long val, final double fval) {
        acc.mon = addInt(acc.mon, intVal(val));
        fractDays(acc, fval, 30);
    }

    private static int intVal(final long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw OVERFLOW;
        }
        return (int) v;
    }

    private static int addInt(final int a, final int b) {
        final long r = (long) a + b;
        return intVal(r);
    }

    private static int mulInt(final int a, final int b) {
        return intVal((long) a * b);
    }

    private static boolean digit(final char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean letter(final char c) {
        return c < 128 && Character.isLetter(c);
    }

    private static int digits(final String s, int i) {
        while (i < s.length() && digit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The ISO 8601 "format with designators": {@code P[nY][nM][nW][nD][T[nH][nM][nS]]}, upper case as PostgreSQL. */
    private static final class IsoInterval {
        private IsoInterval() {
        }

        static void decode(final String s, final Acc acc) {
            if (s.length() < 2 || s.charAt(0) != 'P') {
                throw BAD;
            }
            boolean datePart = true;
            int i = 1;
            while (i < s.length()) {
                if (s.charAt(i) == 'T') {
                    datePart = false;
                    i++;
                    continue;
                }
                final int start = i;
                if (i < s.length() && s.charAt(i) == '-') {
                    i++;
                }
                while (i < s.length() && (digit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                if (i == start || i >= s.length()) {
                    throw BAD;
                }
                final double v;
                try {
                    v = Double.parseDouble(s.substring(start, i));
                } catch (final NumberFormatException e) {
                    throw BAD;
                }
                if (v < -1.0e15 || v > 1.0e15) {
                    throw OVERFLOW;
                }
                final long val = v >= 0 ? (long) Math.floor(v) : (long) -Math.floor(-v);
                final double fval = v - val;
                final char unit = s.charAt(i++);
                if (datePart) {
                    switch (unit) {
                        case 'Y': years(acc, val, fval, 1); break;
                        case 'M': months(acc, val, fval); break;
                        case 'W': days(acc, val, 7); fractDays(acc, fval, 7); break;
                        case 'D': days(acc, val, 1); fractMicros(acc, fval, Interval.MICROS_PER_DAY); break;
                        default: throw BAD;
                    }
                } else {
                    switch (unit) {
                        case 'H': micros(acc, val, fval, Interval.MICROS_PER_HOUR); break;
                        case 'M': micros(acc, val, fval, 60_000_000L); break;
                        case 'S': micros(acc, val, fval, 1_000_000L); break;
                        default: throw BAD;
                    }
                }
            }
        }
    }
}
