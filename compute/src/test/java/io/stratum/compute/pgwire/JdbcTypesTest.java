package io.stratum.compute.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PGInterval;

/**
 * Every supported type through pgJDBC, bound as a parameter and read back, with text results
 * (prepareThreshold=0: unnamed statements) and binary results (prepareThreshold=-1: named from the
 * first execution, binary where pgJDBC can receive it).
 */
class JdbcTypesTest {
    private static PgServer server;

    @BeforeAll
    static void start() {
        server = PgServer.start(PgServerConfig.builder().port(0).build(), new FakeSessionFactory());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private interface Check {
        void accept(ResultSet rs) throws SQLException;
    }

    private interface Bind {
        void accept(PreparedStatement ps) throws SQLException;
    }

    private static void roundTrip(final Connection c, final String type, final Bind bind, final Check check)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select ?::" + type)) {
            for (int i = 0; i < 3; i++) {
                bind.accept(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), type);
                    check.accept(rs);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1"})
    void everyTypeRoundTrips(final String prepareThreshold) throws SQLException {
        final Properties p = new Properties();
        p.setProperty("prepareThreshold", prepareThreshold);
        final long binaryBefore = server.binaryValuesSent();
        try (Connection c = JdbcTest.connect(server, p)) {
            roundTrip(c, "int2", ps -> ps.setShort(1, (short) -32768), rs -> assertEquals(-32768, rs.getShort(1)));
            roundTrip(c, "int4", ps -> ps.setInt(1, Integer.MIN_VALUE),
                    rs -> assertEquals(Integer.MIN_VALUE, rs.getInt(1)));
            roundTrip(c, "int8", ps -> ps.setLong(1, Long.MAX_VALUE), rs -> assertEquals(Long.MAX_VALUE, rs.getLong(1)));
            roundTrip(c, "float4", ps -> ps.setFloat(1, 1.1f), rs -> assertEquals(1.1f, rs.getFloat(1)));
            roundTrip(c, "float8", ps -> ps.setDouble(1, Math.PI), rs -> assertEquals(Math.PI, rs.getDouble(1)));
            roundTrip(c, "float8", ps -> ps.setDouble(1, Double.NEGATIVE_INFINITY),
                    rs -> assertEquals(Double.NEGATIVE_INFINITY, rs.getDouble(1)));
            roundTrip(c, "float8", ps -> ps.setDouble(1, 1e-310), rs -> assertEquals(1e-310, rs.getDouble(1)));
            final BigDecimal n = new BigDecimal("-1234567890.0987654321");
            roundTrip(c, "numeric", ps -> ps.setBigDecimal(1, n), rs -> assertEquals(n, rs.getBigDecimal(1)));
            roundTrip(c, "numeric", ps -> ps.setBigDecimal(1, new BigDecimal("0.00")),
                    rs -> assertEquals(new BigDecimal("0.00"), rs.getBigDecimal(1)));
            // numeric NaN and infinities (parameters of type 0 take the cast's type): text 'NaN' / 'Infinity', binary
            // sign words 0xC000 / 0xD000 / 0xF000
            roundTrip(c, "numeric", ps -> ps.setObject(1, "nan", java.sql.Types.OTHER), rs -> {
                assertEquals("NaN", rs.getString(1));
                assertEquals(Double.NaN, rs.getDouble(1));
            });
            roundTrip(c, "numeric", ps -> ps.setObject(1, "inf", java.sql.Types.OTHER),
                    rs -> assertEquals(Double.POSITIVE_INFINITY, rs.getDouble(1)));
            roundTrip(c, "numeric", ps -> ps.setObject(1, "-Infinity", java.sql.Types.OTHER),
                    rs -> assertEquals(Double.NEGATIVE_INFINITY, rs.getDouble(1)));
            roundTrip(c, "bool", ps -> ps.setBoolean(1, true), rs -> assertEquals(true, rs.getBoolean(1)));
            final String s = "héllo \"w\" {x}, \\ 😀";
            roundTrip(c, "text", ps -> ps.setString(1, s), rs -> assertEquals(s, rs.getString(1)));
            roundTrip(c, "varchar", ps -> ps.setString(1, s), rs -> assertEquals(s, rs.getString(1)));
            final byte[] bytes = {0, 1, 2, -1, '\\', 'x'};
            roundTrip(c, "bytea", ps -> ps.setBytes(1, bytes), rs -> assertArrayEquals(bytes, rs.getBytes(1)));
            final LocalDate d = LocalDate.of(1999, 12, 31);
            roundTrip(c, "date", ps -> ps.setObject(1, d), rs -> assertEquals(d, rs.getObject(1, LocalDate.class)));
            final LocalTime t = LocalTime.of(13, 45, 10, 123_456_000);
            roundTrip(c, "time", ps -> ps.setObject(1, t), rs -> assertEquals(t, rs.getObject(1, LocalTime.class)));
            final LocalDateTime ts = LocalDateTime.of(2026, 11, 24, 20, 0, 0, 5000);
            roundTrip(c, "timestamp", ps -> ps.setObject(1, ts),
                    rs -> assertEquals(ts, rs.getObject(1, LocalDateTime.class)));
            final OffsetDateTime tz = OffsetDateTime.of(2026, 11, 24, 20, 0, 0, 999_999_000, ZoneOffset.ofHoursMinutes(5, 30));
            roundTrip(c, "timestamptz", ps -> ps.setObject(1, tz),
                    rs -> assertEquals(tz.toInstant(), rs.getObject(1, OffsetDateTime.class).toInstant()));
            // Types.OTHER binds with type OID 0: the statement's inferred type (interval) decodes it
            roundTrip(c, "interval", ps -> ps.setObject(1, "1 day 02:03:04.5", java.sql.Types.OTHER),
                    rs -> assertEquals(new PGInterval("1 day 02:03:04.5"), new PGInterval(rs.getString(1))));
            // months and days stay fields of their own (a year is 12 months, not 365.25 days)
            final PGInterval months = new PGInterval(1, 2, -3, 4, 5, 6.5);
            roundTrip(c, "interval", ps -> ps.setObject(1, months.getValue(), java.sql.Types.OTHER), rs -> {
                assertEquals("1 year 2 mons -3 days +04:05:06.5", rs.getString(1));
                assertEquals(months, new PGInterval(rs.getString(1)));
            });
            roundTrip(c, "int4[]", ps -> ps.setArray(1, c.createArrayOf("int4", new Object[] {1, null, 3})),
                    rs -> assertArrayEquals(new Integer[] {1, null, 3}, (Object[]) rs.getArray(1).getArray()));
            roundTrip(c, "text[]", ps -> ps.setArray(1, c.createArrayOf("text", new Object[] {"a", "b c", null, ""})),
                    rs -> assertArrayEquals(new String[] {"a", "b c", null, ""}, (Object[]) rs.getArray(1).getArray()));
            roundTrip(c, "float8[]", ps -> ps.setArray(1, c.createArrayOf("float8", new Object[] {0.1, -2.5})),
                    rs -> assertArrayEquals(new Double[] {0.1, -2.5}, (Object[]) rs.getArray(1).getArray()));
        }
        if (prepareThreshold.equals("-1")) {
            assertTrue(server.binaryValuesSent() > binaryBefore, "binary results were used");
        }
    }
}
