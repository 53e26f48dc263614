package io.stratum.compute.json;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * SQL values to JSON as PostgreSQL's to_json / to_jsonb do (numbers stay numbers, NaN and infinity become
 * strings, booleans, arrays, ISO 8601 dates and timestamps, json and jsonb as themselves, anything else its
 * text as a string), and the json_build_* / json_agg text forms with PostgreSQL's spacing. Stateless.
 */
public final class JsonBuild {
    private static final DateTimeFormatter TS = new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd'T'HH:mm:ss")
        .optionalStart().appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).optionalEnd().toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendPattern("HH:mm:ss")
        .optionalStart().appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).optionalEnd().toFormatter(Locale.ROOT);

    private JsonBuild() {
    }

    /** to_jsonb of a value of type {@code t}; SQL NULL is JSON null. */
    public static Jsonb toJsonb(final Object v, final PgType t, final ZoneId zone) {
        if (v == null) {
            return Jsonb.JNULL;
        }
        if (v instanceof Jsonb) {
            return t == PgType.JSON ? JsonText.parseJsonb(v.toString()) : (Jsonb) v;
        }
        if (t == PgType.JSON) {
            return JsonText.parseJsonb((String) v);
        }
        if (v instanceof Object[]) {
            final Object[] a = (Object[]) v;
            final PgType el = t == null ? null : t.elementType();
            final Jsonb[] out = new Jsonb[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = toJsonb(a[i], el == null ? PgType.forValue(a[i]) : el, zone);
            }
            return Jsonb.array(out);
        }
        if (v instanceof Boolean) {
            return Jsonb.bool((Boolean) v);
        }
        if (v instanceof io.stratum.compute.types.NumericSpecial) {
            return Jsonb.string(v.toString());
        }
        if (v instanceof Double || v instanceof Float) {
            final double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return Jsonb.string(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            }
            return Jsonb.number(new BigDecimal((v instanceof Float ? PgType.FLOAT4 : PgType.FLOAT8)
                .formatText(v, PgType.Format.DEFAULT)));
        }
        if (v instanceof BigDecimal) {
            return Jsonb.number((BigDecimal) v);
        }
        if (v instanceof Short || v instanceof Integer || v instanceof Long) {
            if (t == PgType.OID || t == PgType.REGCLASS || t == PgType.REGTYPE || t == PgType.REGPROC) {
                return Jsonb.string(v.toString());
            }
            return Jsonb.number(BigDecimal.valueOf(((Number) v).longValue()));
        }
        return Jsonb.string(scalarText(v, t, zone));
    }

    private static String scalarText(final Object v, final PgType t, final ZoneId zone) {
        if (v instanceof LocalDate) {
            return v.equals(LocalDate.MAX) ? "infinity" : v.equals(LocalDate.MIN) ? "-infinity" : v.toString();
        }
        if (v instanceof LocalDateTime) {
            return v.equals(LocalDateTime.MAX) ? "infinity" : v.equals(LocalDateTime.MIN) ? "-infinity" : TS.format((LocalDateTime) v);
        }
        if (v instanceof OffsetDateTime) {
            if (v.equals(OffsetDateTime.MAX) || v.equals(OffsetDateTime.MIN)) {
                return v.equals(OffsetDateTime.MAX) ? "infinity" : "-infinity";
            }
            final OffsetDateTime o = ((OffsetDateTime) v).atZoneSameInstant(zone).toOffsetDateTime();
            final int off = o.getOffset().getTotalSeconds();
            final int a = Math.abs(off);
            return TS.format(o.toLocalDateTime()) + (off < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d:%02d", a / 3600,
                (a % 3600) / 60);
        }
        if (v instanceof LocalTime) {
            return TIME.format((LocalTime) v);
        }
        final PgType type = t == null || t == PgType.UNKNOWN ? PgType.forValue(v) : t;
        return type.formatText(v, new PgType.Format(zone, 1));
    }

    /** to_json's text of a value of type {@code t} (arrays without spaces, as array_to_json). */
    public static String toJsonText(final Object v, final PgType t, final ZoneId zone) {
        final StringBuilder sb = new StringBuilder();
        appendJson(sb, v, t, zone);
        return sb.toString();
    }

    private static void appendJson(final StringBuilder sb, final Object v, final PgType t, final ZoneId zone) {
        if (v == null) {
            sb.append("null");
        } else if (t == PgType.JSON || v instanceof Jsonb) {
            sb.append(v);
        } else if (v instanceof Object[]) {
            final PgType el = t == null ? null : t.elementType();
            sb.append('[');
            final Object[] a = (Object[]) v;
            for (int i = 0; i < a.length; i++) {
                sb.append(i > 0 ? "," : "");
                appendJson(sb, a[i], el == null ? PgType.forValue(a[i]) : el, zone);
            }
            sb.append(']');
        } else {
            sb.append(toJsonb(v, t, zone));
        }
    }

    /** jsonb_build_object / json_build_object over (key, value) pairs. */
    public static Object buildObject(final Object[] args, final PgType[] types, final ZoneId zone, final boolean jsonb) {
        if (args.length % 2 != 0) {
            throw new SqlException("22023", "argument list must have even number of elements", null, "The arguments of "
                + (jsonb ? "jsonb" : "json") + "_build_object() must consist of alternating keys and values.", 0, null);
        }
        final int n = args.length / 2;
        final String[] keys = new String[n];
        final Jsonb[] vals = new Jsonb[n];
        final StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            keys[i] = key(args[2 * i], types[2 * i], zone, 2 * i + 1);
            if (jsonb) {
                vals[i] = toJsonb(args[2 * i + 1], types[2 * i + 1], zone);
            } else {
                sb.append(i > 0 ? ", " : "");
                JsonText.quote(sb, keys[i]);
                sb.append(" : ");
                appendJson(sb, args[2 * i + 1], types[2 * i + 1], zone);
            }
        }
        return jsonb ? Jsonb.object(keys, vals) : sb.append('}').toString();
    }

    private static String key(final Object k, final PgType t, final ZoneId zone, final int argNo) {
        if (k == null) {
            throw new SqlException("22023", "argument " + argNo + ": key must not be null");
        }
        if (k instanceof Object[] || t == PgType.JSON || t == PgType.JSONB || t == PgType.RECORD) {
            throw new SqlException("22023", "key value must be scalar, not array, composite, or json");
        }
        if (k instanceof String) {
            return (String) k;
        }
        final Jsonb j = toJsonb(k, t, zone);
        return j.kind == Jsonb.STRING ? j.str : j.toString();
    }

    /** jsonb_build_array / json_build_array. */
    public static Object buildArray(final Object[] args, final PgType[] types, final ZoneId zone, final boolean jsonb) {
        if (jsonb) {
            final Jsonb[] out = new Jsonb[args.length];
            for (int i = 0; i < args.length; i++) {
                out[i] = toJsonb(args[i], types[i], zone);
            }
            return Jsonb.array(out);
        }
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < args.length; i++) {
            sb.append(i > 0 ? ", " : "");
            appendJson(sb, args[i], types[i], zone);
        }
        return sb.append(']').toString();
    }

    /** json_agg / jsonb_agg over collected values ({@code [1, 2, 3]}). */
    public static Object agg(final List<Object> values, final PgType t, final ZoneId zone, final boolean jsonb) {
        final Object[] a = values.toArray();
        final PgType[] ts = new PgType[a.length];
        java.util.Arrays.fill(ts, t);
        return buildArray(a, ts, zone, jsonb);
    }

    /** json_object_agg / jsonb_object_agg ({@code { "a" : 1, "b" : 2 }} for json). */
    public static Object objectAgg(final List<Object[]> pairs, final PgType kt, final PgType vt, final ZoneId zone,
                                   final boolean jsonb) {
        final String[] keys = new String[pairs.size()];
        final Jsonb[] vals = new Jsonb[pairs.size()];
        final StringBuilder sb = new StringBuilder("{ ");
        for (int i = 0; i < keys.length; i++) {
            final Object k = pairs.get(i)[0];
            if (k == null) {
                throw new SqlException("22023", "field name must not be null");
            }
            keys[i] = k instanceof String ? (String) k : JsonOps.text(toJsonb(k, kt, zone));
            if (jsonb) {
                vals[i] = toJsonb(pairs.get(i)[1], vt, zone);
            } else {
                sb.append(i > 0 ? ", " : "");
                JsonText.quote(sb, keys[i]);
                sb.append(" : ");
                appendJson(sb, pairs.get(i)[1], vt, zone);
            }
        }
        return jsonb ? Jsonb.object(keys, vals) : sb.append(" }").toString();
    }

    /** row_to_json: {@code {"a":1,"b":"x"}}. */
    public static String rowToJson(final Object[] row, final List<String> names, final List<PgType> types, final ZoneId zone) {
        final StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < row.length; i++) {
            sb.append(i > 0 ? "," : "");
            JsonText.quote(sb, names.get(i));
            sb.append(':');
            appendJson(sb, row[i], types.get(i), zone);
        }
        return sb.append('}').toString();
    }
}
