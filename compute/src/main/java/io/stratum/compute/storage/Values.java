package io.stratum.compute.storage;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.Interval;
import io.stratum.compute.types.PgType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between the Java forms of values and PostgreSQL's integer forms; shared by both codecs. */
final class Values {
    /** 2000-01-01 as days since 1970-01-01. */
    static final long PG_EPOCH_DAYS = 10_957L;
    /** 2000-01-01T00:00Z as seconds since 1970. */
    static final long PG_EPOCH_SECONDS = PG_EPOCH_DAYS * 86_400L;

    private Values() {
    }

    static long integer(final Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw typeMismatch(v, "integer");
    }

    static double floating(final Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw typeMismatch(v, "float");
    }

    static int days(final Object v) {
        if (v instanceof LocalDate d) {
            // infinity and -infinity as PostgreSQL's DATEVAL_NOEND / DATEVAL_NOBEGIN
            return d.equals(LocalDate.MAX) ? Integer.MAX_VALUE : d.equals(LocalDate.MIN) ? Integer.MIN_VALUE
                : (int) (d.toEpochDay() - PG_EPOCH_DAYS);
        }
        throw typeMismatch(v, "date");
    }

    static LocalDate date(final int days) {
        return days == Integer.MAX_VALUE ? LocalDate.MAX : days == Integer.MIN_VALUE ? LocalDate.MIN
            : LocalDate.ofEpochDay(days + PG_EPOCH_DAYS);
    }

    static long timeMicros(final Object v) {
        if (v instanceof LocalTime t) {
            return t.toNanoOfDay() / 1000;
        }
        throw typeMismatch(v, "time");
    }

    static LocalTime time(final long micros) {
        return LocalTime.ofNanoOfDay(micros * 1000);
    }

    static long timestampMicros(final Object v) {
        if (v instanceof LocalDateTime t) {
            return micros(t.toEpochSecond(ZoneOffset.UTC), t.getNano());
        }
        if (v instanceof OffsetDateTime t) {
            return micros(t.toEpochSecond(), t.getNano());
        }
        if (v instanceof Instant t) {
            return micros(t.getEpochSecond(), t.getNano());
        }
        throw typeMismatch(v, "timestamp");
    }

    private static long micros(final long epochSecond, final int nano) {
        return (epochSecond - PG_EPOCH_SECONDS) * 1_000_000L + nano / 1000;
    }

    static LocalDateTime timestamp(final long micros) {
        final long s = Math.floorDiv(micros, 1_000_000L);
        final long us = Math.floorMod(micros, 1_000_000L);
        return LocalDateTime.ofEpochSecond(s + PG_EPOCH_SECONDS, (int) us * 1000, ZoneOffset.UTC);
    }

    static OffsetDateTime timestamptz(final long micros) {
        return timestamp(micros).atOffset(ZoneOffset.UTC);
    }

    static Interval interval(final Object v) {
        if (v instanceof Interval i) {
            return i;
        }
        throw typeMismatch(v, "interval");
    }

    static String text(final Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Character c) {
            return String.valueOf(c);
        }
        if (v instanceof io.stratum.compute.json.Jsonb j) {
            return j.toString();
        }
        throw typeMismatch(v, "text");
    }

    /** The element type of an array type, or null when {@code t} is not an array. */
    static PgType element(final PgType t) {
        switch (t) {
            case INT2VECTOR: return PgType.INT2;
            case OIDVECTOR: return PgType.OID;
            default: return t.elementType();
        }
    }

    static SqlException typeMismatch(final Object v, final String expected) {
        return new SqlException("XX000", "internal error: value of class "
            + (v == null ? "null" : v.getClass().getSimpleName()) + " where " + expected + " was expected");
    }
}
