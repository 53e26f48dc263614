package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.Interval;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Locale;

/** Implementations of built-in scalar functions over Java value forms. Stateless. */
public final class Builtins {
    private Builtins() {
    }

    public static String str(final Object v) {
        return v == null ? null : v.toString();
    }

    public static int i(final Object v) {
        return ((Number) v).intValue();
    }

    public static String substr(final String s, final int from, final Integer count) {
        // PostgreSQL: characters from 'from' (1-based), may start before 1
        long start = from;
        long end = count == null ? Long.MAX_VALUE : (long) from + count;
        if (count != null && count < 0) {
            throw new SqlException("22011", "negative substring length not allowed");
        }
        start = Math.max(start, 1);
        end = Math.min(end, s.codePointCount(0, s.length()) + 1L);
        if (end <= start) {
            return "";
        }
        final int a = s.offsetByCodePoints(0, (int) start - 1);
        final int b = s.offsetByCodePoints(0, (int) end - 1);
        return s.substring(a, b);
    }

    public static String pad(final String s, final int len, final String fill, final boolean left) {
        if (len <= 0) {
            return "";
        }
        if (s.length() >= len) {
            return s.substring(0, len);
        }
        if (fill.isEmpty()) {
            return s;
        }
        final StringBuilder p = new StringBuilder();
        while (p.length() < len - s.length()) {
            p.append(fill);
        }
        p.setLength(len - s.length());
        return left ? p + s : s + p;
    }

    public static String trim(final String s, final String chars, final boolean leading, final boolean trailing) {
        int a = 0;
        int b = s.length();
        if (leading) {
            while (a < b && chars.indexOf(s.charAt(a)) >= 0) {
                a++;
            }
        }
        if (trailing) {
            while (b > a && chars.indexOf(s.charAt(b - 1)) >= 0) {
                b--;
            }
        }
        return s.substring(a, b);
    }

    public static String splitPart(final String s, final String delim, final int n) {
        if (n == 0) {
            throw new SqlException("22023", "field position must not be zero");
        }
        if (delim.isEmpty()) {
            return n == 1 || n == -1 ? s : "";
        }
        final java.util.List<String> parts = new java.util.ArrayList<>();
        int from = 0;
        while (true) {
            final int k = s.indexOf(delim, from);
            if (k < 0) {
                parts.add(s.substring(from));
                break;
            }
            parts.add(s.substring(from, k));
            from = k + delim.length();
        }
        final int idx = n > 0 ? n - 1 : parts.size() + n;
        return idx >= 0 && idx < parts.size() ? parts.get(idx) : "";
    }

    public static String regexpReplace(final String s, final String pattern, final String repl, final String flags) {
        final boolean global = flags != null && flags.contains("g");
        final boolean ci = flags != null && flags.contains("i");
        final java.util.regex.Matcher m = MoreExprs.regex(pattern, ci).matcher(s);
        // PostgreSQL's \1 back-references become $1
        final StringBuilder r = new StringBuilder();
        for (int k = 0; k < repl.length(); k++) {
            final char c = repl.charAt(k);
            if (c == '\\' && k + 1 < repl.length() && Character.isDigit(repl.charAt(k + 1))) {
                r.append('$').append(repl.charAt(++k));
            } else if (c == '\\' && k + 1 < repl.length() && repl.charAt(k + 1) == '&') {
                r.append("$0");
                k++;
            } else if (c == '$' || c == '\\') {
                r.append('\\').append(c);
            } else {
                r.append(c);
            }
        }
        return global ? m.replaceAll(r.toString()) : m.replaceFirst(r.toString());
    }

    public static Object round(final Object v, final Integer digits) {
        if (v instanceof Double || v instanceof Float) {
            final double d = ((Number) v).doubleValue();
            if (digits == null) {
                return Math.rint(d);
            }
            return new BigDecimal(d).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
        }
        if (NumericOps.special(v)) {
            return v;
        }
        final BigDecimal b = Values.decimal(v);
        return b.setScale(digits == null ? 0 : digits, RoundingMode.HALF_UP);
    }

