package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.Interval;
import io.stratum.compute.types.NumericSpecial;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Rows of executor values ({@code Object[]}) as the bytes a spilling sort or hash writes to its temporary file, and
 * back, exactly (a BigDecimal keeps its scale, an OffsetDateTime its offset, a double its bits). Layout of a row:
 * <pre>
 * +-------------+--------+---------------+--------+---------------+----
 * | n (u16, BE) | tag 1B | payload       | tag 1B | payload       | ...
 * +-------------+--------+---------------+--------+---------------+----
 * </pre>
 * Tags: 0 null, 1/2 false/true, 3 int2 (2B), 4 int4 (4B), 5 int8 (8B), 6 float4 bits (4B), 7 float8 bits (8B), 8
 * numeric (scale i32, n u32, unscaled two's-complement bytes), 9 text (n u32, UTF-8), 10 bytea (n u32, bytes), 11
 * date (epoch day i64), 12 time (nanos i64), 13 timestamp (epoch second i64, nano i32), 14 timestamptz (epoch second,
 * nano, offset seconds i32), 15 interval (micros i64, days i32, months i32), 16 uuid (2 x i64), 17 array/record (a nested
 * row), 18 / 19 / 20 numeric NaN / Infinity / -Infinity (no payload). A value of any other class (jsonb, for one)
 * is not {@link #encodable}: the caller keeps such rows in memory.
 * Lengths read back are checked against the record's bounds (XX001 on a torn or corrupt file). Not thread-safe
 * (reuses its output buffer). Threads: none.
 */
final class SpillCodec {
    /** Largest row record written or read back. */
    static final int MAX_RECORD = 256 << 20;

    private byte[] out = new byte[256];
    private int n;

    /** Whether every value of {@code row} (nested arrays too) has a tag. */
    static boolean encodable(final Object[] row) {
        for (final Object v : row) {
            if (!(v == null || v instanceof Boolean || v instanceof Short || v instanceof Integer || v instanceof Long
                || v instanceof Float || v instanceof Double || v instanceof BigDecimal || v instanceof String
                || v instanceof NumericSpecial
                || v instanceof byte[] || v instanceof LocalDate || v instanceof LocalTime || v instanceof LocalDateTime
                || v instanceof OffsetDateTime || v instanceof Interval || v instanceof UUID
                || v instanceof Object[] && encodable((Object[]) v))) {
                return false;
            }
        }
        return true;
    }

    /** Encodes {@code row} (which must be {@link #encodable}); the bytes are {@link #bytes()}[0, {@link #length()}). */
    void encode(final Object[] row) {
        n = 0;
        put(row);
        if (n > MAX_RECORD) {
            throw new SqlException("54000", "row of " + n + " bytes is too large for a temporary file (limit "
                + MAX_RECORD + ")");
        }
    }

    byte[] bytes() {
        return out;
    }

    int length() {
        return n;
    }

    private void put(final Object[] row) {
        if (row.length > 0xFFFF) {
            throw new SqlException("54000", "row of " + row.length + " values is too wide for a temporary file");
        }
        u16(row.length);
        for (final Object v : row) {
            value(v);
        }
    }

    private void value(final Object v) {
        if (v == null) {
            b(0);
        } else if (v instanceof Boolean) {
            b((Boolean) v ? 2 : 1);
        } else if (v instanceof Short) {
            b(3);
            u16((Short) v);
        } else if (v instanceof Integer) {
            b(4);
            i32((Integer) v);
        } else if (v instanceof Long) {
            b(5);
            i64((Long) v);
        } else if (v instanceof Float) {
            b(6);
            i32(Float.floatToRawIntBits((Float) v));
        } else if (v instanceof Double) {
            b(7);
            i64(Double.doubleToRawLongBits((Double) v));
        } else if (v instanceof BigDecimal) {
            final BigDecimal d = (BigDecimal) v;
            b(8);
            i32(d.scale());
            bytes(d.unscaledValue().toByteArray());
        } else if (v instanceof String) {
            b(9);
            bytes(((String) v).getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof byte[]) {
            b(10);
            bytes((byte[]) v);
        } else if (v instanceof LocalDate) {
            b(11);
            i64(((LocalDate) v).toEpochDay());
        } else if (v instanceof LocalTime) {
            b(12);
            i64(((LocalTime) v).toNanoOfDay());
        } else if (v instanceof LocalDateTime) {
            final LocalDateTime t = (LocalDateTime) v;
            b(13);
            i64(t.toEpochSecond(ZoneOffset.UTC));
            i32(t.getNano());
        } else if (v instanceof OffsetDateTime) {
            final OffsetDateTime t = (OffsetDateTime) v;
            b(14);
            i64(t.toEpochSecond());
            i32(t.getNano());
            i32(t.getOffset().getTotalSeconds());
        } else if (v instanceof Interval) {
            final Interval d = (Interval) v;
            b(15);
            i64(d.micros());
            i32(d.days());
            i32(d.months());
        } else if (v instanceof UUID) {
            b(16);
            i64(((UUID) v).getMostSignificantBits());
            i64(((UUID) v).getLeastSignificantBits());
        } else if (v instanceof Object[]) {
            b(17);
            put((Object[]) v);
        } else if (v instanceof NumericSpecial) {
            b(v == NumericSpecial.NAN ? 18 : v == NumericSpecial.POSITIVE_INFINITY ? 19 : 20);
        } else {
            throw new IllegalStateException("not encodable for a temporary file: " + v.getClass().getName());
        }
    }

    private void room(final int k) {
        if (n + k > out.length) {
            if ((long) n + k > MAX_RECORD + 16L) {
                throw new SqlException("54000", "row is too large for a temporary file (limit " + MAX_RECORD + " bytes)");
            }
            out = java.util.Arrays.copyOf(out, Math.max(n + k, Math.min(MAX_RECORD + 16, out.length * 2)));
        }
    }

    private void b(final int v) {
        room(1);
        out[n++] = (byte) v;
    }

    private void u16(final int v) {
        room(2);
        out[n++] = (byte) (v >>> 8);
        out[n++] = (byte) v;
    }

    private void i32(final int v) {
        room(4);
        for (int s = 24; s >= 0; s -= 8) {
            out[n++] = (byte) (v >>> s);
        }
    }

    private void i64(final long v) {
        room(8);
        for (int s = 56; s >= 0; s -= 8) {
            out[n++] = (byte) (v >>> s);
        }
    }

    private void bytes(final byte[] b) {
        i32(b.length);
        room(b.length);
        System.arraycopy(b, 0, out, n, b.length);
        n += b.length;
    }

    /** Decodes the row in {@code src[off, off + len)}; XX001 when the bytes do not form exactly one row. */
    static Object[] decode(final byte[] src, final int off, final int len, final String file) {
        final Reader r = new Reader(src, off, off + len, file);
        final Object[] row;
        try {
            row = r.row(0);
        } catch (final java.time.DateTimeException | ArithmeticException | NumberFormatException e) {
            throw r.corrupt();
        }
        if (r.p != r.end) {
            throw r.corrupt();
        }
        return row;
    }

    /** A bounds-checked walk over one record. */
    private static final class Reader {
        final byte[] s;
        int p;
        final int end;
        final String file;

        Reader(final byte[] s, final int p, final int end, final String file) {
            this.s = s;
            this.p = p;
            this.end = end;
            this.file = file;
        }

        SqlException corrupt() {
            return new SqlException("XX001", "could not read temporary file \"" + file + "\": corrupt row at byte " + p);
        }

        private void need(final long k) {
            if (k < 0 || p + k > end) {
                throw corrupt();
            }
        }

        int u8() {
            need(1);
            return s[p++] & 0xFF;
        }

        int u16() {
            need(2);
            final int v = (s[p] & 0xFF) << 8 | s[p + 1] & 0xFF;
            p += 2;
            return v;
        }

        int i32() {
            need(4);
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = v << 8 | s[p++] & 0xFF;
            }
            return v;
        }

        long i64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | s[p++] & 0xFF;
            }
            return v;
        }

        byte[] bytes() {
            final int k = i32();
            need(k);
            final byte[] b = java.util.Arrays.copyOfRange(s, p, p + k);
            p += k;
            return b;
        }

        Object[] row(final int depth) {
            if (depth > 64) {
                throw corrupt();
            }
            final Object[] row = new Object[u16()];
            for (int i = 0; i < row.length; i++) {
                row[i] = value(depth);
            }
            return row;
        }

        Object value(final int depth) {
            final int tag = u8();
            switch (tag) {
                case 0: return null;
                case 1: return Boolean.FALSE;
                case 2: return Boolean.TRUE;
                case 3: return (short) u16();
                case 4: return i32();
                case 5: return i64();
                case 6: return Float.intBitsToFloat(i32());
                case 7: return Double.longBitsToDouble(i64());
                case 8: {
                    final int scale = i32();
                    final byte[] b = bytes();
                    if (b.length == 0) {
                        throw corrupt();
                    }
                    return new BigDecimal(new BigInteger(b), scale);
                }
                case 9: {
                    final int k = i32();
                    need(k);
                    final String t = new String(s, p, k, StandardCharsets.UTF_8);
                    p += k;
                    return t;
                }
                case 10: return bytes();
                case 11: return LocalDate.ofEpochDay(i64());
                case 12: return LocalTime.ofNanoOfDay(i64());
                case 13: {
                    final long sec = i64();
                    return LocalDateTime.ofEpochSecond(sec, i32(), ZoneOffset.UTC);
                }
                case 14: {
                    final long sec = i64();
                    final int nano = i32();
                    final ZoneOffset off = ZoneOffset.ofTotalSeconds(i32());
                    return OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(sec, nano), off);
                }
                case 15: {
                    final long micros = i64();
                    final int days = i32();
                    return Interval.of(i32(), days, micros);
                }
                case 16: {
                    final long hi = i64();
                    return new UUID(hi, i64());
                }
                case 17: return row(depth + 1);
                case 18: return NumericSpecial.NAN;
                case 19: return NumericSpecial.POSITIVE_INFINITY;
                case 20: return NumericSpecial.NEGATIVE_INFINITY;
                default: throw corrupt();
            }
        }
    }
}
