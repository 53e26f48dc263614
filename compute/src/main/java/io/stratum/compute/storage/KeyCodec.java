package io.stratum.compute.storage;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.agrona.MutableDirectBuffer;

/**
 * Order-preserving encoding of B-tree keys: for keys a and b of the same types, {@code encode(a)} sorts
 * before {@code encode(b)} as unsigned bytes exactly when a sorts before b in PostgreSQL's ASC NULLS LAST
 * order (text compares by code point, as the C collation). Composite keys are the concatenation of their
 * components, each self-delimiting, so the encoding of a key prefix is a byte prefix of the whole key:
 * <pre>
 * component := 0x01 value    (not null)
 *            | 0x02          (null: after every value)
 * int2/4/8, date, time, timestamp(tz): big-endian with the sign bit flipped
 * interval: interval_cmp's linearisation (30-day months, 24-hour days) as whole days (int64, sign bit flipped)
 *          then microseconds of the day (int64, in [0, 86400000000)), big-endian: '1 mon' and '30 days' are one key
 * oid, regclass, regtype, regproc: 4 bytes big-endian, unsigned
 * float4/8: IEEE bits; negative: all bits flipped, else sign bit flipped (-0 = 0; NaN last, as PostgreSQL)
 * bool: 0x00 false, 0x01 true;  "char": its byte;  enum: its label's sort order as float4

 * text, varchar, bpchar (trailing blanks dropped), name, bytea: UTF-8 / raw bytes with 0x00 escaped as
 *          0x00 0xFF, ended by 0x00 0x00
 * numeric: sign byte (0x00 negative, 0x01 zero, 0x02 positive), then for non-zero values the decimal
 *          exponent e (value = 0.d1d2... x 10^e; int32 big-endian, sign-flipped, complemented for negatives)
 *          and the significant digits without trailing zeros: d + 1 each, then 0x00 (positive), or
 *          0x0A - d each, then 0xFF (negative); the special values in NumericSpecial.compare's order:
 *          -Infinity 0x00 0x00000000 (below every negative exponent), Infinity 0x03, NaN 0x04
 * </pre>
 * A unique index's key that contains a NULL is suffixed with the TID (8 bytes) by {@link TableAccess},
 * since NULLs never conflict. Not thread-safe; no allocation per key except for numeric digits.
 */
public final class KeyCodec {

    /** Marker byte of a non-null component. */
    public static final byte NOT_NULL = 0x01;
    /** Marker byte (the whole component) of a null. */
    public static final byte NULL = 0x02;

    private final PgType[] types;

    /** A codec for keys whose components have {@code types} (in key order). */
    public KeyCodec(final PgType[] types) {
        for (final PgType t : types) {
            if (!supports(t)) {
                throw new SqlException("42804", "data type " + t.typname()
                    + " has no default operator class for access method \"btree\"");
            }
        }
        this.types = types.clone();
    }

    public int componentCount() {
        return types.length;
    }

    /**
     * Encodes the first {@code count} components ({@code values[i]} of {@code types[i]}) at
     * {@code dst[offset]}, growing an expandable {@code dst} as needed; returns the bytes written.
     */
    public int encode(final Object[] values, final int count, final MutableDirectBuffer dst, final int offset) {
        int p = offset;
        for (int i = 0; i < count; i++) {
            p += encodeComponent(types[i], values[i], dst, p);
        }
        return p - offset;
    }

    /** Whether keys of {@code type} can be encoded (indexable types). */
    public static boolean supports(final PgType type) {
        switch (type) {
            case BOOL: case CHAR: case INT2: case INT4: case INT8: case OID: case REGCLASS: case REGTYPE:
            case REGPROC: case FLOAT4: case FLOAT8: case TEXT: case VARCHAR: case BPCHAR: case NAME: case BYTEA:
            case NUMERIC: case DATE: case TIME: case TIMESTAMP: case TIMESTAMPTZ: case INTERVAL: case UNKNOWN: case UUID: case JSONB:
            case ENUM:
                return true;
            default:
                return false;
        }
    }