    public static Object ceilFloor(final Object v, final boolean ceil) {
        if (v instanceof Double || v instanceof Float) {
            final double d = ((Number) v).doubleValue();
            return ceil ? Math.ceil(d) : Math.floor(d);
        }
        if (NumericOps.special(v)) {
            return v;
        }
        return Values.decimal(v).setScale(0, ceil ? RoundingMode.CEILING : RoundingMode.FLOOR);
    }

    public static Object abs(final Object v) {
        if (v instanceof Short) {
            if ((Short) v == Short.MIN_VALUE) {
                throw new SqlException("22003", "smallint out of range");
            }
            return (short) Math.abs((Short) v);
        }
        if (v instanceof Integer) {
            if ((Integer) v == Integer.MIN_VALUE) {
                throw new SqlException("22003", "integer out of range");
            }
            return Math.abs((Integer) v);
        }
        if (v instanceof Long) {
            if ((Long) v == Long.MIN_VALUE) {
                throw new SqlException("22003", "bigint out of range");
            }
            return Math.abs((Long) v);
        }
        if (v instanceof Double) {
            return Math.abs((Double) v);
        }
        if (v instanceof Float) {
            return Math.abs((Float) v);
        }
        if (v instanceof io.stratum.compute.types.NumericSpecial) {
            return NumericOps.abs((io.stratum.compute.types.NumericSpecial) v);
        }
        return Values.decimal(v).abs();
    }

    /** date_trunc(field, ts) for timestamp and timestamptz (in the session zone). */
    public static Object dateTrunc(final String field, final Object ts, final ZoneId zone) {
        if (ts instanceof OffsetDateTime) {
            final LocalDateTime l = ((OffsetDateTime) ts).atZoneSameInstant(zone).toLocalDateTime();
            return truncLocal(field, l).atZone(zone).toOffsetDateTime();
        }
        if (ts instanceof LocalDate) {
            return truncLocal(field, ((LocalDate) ts).atStartOfDay()).atZone(zone).toOffsetDateTime();
        }
        if (ts instanceof Interval) {
            return IntervalOps.trunc(field, (Interval) ts);
        }
        return truncLocal(field, (LocalDateTime) ts);
    }

