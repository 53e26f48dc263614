package io.stratum.compute.storage;

import io.stratum.compute.types.PgType;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.agrona.DirectBuffer;

/**
 * Builds {@link FieldTest}s for the conjuncts a sequential scan can decide on encoded bytes: a comparison of an
 * int2/int4/int8/date column with a constant or with another column of its type, and text equality, inequality
 * and [NOT] IN against constants (UTF-8 bytes are equal exactly when the strings are: the codec writes each
 * string's one UTF-8 form). Each returns null for what it cannot decide this way.
 */
public final class FieldTests {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private FieldTests() {
    }

    /** Whether {@code t} is a type whose fields compare as signed little-endian integers. */
    public static boolean integral(final PgType t) {
        return t == PgType.INT2 || t == PgType.INT4 || t == PgType.INT8 || t == PgType.DATE;
    }

    /** {@code column op constant} for an integral or date column; null when {@code constant} does not fit. */
    public static FieldTest compare(final PgType type, final int column, final String op, final Object constant) {
        if (!integral(type) || constant == null) {
            return null;
        }
        final long v;
        if (type == PgType.DATE) {
            if (!(constant instanceof LocalDate d)) {
                return null;
            }
            if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
                v = Values.days(d);
            } else {
                final long days = d.toEpochDay() - LocalDate.of(2000, 1, 1).toEpochDay();
                if (days <= Integer.MIN_VALUE || days >= Integer.MAX_VALUE) {
                    return null;
                }
                v = days;
            }
        } else if (constant instanceof Integer || constant instanceof Long || constant instanceof Short
            || constant instanceof Byte) {
            v = ((Number) constant).longValue();
        } else {
            return null;
        }
        final int kind = kind(op);
        if (kind < 0) {
            return null;
        }
        final int width = RowCodec.fixedSize(type);
        return (src, pos, len) -> {
            final int p = pos[column];
            return p >= 0 && holds(kind, Long.compare(read(src, p, width), v));
        };
    }

    /** {@code a op b} for two columns of the same integral or date type. */
    public static FieldTest compareColumns(final PgType type, final int a, final String op, final int b) {
        final int kind = kind(op);
        if (!integral(type) || kind < 0) {
            return null;
        }
        final int width = RowCodec.fixedSize(type);
        return (src, pos, len) -> {
            final int p = pos[a];
            final int q = pos[b];
            return p >= 0 && q >= 0 && holds(kind, Long.compare(read(src, p, width), read(src, q, width)));
        };
    }

    /**
     * {@code column [NOT] IN (values)} (one value: = or <>) for a text or varchar column; null when a value is
     * NULL (NOT IN is then never TRUE, IN only TRUE through another value: left to the general path).
     */
    public static FieldTest textIn(final PgType type, final int column, final List<String> values, final boolean negate) {
        if (type != PgType.TEXT && type != PgType.VARCHAR || values.isEmpty()) {
            return null;
        }
        final byte[][] bytes = new byte[values.size()][];
        for (int i = 0; i < bytes.length; i++) {
            if (values.get(i) == null) {
                return null;
            }
            bytes[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return (src, pos, len) -> {
            final int p = pos[column];
            if (p < 0) {
                return false;
            }
            final int l = len[column];
            for (final byte[] b : bytes) {
                if (b.length == l && equal(src, p, b)) {
                    return !negate;
                }
            }
            return negate;
        };
    }

    /** TRUE when every test is (a conjunct is TRUE exactly when all its parts are). */
    public static FieldTest and(final FieldTest[] tests) {
        return (src, pos, len) -> {
            for (final FieldTest t : tests) {
                if (!t.test(src, pos, len)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** TRUE when any test is. */
    public static FieldTest or(final FieldTest[] tests) {
        return (src, pos, len) -> {
            for (final FieldTest t : tests) {
                if (t.test(src, pos, len)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static boolean equal(final DirectBuffer src, final int p, final byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (src.getByte(p + i) != b[i]) {
                return false;
            }
        }
        return true;
    }

    private static long read(final DirectBuffer src, final int p, final int width) {
        return width == 2 ? src.getShort(p, LE) : width == 4 ? src.getInt(p, LE) : src.getLong(p, LE);
    }

    private static int kind(final String op) {
        switch (op) {
            case "=": return 0;
            case "<>": return 1;
            case "<": return 2;
            case "<=": return 3;
            case ">": return 4;
            case ">=": return 5;
            default: return -1;
        }
    }

    private static boolean holds(final int kind, final int c) {
        switch (kind) {
            case 0: return c == 0;
            case 1: return c != 0;
            case 2: return c < 0;
            case 3: return c <= 0;
            case 4: return c > 0;
            default: return c >= 0;
        }
    }
}