    /** Encodes one value of {@code type} as a key component at {@code dst[offset]}; returns the bytes written. */
    public static int encodeComponent(final PgType type, final Object value, final MutableDirectBuffer dst,
                                      final int offset) {
        if (value == null) {
            dst.putByte(offset, NULL);
            return 1;
        }
        dst.putByte(offset, NOT_NULL);
        final int p = offset + 1;
        switch (type) {
            case BOOL:
                dst.putByte(p, (byte) (((Boolean) value) ? 1 : 0));
                return 2;
            case CHAR: {
                final String s = Values.text(value);
                dst.putByte(p, s.isEmpty() ? 0 : (byte) s.charAt(0));
                return 2;
            }
            case INT2:
                // a wider value (a bound of another integer type) is clamped, never wrapped
                putShortBe(dst, p, (short) (clamp(value, Short.MIN_VALUE, Short.MAX_VALUE) ^ 0x8000));
                return 3;
            case INT4:
                putIntBe(dst, p, (int) clamp(value, Integer.MIN_VALUE, Integer.MAX_VALUE) ^ Integer.MIN_VALUE);
                return 5;
            case DATE:
                putIntBe(dst, p, Values.days(value) ^ Integer.MIN_VALUE);
                return 5;
            case OID: case REGCLASS: case REGTYPE: case REGPROC:
                putIntBe(dst, p, (int) Values.integer(value));
                return 5;
            case INT8:
                putLongBe(dst, p, Values.integer(value) ^ Long.MIN_VALUE);
                return 9;
            case TIME:
                putLongBe(dst, p, Values.timeMicros(value) ^ Long.MIN_VALUE);
                return 9;
            case TIMESTAMP: case TIMESTAMPTZ:
                putLongBe(dst, p, Values.timestampMicros(value) ^ Long.MIN_VALUE);
                return 9;
            case INTERVAL: {
                // interval_cmp's order: whole days of the linearisation, then micros of the day (never negative)
                final io.stratum.compute.types.Interval v = Values.interval(value);
                putLongBe(dst, p, v.linearDays() ^ Long.MIN_VALUE);
                putLongBe(dst, p + 8, v.linearMicrosOfDay());
                return 17;
            }
            case UUID: {
                // big-endian unsigned: byte order is PostgreSQL's uuid order
                final java.util.UUID u = (java.util.UUID) value;
                putLongBe(dst, p, u.getMostSignificantBits());
                putLongBe(dst, p + 8, u.getLeastSignificantBits());
                return 17;
            }
            case ENUM: {
                // by sort order (labels keep theirs for the type's lifetime), as float4
                final int bits = Float.floatToIntBits(((io.stratum.compute.types.EnumLabel) value).sortOrder());
                putIntBe(dst, p, bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE);
                return 5;
            }
            case FLOAT4: {
                float f = (float) Values.floating(value);
                if (f == 0.0f) {
                    f = 0.0f;
                }
                int bits = Float.floatToIntBits(f);
                bits = bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE;
                putIntBe(dst, p, bits);
                return 5;
            }
            case FLOAT8: {
                double d = Values.floating(value);
                if (d == 0.0d) {
                    d = 0.0d;
                }
                long bits = Double.doubleToLongBits(d);
                bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
                putLongBe(dst, p, bits);
                return 9;
            }
            case BYTEA:
                return 1 + putEscapedBytes(dst, p, (byte[]) value);
            case BPCHAR:
                return 1 + putEscapedText(dst, p, Values.text(value), true);
            case TEXT: case VARCHAR: case NAME: case UNKNOWN:
                return 1 + putEscapedText(dst, p, Values.text(value), false);
            case NUMERIC:
                if (value instanceof io.stratum.compute.types.NumericSpecial s) {
                    return 1 + putNumericSpecial(dst, p, s);
                }
                return 1 + putNumeric(dst, p, value instanceof BigDecimal b ? b : new BigDecimal(value.toString()));
            case JSONB:
                return 1 + putJsonb(dst, p, (io.stratum.compute.json.Jsonb) value, true);
            default:
                throw new SqlException("42804", "data type " + type.typname() + " cannot be indexed");
        }
    }

    private static long clamp(final Object value, final long min, final long max) {
        final long v = Values.integer(value);
        return v < min ? min : Math.min(v, max);
    }

    private static int putEscapedBytes(final MutableDirectBuffer dst, final int offset, final byte[] bytes) {
        int p = offset;
        for (final byte b : bytes) {
            dst.putByte(p++, b);
            if (b == 0) {
                dst.putByte(p++, (byte) 0xFF);
            }
        }
        dst.putByte(p++, (byte) 0);
        dst.putByte(p++, (byte) 0);
        return p - offset;
    }

    private static int putEscapedText(final MutableDirectBuffer dst, final int offset, final String s,
                                      final boolean trimBlanks) {
        int n = s.length();
        if (trimBlanks) {
            while (n > 0 && s.charAt(n - 1) == ' ') {
                n--;
            }
        }
        int p = offset + Utf8.put(dst, offset, s, n, true);
        dst.putByte(p++, (byte) 0);
        dst.putByte(p++, (byte) 0);
        return p - offset;
    }

