package io.stratum.compute.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class RowCodecTest {
    private static final PgType[] TYPES = {PgType.BOOL, PgType.INT2, PgType.INT4, PgType.INT8, PgType.FLOAT4,
        PgType.FLOAT8, PgType.NUMERIC, PgType.TEXT, PgType.VARCHAR, PgType.BPCHAR, PgType.BYTEA, PgType.DATE,
        PgType.TIME, PgType.TIMESTAMP, PgType.TIMESTAMPTZ, PgType.OID, PgType.CHAR, PgType.INTERVAL,
        PgType.INT2VECTOR, PgType.TEXT_ARRAY, PgType.NAME};

    private static Object[] sample() {
        return new Object[] {true, (short) -7, 42, -1L << 40, 1.5f, -2.25e300, new BigDecimal("-12345.6700"),
            "h\u00e9llo \u4e2d\ud83d\ude00", "", "ab  ", new byte[] {0, 1, (byte) 0xFF}, LocalDate.of(1999, 12, 31),
            LocalTime.of(23, 59, 59, 999_999_000), LocalDateTime.of(2026, 12, 1, 9, 0, 0, 123_456_000),
            OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 1000, ZoneOffset.UTC), 4_000_000_000L, "r",
            io.stratum.compute.types.Interval.of(14, -3, -2_500_000L), new Object[] {(short) 1, (short) 3},
            new Object[] {"fillfactor=100", null, "x"}, "pg_class"};
    }

    private static void assertRowEquals(final Object[] expected, final Object[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] instanceof byte[] b) {
                assertArrayEquals(b, (byte[]) actual[i], "column " + i);
            } else if (expected[i] instanceof Object[] a) {
                assertArrayEquals(a, (Object[]) actual[i], "column " + i);
            } else if (expected[i] instanceof io.stratum.compute.types.Interval v) {
                // every field, not just the span interval equality compares
                assertEquals(true, v.sameFields((io.stratum.compute.types.Interval) actual[i]), "column " + i);
            } else {
                assertEquals(expected[i], actual[i], "column " + i);
            }
        }
    }

    @Test
    void roundTripsEveryTypeAndEachColumnAlone() {
        final RowCodec codec = new RowCodec(TYPES, null);
        final Object[] row = sample();
        final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(16);
        final int len = codec.encode(row, buf, 3);
        assertEquals(codec.encodedLength(row), len);
        assertRowEquals(row, codec.decode(buf, 3, len, new Object[TYPES.length]));
        for (int i = 0; i < TYPES.length; i++) {
            final Object v = codec.decodeColumn(buf, 3, len, i);
            assertRowEquals(new Object[] {row[i]}, new Object[] {v});
        }
    }

    @Property(tries = 150)
    void roundTripsWithRandomNulls(@ForAll("masks") final Integer mask) {
        final RowCodec codec = new RowCodec(TYPES, null);
        final Object[] row = sample();
        for (int i = 0; i < row.length; i++) {
            if ((mask & (1 << i)) != 0) {
                row[i] = null;
            }
        }
        final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(16);
        final int len = codec.encode(row, buf, 0);
        assertEquals(codec.encodedLength(row), len);
        assertRowEquals(row, codec.decode(buf, 0, len, new Object[TYPES.length]));
        for (int i = 0; i < TYPES.length; i++) {
            assertRowEquals(new Object[] {row[i]}, new Object[] {codec.decodeColumn(buf, 0, len, i)});
        }
    }

    @Test
    void olderTuplesReadAddedColumnsAsTheirMissingValue() {
        final RowCodec before = new RowCodec(new PgType[] {PgType.INT4, PgType.TEXT}, null);
        final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(16);
        final int len = before.encode(new Object[] {1, "a"}, buf, 0);
        final RowCodec after = new RowCodec(new PgType[] {PgType.INT4, PgType.TEXT, PgType.INT8, PgType.TEXT},
            new Object[] {null, null, 7L, null});
        assertRowEquals(new Object[] {1, "a", 7L, null}, after.decode(buf, 0, len, new Object[4]));
        assertEquals(7L, after.decodeColumn(buf, 0, len, 2));
        assertEquals("a", after.decodeColumn(buf, 0, len, 1));
    }

    @Test
    void truncatedTupleIsAnErrorNotAWrongValue() {
        final RowCodec codec = new RowCodec(new PgType[] {PgType.INT8, PgType.TEXT}, null);
        final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(16);
        final int len = codec.encode(new Object[] {1L, "abcdef"}, buf, 0);
        final UnsafeBuffer view = new UnsafeBuffer(Arrays.copyOf(buf.byteArray(), len));
        assertThrows(SqlException.class, () -> codec.decode(view, 0, len - 2, new Object[2]));
        assertThrows(SqlException.class, () -> codec.decode(view, 0, 1, new Object[2]));
    }

    @Provide
    Arbitrary<Integer> masks() {
        return Arbitraries.integers().between(0, (1 << TYPES.length) - 1);
    }
}
