package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.Interval;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Conversions between the Java forms of SQL values: text input and output as PostgreSQL writes them
 * (ISO DateStyle), and the casts between types. Stateless.
 */
public final class Casts {
    private static final DateTimeFormatter TS_OUT = new DateTimeFormatterBuilder()
        .appendPattern("uuuu-MM-dd HH:mm:ss").optionalStart()
        .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).optionalEnd().toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TIME_OUT = new DateTimeFormatterBuilder()
        .appendPattern("HH:mm:ss").appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).toFormatter(Locale.ROOT);

    private Casts() {
    }

    /** Text output as PostgreSQL prints a value of {@code type} (the form a {@code ::text} cast gives). */
    public static String toText(final Object v, final PgType type, final ZoneId zone) {
        if (v == null) {
            return null;
        }
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "true" : "false";
        }
        if (v instanceof Double || v instanceof Float) {
            return formatFloat(((Number) v).doubleValue(), v instanceof Float);
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof Number) {
            return v.toString();
        }
        if (v instanceof LocalDate) {
            return v.toString();
        }
        if (v instanceof LocalDateTime) {
            return TS_OUT.format((LocalDateTime) v);
        }
        if (v instanceof LocalTime) {
            return TIME_OUT.format((LocalTime) v);
        }
        if (v instanceof OffsetDateTime) {
            final OffsetDateTime t = ((OffsetDateTime) v).atZoneSameInstant(zone).toOffsetDateTime();
            return TS_OUT.format(t.toLocalDateTime()) + offset(t.getOffset());
        }
        if (v instanceof Interval) {
            return v.toString();
        }
        if (v instanceof byte[]) {
            final byte[] b = (byte[]) v;
            final StringBuilder sb = new StringBuilder(2 + 2 * b.length).append("\\x");
            for (final byte x : b) {
                sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
            }
            return sb.toString();
        }
        if (v instanceof Object[]) {
            return formatArray((Object[]) v, type == PgType.INT2VECTOR || type == PgType.OIDVECTOR, zone);
        }
        return v.toString();
    }

    private static String offset(final ZoneOffset o) {
        final int s = o.getTotalSeconds();
        final int a = Math.abs(s);
        final StringBuilder sb = new StringBuilder(s < 0 ? "-" : "+");
        sb.append(String.format(Locale.ROOT, "%02d", a / 3600));
        if (a % 3600 != 0) {
            sb.append(String.format(Locale.ROOT, ":%02d", (a % 3600) / 60));
        }
        return sb.toString();
    }

    static String formatArray(final Object[] a, final boolean vector, final ZoneId zone) {
        final StringBuilder sb = new StringBuilder();
        if (!vector) {
            sb.append('{');
        }
        for (int i = 0; i < a.length; i++) {
            if (i > 0) {
                sb.append(vector ? ' ' : ',');
            }
            if (a[i] == null) {
                sb.append("NULL");
                continue;
            }
            final String s = toText(a[i], null, zone);
            if (!vector && (s.isEmpty() || s.equalsIgnoreCase("null") || s.chars().anyMatch(c -> c == ',' || c == '"'
                || c == '{' || c == '}' || c == '\\' || Character.isWhitespace(c)))) {
                sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                sb.append(s);
            }
        }
        if (!vector) {
            sb.append('}');
        }
        return sb.toString();
    }

    /** float8out with extra_float_digits >= 1: the shortest text that reads back exactly. */
    public static String formatFloat(final double d, final boolean single) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        final String s = single ? Float.toString((float) d) : Double.toString(d);
        final int e = s.indexOf('E');
        String mant = e < 0 ? s : s.substring(0, e);
        int exp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
        if (mant.endsWith(".0")) {
            mant = mant.substring(0, mant.length() - 2);
        }
        if (e < 0) {
            return mant;
        }
        // PostgreSQL uses exponent form below 1e-4 and from 1e15 (for float8: precision 15/17 digits)
        final BigDecimal bd = new BigDecimal(s);
        final int magnitude = bd.precision() - bd.scale() - 1;
        if (magnitude >= -4 && magnitude < (single ? 6 : 15)) {
            return bd.stripTrailingZeros().toPlainString();
        }
        return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static SqlException bad(final PgType type, final String text) {
        return new SqlException("22P02", "invalid input syntax for type " + SqlTypes.displayName(type) + ": \"" + text + "\"");
    }

    /**
     * Parses PostgreSQL's text input of {@code type}: the wire codec's rule ({@link PgType#parseText}), so a
     * cast and a text-format parameter read a value the same way; a timestamptz without an offset is read in
     * {@code zone}.
     */
    public static Object parse(final String text, final PgType type, final ZoneId zone) {
        return type.parseText(text, new PgType.Format(zone == null ? ZoneOffset.UTC : zone, 1));
    }

    /** Parses an array literal {@code {a,b,"c d"}} into element values of {@code element}. */
    public static Object[] parseArray(final String text, final PgType element, final ZoneId zone) {
        final String t = text.trim();
        if (!t.startsWith("{") || !t.endsWith("}")) {
            if (element == PgType.INT2 || element == PgType.OID) {
                // int2vector / oidvector: space-separated
                final List<Object> out = new ArrayList<>();
                for (final String p : t.split("\\s+")) {
                    if (!p.isEmpty()) {
                        out.add(parse(p, element, zone));
                    }
                }
                return out.toArray();
            }
            throw new SqlException("22P02", "malformed array literal: \"" + text + "\"");
        }
        final List<Object> out = new ArrayList<>();
        final String body = t.substring(1, t.length() - 1);
        int i = 0;
        while (i < body.length()) {
            while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            if (i >= body.length()) {
                break;
            }
            final StringBuilder sb = new StringBuilder();
            boolean quoted = false;
            if (body.charAt(i) == '"') {
                quoted = true;
                i++;
                while (i < body.length() && body.charAt(i) != '"') {
                    if (body.charAt(i) == '\\' && i + 1 < body.length()) {
                        i++;
                    }
                    sb.append(body.charAt(i++));
                }
                i++;
            } else {
                while (i < body.length() && body.charAt(i) != ',') {
                    sb.append(body.charAt(i++));
                }
            }
            while (i < body.length() && body.charAt(i) != ',') {
                i++;
            }
            i++;
            final String el = quoted ? sb.toString() : sb.toString().trim();
            out.add(!quoted && el.equalsIgnoreCase("NULL") ? null : parse(el, element, zone));
        }
        return out.toArray();
    }

    /** Casts a non-null value {@code v} (of any form) to {@code to} with type modifier {@code typmod}. */
    public static Object cast(final Object v, final PgType to, final int typmod, final ZoneId zone) {
        if (v == null) {
            return null;
        }
        switch (to) {
            case TEXT: case NAME: case UNKNOWN:
                return toText(v, null, zone);
            case VARCHAR: {
                final String s = toText(v, null, zone);
                return typmod > 4 && s.length() > typmod - 4 ? s.substring(0, typmod - 4) : s;
            }
            case BPCHAR: {
                String s = toText(v, null, zone);
                final int n = typmod > 4 ? typmod - 4 : (typmod == -1 ? -1 : 1);
                if (n > 0 && s.length() > n) {
                    s = s.substring(0, n);
                }
                return s;
            }
            case CHAR: {
                final String s = toText(v, null, zone);
                return s.isEmpty() ? "" : s.substring(0, 1);
            }
            default:
                break;
        }
        if (v instanceof io.stratum.compute.json.Jsonb j) {
            switch (to) {
                case JSON: return j.toString();
                case JSONB: return j;
                case BOOL: return io.stratum.compute.json.JsonOps.scalarFor(j, "boolean", true);
                case INT2: case INT4: case INT8: case NUMERIC: case FLOAT4: case FLOAT8:
                    return cast(io.stratum.compute.json.JsonOps.scalarFor(j, SqlTypes.displayName(to), false), to, typmod, zone);
                default: break;
            }
        }
        if (v instanceof String) {
            if (to.name().endsWith("_ARRAY")) {
                return to.parseText((String) v, new PgType.Format(zone == null ? ZoneOffset.UTC : zone, 1));
            }
            if (to == PgType.INT2VECTOR || to == PgType.OIDVECTOR) {
                return parseArray((String) v, SqlTypes.elementType(to), zone);
            }
            final Object p = parse((String) v, to, zone);
            return to == PgType.NUMERIC ? numericTypmod(p, typmod) : p;
        }
        switch (to) {
            case BOOL:
                if (v instanceof Boolean) {
                    return v;
                }
                if (v instanceof Integer) {
                    return (Integer) v != 0;
                }
                break;
            case INT2: case INT4: case INT8: case OID: case REGCLASS: case REGTYPE: case REGPROC: {
                final int kind = to == PgType.INT2 ? 0 : to == PgType.INT4 ? 1 : 2;
                if (v instanceof Boolean && to == PgType.INT4) {
                    return (Boolean) v ? 1 : 0;
                }
                if (Values.integral(v)) {
                    return Values.narrow(((Number) v).longValue(), kind);
                }
                if (v instanceof io.stratum.compute.types.NumericSpecial) {
                    throw NumericOps.toInteger((io.stratum.compute.types.NumericSpecial) v, kind);
                }
                if (v instanceof BigDecimal) {
                    final BigDecimal r = ((BigDecimal) v).setScale(0, RoundingMode.HALF_UP);
                    if (r.toBigInteger().bitLength() > 63) {
                        throw new SqlException("22003", kind == 0 ? "smallint out of range" : kind == 1
                            ? "integer out of range" : "bigint out of range");
                    }
                    return Values.narrow(r.longValue(), kind);
                }
                if (v instanceof Double || v instanceof Float) {
                    final double d = Math.rint(((Number) v).doubleValue());
                    if (Double.isNaN(d) || d < -9.223372036854776E18 || d >= 9.223372036854776E18) {
                        throw new SqlException("22003", kind == 0 ? "smallint out of range" : kind == 1
                            ? "integer out of range" : "bigint out of range");
                    }
                    return Values.narrow((long) d, kind);
                }
                break;
            }
            case NUMERIC:
                if (v instanceof Double || v instanceof Float) {
                    return numericTypmod(floatToNumeric(((Number) v).doubleValue(), v instanceof Float), typmod);
                }
                if (v instanceof Number) {
                    return numericTypmod(Values.numeric(v), typmod);
                }
                break;
            case FLOAT4:
                if (v instanceof BigDecimal) {
                    // numeric_float4 reads numeric_out's text as float4in does (22003 when out of range)
                    return parse(((BigDecimal) v).toPlainString(), PgType.FLOAT4, zone);
                }
                if (v instanceof Double) {
                    final double d = (Double) v;
                    final float f = (float) d;
                    if (Float.isInfinite(f) && !Double.isInfinite(d)) {
                        throw new SqlException("22003", "value out of range: overflow");
                    }
                    if (f == 0 && d != 0) {
                        throw new SqlException("22003", "value out of range: underflow");
                    }
                    return f;
                }
                if (v instanceof Number) {
                    return ((Number) v).floatValue();
                }
                break;
            case FLOAT8:
                if (v instanceof Number) {
                    final double d = ((Number) v).doubleValue();
                    if (Double.isInfinite(d) && v instanceof java.math.BigDecimal) {
                        throw new SqlException("22003", "\"" + ((java.math.BigDecimal) v).toPlainString()
                            + "\" is out of range for type double precision");
                    }
                    return d;
                }
                break;
            case DATE:
                if (v instanceof LocalDate) {
                    return v;
                }
                if (v instanceof LocalDateTime) {
                    return ((LocalDateTime) v).toLocalDate();
                }
                if (v instanceof OffsetDateTime) {
                    return ((OffsetDateTime) v).atZoneSameInstant(zone).toLocalDate();
                }
                break;
            case TIMESTAMP:
                if (v instanceof LocalDateTime) {
                    return v;
                }
                if (v instanceof LocalDate) {
                    return ((LocalDate) v).atStartOfDay();
                }
                if (v instanceof OffsetDateTime) {
                    return ((OffsetDateTime) v).atZoneSameInstant(zone).toLocalDateTime();
                }
                break;
            case TIMESTAMPTZ:
                if (v instanceof OffsetDateTime) {
                    return v;
                }
                if (v instanceof LocalDateTime) {
                    return ((LocalDateTime) v).atZone(zone).toOffsetDateTime();
                }
                if (v instanceof LocalDate) {
                    return ((LocalDate) v).atStartOfDay(zone).toOffsetDateTime();
                }
                break;
            case TIME:
                if (v instanceof LocalTime) {
                    return v;
                }
                if (v instanceof Interval) {
                    return LocalTime.ofNanoOfDay(Math.floorMod(((Interval) v).micros(), Interval.MICROS_PER_DAY) * 1000);
                }
                if (v instanceof LocalDateTime) {
                    return ((LocalDateTime) v).toLocalTime();
                }
                break;
            case INTERVAL:
                if (v instanceof Interval) {
                    return v;
                }
                if (v instanceof LocalTime) {
                    return Interval.ofMicros(((LocalTime) v).toNanoOfDay() / 1000);
                }
                break;
            case BYTEA:
                if (v instanceof byte[]) {
                    return v;
                }
                break;
            case UUID:
                if (v instanceof java.util.UUID) {
                    return v;
                }
                break;
            default:
                if (v instanceof Object[]) {
                    final PgType el = SqlTypes.elementType(to);
                    if (el != null) {
                        final Object[] a = ((Object[]) v).clone();
                        for (int i = 0; i < a.length; i++) {
                            a[i] = cast(a[i], a[i] instanceof Object[] ? to : el, a[i] instanceof Object[] ? typmod : -1, zone);
                        }
                        return a;
                    }
                    return v;
                }
                break;
        }
        throw new SqlException("42846", "cannot cast value to type " + SqlTypes.displayName(to));
    }

    /** float8_numeric / float4_numeric: NaN and the infinities as such, else rounded to 15 / 6 significant digits. */
    private static Object floatToNumeric(final double d, final boolean single) {
        final Object special = io.stratum.compute.types.NumericSpecial.of(d);
        if (special != null) {
            return special;
        }
        final BigDecimal r = new BigDecimal(d).round(new java.math.MathContext(single ? 6 : 15, RoundingMode.HALF_EVEN))
            .stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }

    /**
     * Applies numeric(p,s): rounds to s and fails with 22003 when the integer digits exceed p - s; NaN passes,
     * an infinity fails.
     */
    static Object numericTypmod(final Object value, final int typmod) {
        if (typmod < 4) {
            return value;
        }
        final int precision = ((typmod - 4) >> 16) & 0xffff;
        final int scale = (typmod - 4) & 0xffff;
        if (value instanceof io.stratum.compute.types.NumericSpecial) {
            return NumericOps.typmod((io.stratum.compute.types.NumericSpecial) value, precision, scale);
        }
        final BigDecimal r = ((BigDecimal) value).setScale(scale, RoundingMode.HALF_UP);
        if (r.precision() - r.scale() > precision - scale && r.signum() != 0) {
            throw new SqlException("22003", "numeric field overflow", "A field with precision " + precision
                + ", scale " + scale + " must round to an absolute value less than 10^" + (precision - scale) + ".",
                null, 0, null);
        }
        return r;
    }
}