    /**
     * jsonb in its btree order (Jsonb.compareTo): a tag per kind in PostgreSQL's type order, containers with
     * their element count first; a top-level value is a pseudo array (count, then 0 for a scalar, 1 for an
     * array), so a top-level scalar sorts as a one-element array. Depth is bounded by Jsonb.MAX_DEPTH.
     */
    private static int putJsonb(final MutableDirectBuffer dst, final int offset, final io.stratum.compute.json.Jsonb v,
                                final boolean top) {
        int p = offset;
        final int kind = v.kind();
        if (top && kind != io.stratum.compute.json.Jsonb.OBJECT) {
            final boolean scalar = v.isScalar();
            dst.putByte(p++, (byte) 0x14);
            putIntBe(dst, p, scalar ? 1 : v.size());
            p += 4;
            dst.putByte(p++, (byte) (scalar ? 0 : 1));
            if (scalar) {
                return p - offset + putJsonb(dst, p, v, false);
            }
        } else {
            dst.putByte(p++, (byte) (0x10 + kind));
        }
        switch (kind) {
            case io.stratum.compute.json.Jsonb.NULL:
                return p - offset;
            case io.stratum.compute.json.Jsonb.STRING:
                return p - offset + putEscapedText(dst, p, v.stringValue(), false);
            case io.stratum.compute.json.Jsonb.NUMBER:
                return p - offset + putNumeric(dst, p, v.numberValue());
            case io.stratum.compute.json.Jsonb.BOOL:
                dst.putByte(p++, (byte) (v.boolValue() ? 1 : 0));
                return p - offset;
            default:
                break;
        }
        if (!top || kind == io.stratum.compute.json.Jsonb.OBJECT) {
            putIntBe(dst, p, v.size());
            p += 4;
        }
        for (int i = 0; i < v.size(); i++) {
            if (kind == io.stratum.compute.json.Jsonb.OBJECT) {
                p += putEscapedText(dst, p, v.key(i), false);
            }
            p += putJsonb(dst, p, v.get(i), false);
        }
        return p - offset;
    }

    /**
     * -Infinity: the negative sign byte and the exponent bytes of e = Integer.MAX_VALUE (all zero), which no finite
     * value reaches (numeric has at most 131072 digits before the point); Infinity and NaN: sign bytes above the
     * positive one.
     */
    private static int putNumericSpecial(final MutableDirectBuffer dst, final int offset,
                                         final io.stratum.compute.types.NumericSpecial value) {
        if (value == io.stratum.compute.types.NumericSpecial.NEGATIVE_INFINITY) {
            dst.putByte(offset, (byte) 0);
            putIntBe(dst, offset + 1, 0);
            return 5;
        }
        dst.putByte(offset, (byte) (value.isNaN() ? 4 : 3));
        return 1;
    }

    private static int putNumeric(final MutableDirectBuffer dst, final int offset, final BigDecimal value) {
        final int sign = value.signum();
        if (sign == 0) {
            dst.putByte(offset, (byte) 1);
            return 1;
        }
        final BigDecimal v = value.stripTrailingZeros();
        final BigInteger unscaled = v.unscaledValue().abs();
        final String digits = unscaled.toString();
        // value = 0.digits x 10^e, e = number of digits - scale
        final int e = digits.length() - v.scale();
        int p = offset;
        if (sign > 0) {
            dst.putByte(p++, (byte) 2);
            putIntBe(dst, p, e ^ Integer.MIN_VALUE);
            p += 4;
            for (int i = 0; i < digits.length(); i++) {
                dst.putByte(p++, (byte) (digits.charAt(i) - '0' + 1));
            }
            dst.putByte(p++, (byte) 0);
        } else {
            dst.putByte(p++, (byte) 0);
            putIntBe(dst, p, ~(e ^ Integer.MIN_VALUE));
            p += 4;
            for (int i = 0; i < digits.length(); i++) {
                dst.putByte(p++, (byte) (0x0A - (digits.charAt(i) - '0')));
            }
            dst.putByte(p++, (byte) 0xFF);
        }
        return p - offset;
    }

    static void putShortBe(final MutableDirectBuffer dst, final int p, final short v) {
        dst.putByte(p, (byte) (v >> 8));
        dst.putByte(p + 1, (byte) v);
    }

    static void putIntBe(final MutableDirectBuffer dst, final int p, final int v) {
        dst.putInt(p, v, java.nio.ByteOrder.BIG_ENDIAN);
    }

    static void putLongBe(final MutableDirectBuffer dst, final int p, final long v) {
        dst.putLong(p, v, java.nio.ByteOrder.BIG_ENDIAN);
    }
}