    private static LocalDateTime truncLocal(final String field, final LocalDateTime t) {
        switch (field.toLowerCase(Locale.ROOT)) {
            case "microseconds": return t.truncatedTo(ChronoUnit.MICROS);
            case "milliseconds": return t.truncatedTo(ChronoUnit.MILLIS);
            case "second": return t.truncatedTo(ChronoUnit.SECONDS);
            case "minute": return t.truncatedTo(ChronoUnit.MINUTES);
            case "hour": return t.truncatedTo(ChronoUnit.HOURS);
            case "day": return t.truncatedTo(ChronoUnit.DAYS);
            case "week": return t.truncatedTo(ChronoUnit.DAYS).minusDays(t.getDayOfWeek().getValue() - 1L);
            case "month": return t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case "quarter": return t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).withMonth((t.getMonthValue() - 1) / 3 * 3 + 1);
            case "year": return t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
            case "decade": return LocalDateTime.of(t.getYear() / 10 * 10, 1, 1, 0, 0);
            case "century": return LocalDateTime.of((t.getYear() - 1) / 100 * 100 + 1, 1, 1, 0, 0);
            default: throw new SqlException("22023", "timestamp units \"" + field + "\" not recognized");
        }
    }

    /** extract / date_part: numeric in PostgreSQL 14+ for extract, float8 for date_part (caller converts). */
    public static BigDecimal extract(final String field, final Object v, final ZoneId zone) {
        LocalDateTime t;
        OffsetDateTime z = null;
        if (v instanceof OffsetDateTime) {
            z = (OffsetDateTime) v;
            t = z.atZoneSameInstant(zone).toLocalDateTime();
        } else if (v instanceof LocalDate) {
            t = ((LocalDate) v).atStartOfDay();
        } else if (v instanceof Interval) {
            return IntervalOps.extract(field, (Interval) v);
        } else if (v instanceof java.time.LocalTime) {
            t = ((java.time.LocalTime) v).atDate(LocalDate.of(2000, 1, 1));
        } else {
            t = (LocalDateTime) v;
        }
        switch (field.toLowerCase(Locale.ROOT)) {
            case "year": return BigDecimal.valueOf(t.getYear());
            case "month": return BigDecimal.valueOf(t.getMonthValue());
            case "day": return BigDecimal.valueOf(t.getDayOfMonth());
            case "hour": return BigDecimal.valueOf(t.getHour());
            case "minute": return BigDecimal.valueOf(t.getMinute());
            case "second": return BigDecimal.valueOf(t.getSecond() * 1_000_000L + t.getNano() / 1000).movePointLeft(6);
            case "milliseconds": return BigDecimal.valueOf(t.getSecond() * 1_000_000L + t.getNano() / 1000).movePointLeft(3);
            case "microseconds": return BigDecimal.valueOf(t.getSecond() * 1_000_000L + t.getNano() / 1000);
            case "dow": return BigDecimal.valueOf(t.getDayOfWeek().getValue() % 7);
            case "isodow": return BigDecimal.valueOf(t.getDayOfWeek().getValue());
            case "doy": return BigDecimal.valueOf(t.getDayOfYear());
            case "week": return BigDecimal.valueOf(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "quarter": return BigDecimal.valueOf((t.getMonthValue() - 1) / 3 + 1);
            case "decade": return BigDecimal.valueOf(t.getYear() / 10);
            case "century": return BigDecimal.valueOf((t.getYear() + 99) / 100);
            case "epoch": {
                final java.time.Instant in = z != null ? z.toInstant() : t.toInstant(java.time.ZoneOffset.UTC);
                return BigDecimal.valueOf(in.getEpochSecond() * 1_000_000L + in.getNano() / 1000).movePointLeft(6);
            }
            case "timezone": return BigDecimal.valueOf(z == null ? 0 : z.getOffset().getTotalSeconds());
            default: throw new SqlException("22023", "timestamp units \"" + field + "\" not recognized");
        }
    }

    /** date ± int days; a date, time, timestamp(tz) or interval ± an interval (months and days in {@code zone}). */
    public static Object addTemporal(final Object a, final Object b, final boolean minus, final ZoneId zone) {
        if (a instanceof LocalDate && b instanceof Integer) {
            if (a.equals(LocalDate.MAX) || a.equals(LocalDate.MIN)) {
                return a;
            }
            try {
                final LocalDate d = ((LocalDate) a).plusDays(minus ? -(long) (Integer) b : (Integer) b);
                if (d.getYear() > 5874897 || d.getYear() < -4713) {
                    throw new SqlException("22008", "date out of range");
                }
                return d;
            } catch (final java.time.DateTimeException e) {
                throw new SqlException("22008", "date out of range");
            }
        }
        return IntervalOps.add(a, (Interval) b, minus, zone);
    }

    /** a - b for two temporal values: int days for dates, interval otherwise. */
    public static Object subtractTemporal(final Object a, final Object b) {
        return IntervalOps.subtract(a, b);
    }

    /** age(a, b): the symbolic difference of two timestamps (years, months, days, time). */
    public static Interval age(final Object a, final Object b) {
        return IntervalOps.age(a, b);
    }

    public static Object power(final Object a, final Object b) {
        if (NumericOps.special(a, b)) {
            return NumericOps.power(a, b);
        }
        final double xd = ((Number) a).doubleValue();
        final double yd = ((Number) b).doubleValue();
        if (xd == 0 && yd < 0) {
            throw new SqlException("2201F", "zero raised to a negative power is undefined");
        }
        if (xd < 0 && yd != Math.rint(yd)) {
            throw new SqlException("2201F", "a negative number raised to a non-integer power yields a complex result");
        }
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            final BigDecimal x = Values.decimal(a);
            final BigDecimal y = Values.decimal(b);
            if (y.scale() <= 0 || y.stripTrailingZeros().scale() <= 0) {
                final int n = y.intValueExact();
                if (n >= 0) {
                    return x.pow(n);
                }
            }
            if (y.compareTo(new BigDecimal("0.5")) == 0 && x.signum() >= 0) {
                return x.sqrt(new java.math.MathContext(40)).setScale(16, RoundingMode.HALF_UP);
            }
            return new BigDecimal(Math.pow(x.doubleValue(), y.doubleValue())).setScale(16, RoundingMode.HALF_UP);
        }
        return Math.pow(((Number) a).doubleValue(), ((Number) b).doubleValue());
    }

    /** sign(x) for float8 and numeric (NaN for a numeric NaN). */
    public static Object sign(final Object v, final PgType type, final ZoneId zone) {
        if (v instanceof io.stratum.compute.types.NumericSpecial) {
            return NumericOps.signFunction((io.stratum.compute.types.NumericSpecial) v);
        }
        return Casts.cast(Values.decimal(v).signum(), type, -1, zone);
    }

    /** div(a, b): the integral part of a / b. */
    public static Object div(final Object a, final Object b) {
        if (NumericOps.special(a, b)) {
            return NumericOps.div(a, b);
        }
        return Values.decimal(a).divideToIntegralValue(Values.decimal(b));
    }

    /** exp, ln, log or cbrt of a numeric NaN or infinity. */
    public static Object expLog(final String fn, final Object v) {
        return NumericOps.expLog(fn, (io.stratum.compute.types.NumericSpecial) v);
    }

    public static Object mod(final Object a, final Object b) {
        if (Values.integral(a) && Values.integral(b)) {
            final int kind = a instanceof Long || b instanceof Long ? 2 : (a instanceof Integer || b instanceof Integer) ? 1 : 0;
            return Values.arith('%', a, b, kind);
        }
        return Values.arith('%', Values.numeric(a), Values.numeric(b), 3);
    }

    public static Object sqrt(final Object a) {
        if (a instanceof io.stratum.compute.types.NumericSpecial) {
            return NumericOps.sqrt((io.stratum.compute.types.NumericSpecial) a);
        }
        if (a instanceof BigDecimal) {
            if (((BigDecimal) a).signum() < 0) {
                throw new SqlException("2201F", "cannot take square root of a negative number");
            }
            // PostgreSQL's result scale: 16 significant digits from the root's weight, at least the argument's scale
            final BigDecimal x = (BigDecimal) a;
            final int weight = x.signum() == 0 ? 0 : Math.floorDiv(x.precision() - x.scale() - 1, 4);
            final int sweight = (weight + 1) * 4 / 2 - 1;
            final int rscale = Math.min(1000, Math.max(0, Math.max(16 - sweight, Math.max(0, x.scale()))));
            return x.signum() == 0 ? BigDecimal.ZERO.setScale(rscale)
                : x.sqrt(new java.math.MathContext(rscale + Math.max(1, x.precision()) + 4)).setScale(rscale, RoundingMode.HALF_UP);
        }
        final double d = ((Number) a).doubleValue();
        if (d < 0) {
            throw new SqlException("2201F", "cannot take square root of a negative number");
        }
        return Math.sqrt(d);
    }

    public static Object arrayPosition(final Object[] arr, final Object v) {
        for (int k = 0; k < arr.length; k++) {
            if (arr[k] == null ? v == null : v != null && Values.compare(arr[k], v) == 0) {
                return k + 1;
            }
        }
        return null;
    }

    public static Object arrayLength(final Object[] arr, final int dim) {
        return dim == 1 && arr.length > 0 ? (Object) arr.length : null;
    }

    public static Object subscript(final Object[] arr, final int idx) {
        return idx >= 1 && idx <= arr.length ? arr[idx - 1] : null;
    }

    /** to_char(value, picture): numbers by their picture, timestamps, dates, times and intervals by theirs. */
    public static Object toChar(final Object v, final String fmt, final ZoneId zone) {
        if (v instanceof Number) {
            return NumberFormat.format(v, fmt);
        }
        if (fmt.isEmpty()) {
            return null;
        }
        // time has no to_char of its own: PostgreSQL reads it as an interval
        final Object t = v instanceof java.time.LocalTime ? Interval.ofMicros(((java.time.LocalTime) v).toNanoOfDay() / 1000) : v;
        return DateFormat.format(t, fmt, zone);
    }

    public static String md5(final String s) {
        try {
            final byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            final StringBuilder sb = new StringBuilder();
            for (final byte x : d) {
                sb.append(String.format(Locale.ROOT, "%02x", x & 0xff));
            }
            return sb.toString();
        } catch (final java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String quoteLiteral(final String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    public static String initcap(final String s) {
        final StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (final char c : s.toCharArray()) {
            sb.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetterOrDigit(c);
        }
        return sb.toString();
    }
}
