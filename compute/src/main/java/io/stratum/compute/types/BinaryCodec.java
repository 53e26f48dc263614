package io.stratum.compute.types;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Binary wire forms of the scalar types (typsend/typreceive), big-endian. Dates are days and timestamps
 * microseconds since 2000-01-01 (timestamptz in UTC); time is microseconds of the day; interval is
 * {@code int64 micros | int32 days | int32 months}; infinity is the int's maximum (minimum).
 */
final class BinaryCodec {
    static final LocalDate PG_EPOCH_DATE = LocalDate.of(2000, 1, 1);
    static final LocalDateTime PG_EPOCH = PG_EPOCH_DATE.atStartOfDay();
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private BinaryCodec() {
    }

    static byte[] int16(final int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    static byte[] int32(final int v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    static byte[] int64(final long v) {
        final byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >> (56 - 8 * i));
        }
        return b;
    }

    static int get32(final byte[] b, final int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    static long get64(final byte[] b, final int off) {
        return (long) get32(b, off) << 32 | (get32(b, off + 4) & 0xFFFFFFFFL);
    }

    static void expect(final String typeName, final int length, final int expected) {
        if (length != expected) {
            throw CodecErrors.binaryLength(typeName, length);
        }
    }

    static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(final byte[] b, final int off, final int len) {
        Utf8.validate(b, off, len);
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    static byte[] date(final LocalDate d) {
        if (d.equals(LocalDate.MAX)) {
            return int32(Integer.MAX_VALUE);
        }
        if (d.equals(LocalDate.MIN)) {
            return int32(Integer.MIN_VALUE);
        }
        final long days = d.toEpochDay() - PG_EPOCH_DATE.toEpochDay();
        if (days <= Integer.MIN_VALUE || days >= Integer.MAX_VALUE) {
            throw new io.stratum.compute.session.SqlException("22008", "date out of range");
        }
        return int32((int) days);
    }

    static LocalDate date(final byte[] b, final int off) {
        final int days = get32(b, off);
        if (days == Integer.MAX_VALUE) {
            return LocalDate.MAX;
        }
        if (days == Integer.MIN_VALUE) {
            return LocalDate.MIN;
        }
        return LocalDate.ofEpochDay(PG_EPOCH_DATE.toEpochDay() + days);
    }

    static byte[] time(final LocalTime t) {
        return int64(t.equals(LocalTime.MAX) ? 86_400_000_000L : t.toNanoOfDay() / 1000);
    }

    static LocalTime time(final byte[] b, final int off) {
        final long micros = get64(b, off);
        if (micros < 0 || micros > 86_400_000_000L) {
            throw new io.stratum.compute.session.SqlException("22008", "time out of range");
        }
        return micros == 86_400_000_000L ? LocalTime.MAX : LocalTime.ofNanoOfDay(micros * 1000);
    }

    static byte[] timestamp(final LocalDateTime ts) {
        if (ts.equals(LocalDateTime.MAX)) {
            return int64(Long.MAX_VALUE);
        }
        if (ts.equals(LocalDateTime.MIN)) {
            return int64(Long.MIN_VALUE);
        }
        return int64(micros(ts.toEpochSecond(ZoneOffset.UTC), ts.getNano()));
    }

    static LocalDateTime timestamp(final byte[] b, final int off) {
        final long micros = get64(b, off);
        if (micros == Long.MAX_VALUE) {
            return LocalDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return LocalDateTime.MIN;
        }
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L) + PG_EPOCH_SECONDS,
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    static byte[] timestamptz(final OffsetDateTime ts) {
        if (ts.equals(OffsetDateTime.MAX)) {
            return int64(Long.MAX_VALUE);
        }
        if (ts.equals(OffsetDateTime.MIN)) {
            return int64(Long.MIN_VALUE);
        }
        final Instant i = ts.toInstant();
        return int64(micros(i.getEpochSecond(), i.getNano()));
    }

    static OffsetDateTime timestamptz(final byte[] b, final int off) {
        final long micros = get64(b, off);
        if (micros == Long.MAX_VALUE) {
            return OffsetDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return OffsetDateTime.MIN;
        }
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L) + PG_EPOCH_SECONDS,
                Math.floorMod(micros, 1_000_000L) * 1000).atOffset(ZoneOffset.UTC);
    }

    private static long micros(final long epochSecond, final int nano) {
        try {
            return Math.addExact(Math.multiplyExact(epochSecond - PG_EPOCH_SECONDS, 1_000_000L), nano / 1000);
        } catch (final ArithmeticException e) {
            throw new io.stratum.compute.session.SqlException("22008", "timestamp out of range");
        }
    }

    /** interval_send: the time part (int64 micros), then days (int32), then months (int32). */
    static byte[] interval(final Interval v) {
        final byte[] out = new byte[16];
        System.arraycopy(int64(v.micros()), 0, out, 0, 8);
        System.arraycopy(int32(v.days()), 0, out, 8, 4);
        System.arraycopy(int32(v.months()), 0, out, 12, 4);
        return out;
    }

    static Interval interval(final byte[] b, final int off) {
        return Interval.of((int) get32(b, off + 12), (int) get32(b, off + 8), get64(b, off));
    }

    /** Truncates to microseconds, as a value stored by PostgreSQL would be. */
    static LocalDateTime truncate(final LocalDateTime ts) {
        return ts.truncatedTo(ChronoUnit.MICROS);
    }
}
