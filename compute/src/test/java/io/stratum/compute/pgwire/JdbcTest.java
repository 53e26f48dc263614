package io.stratum.compute.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

/** pgJDBC 42.7 against the server with the fake SQL side. */
class JdbcTest {
    private static FakeSessionFactory fake;
    private static PgServer server;

    @BeforeAll
    static void start() {
        fake = new FakeSessionFactory();
        server = PgServer.start(PgServerConfig.builder().port(0).build(), fake);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Connection connect(final PgServer s, final Properties extra) throws SQLException {
        final Properties p = new Properties();
        p.setProperty("user", "stratum");
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "30");
        p.putAll(extra);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.port() + "/main", p);
    }

    private static Connection connect() throws SQLException {
        return connect(server, new Properties());
    }

    @Test
    void selectOneAndServerVersion() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertEquals("?column?", rs.getMetaData().getColumnLabel(1));
            assertFalse(rs.next());
            assertEquals(15, c.getMetaData().getDatabaseMajorVersion());
        }
    }

    @Test
    void tableLikeResultWithMetadata() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select * from items")) {
            final ResultSetMetaData md = rs.getMetaData();
            assertEquals(5, md.getColumnCount());
            // getColumnTypeName would ask pg_attribute about table 16384 (the catalog's job, not the fake's)
            assertEquals(java.sql.Types.INTEGER, md.getColumnType(1));
            assertEquals("created", md.getColumnLabel(4));
            assertEquals(java.sql.Types.NUMERIC, md.getColumnType(3));
            assertEquals(java.sql.Types.TIMESTAMP_WITH_TIMEZONE == md.getColumnType(4)
                    || java.sql.Types.TIMESTAMP == md.getColumnType(4), true);
            assertEquals(java.sql.Types.BINARY, md.getColumnType(5));
            assertTrue(rs.next());
            assertEquals(1, rs.getInt("id"));
            assertEquals("apple", rs.getString("name"));
            assertEquals(new BigDecimal("1.50"), rs.getBigDecimal("price"));
            assertEquals(OffsetDateTime.of(2026, 11, 24, 20, 0, 0, 123_456_000, ZoneOffset.UTC),
                    rs.getObject("created", OffsetDateTime.class));
            assertArrayEquals(new byte[] {0, 1, (byte) 255}, rs.getBytes("data"));
            assertTrue(rs.next());
            assertEquals("pear, \"green\"", rs.getString(2));
            assertEquals(new BigDecimal("-12345678901234567890.123"), rs.getBigDecimal(3));
            assertEquals(0, rs.getBytes(5).length);
            assertTrue(rs.next());
            assertNull(rs.getString(2));
            assertNull(rs.getObject(4));
            assertFalse(rs.next());
        }
    }

    @Test
    void errorCarriesSqlStateAndPosition() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            final PSQLException e = assertThrows(PSQLException.class, () -> st.executeQuery("select * from nope"));
            assertEquals("42P01", e.getSQLState());
            assertEquals(15, e.getServerErrorMessage().getPosition());
            assertEquals("relation \"nope\" does not exist", e.getServerErrorMessage().getMessage());
            try (ResultSet rs = st.executeQuery("select 1")) { // the connection is still usable
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void unexpectedEngineExceptionBecomesXx000() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            final PSQLException e = assertThrows(PSQLException.class, () -> st.executeQuery("select bad()"));
            assertEquals("XX000", e.getSQLState());
            assertTrue(e.getMessage().contains("boom in the engine"), e.getMessage());
            final PSQLException io = assertThrows(PSQLException.class, () -> st.executeQuery("select io_error()"));
            assertEquals("XX000", io.getSQLState());
            assertTrue(io.getMessage().contains("page server unreachable"), io.getMessage());
            try (ResultSet rs = st.executeQuery("select 1")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void preparedStatementCrossesThresholdToBinary() throws SQLException {
        final Properties p = new Properties();
        p.setProperty("prepareThreshold", "3");
        try (Connection c = connect(server, p);
             PreparedStatement ps = c.prepareStatement("select * from items where id = ?")) {
            final long before = server.binaryValuesSent();
            for (int i = 0; i < 8; i++) {
                ps.setInt(1, 1 + i % 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(1 + i % 2, rs.getInt(1));
                    if (i % 2 == 0) {
                        assertEquals(new BigDecimal("1.50"), rs.getBigDecimal(3));
                        assertEquals(OffsetDateTime.of(2026, 11, 24, 20, 0, 0, 123_456_000, ZoneOffset.UTC),
                                rs.getObject(4, OffsetDateTime.class));
                        assertArrayEquals(new byte[] {0, 1, (byte) 255}, rs.getBytes(5));
                    } else {
                        assertEquals("pear, \"green\"", rs.getString(2));
                    }
                    assertFalse(rs.next());
                }
            }
            assertTrue(server.binaryValuesSent() > before, "named statement with binary results after the threshold");
        }
    }

    @Test
    void batchPipelinesManyBindExecute() throws SQLException {
        fake.inserted.clear();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("insert into items values (?, ?)")) {
            final FakeSessionFactory.FakeSession session = fake.sessions.get(fake.sessions.size() - 1);
            final int syncsBefore = session.syncs.get();
            for (int i = 0; i < 200; i++) {
                ps.setInt(1, i);
                ps.setString(2, "row " + i);
                ps.addBatch();
            }
            final int[] counts = ps.executeBatch();
            assertEquals(200, counts.length);
            for (final int n : counts) {
                assertEquals(1, n);
            }
            assertEquals(1, session.syncs.get() - syncsBefore, "200 Bind/Execute pipelined before one Sync");
        }
        assertEquals(200, fake.inserted.size());
        assertEquals(199, fake.inserted.get(199)[0]);
        assertEquals("row 199", fake.inserted.get(199)[1]);
    }

    @Test
    void autoCommitOffSendsBeginAndCommit() throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into items values (?, ?)")) {
                ps.setInt(1, 42);
                ps.setString(2, "in a transaction");
                assertEquals(1, ps.executeUpdate());
            }
            c.commit();
            final int begin = fake.executed.lastIndexOf("BEGIN");
            assertTrue(begin >= 0, fake.executed.toString());
            assertEquals("COMMIT", fake.executed.get(fake.executed.size() - 1));
            // an error in the block: 25P02 until rollback
            try (Statement st = c.createStatement()) {
                assertThrows(SQLException.class, () -> st.executeQuery("select * from nope"));
                final SQLException aborted = assertThrows(SQLException.class, () -> st.executeQuery("select 1"));
                assertEquals("25P02", aborted.getSQLState());
                c.rollback();
                try (ResultSet rs = st.executeQuery("select 1")) {
                    assertTrue(rs.next());
                }
            }
        }
    }

    @Test
    void fetchSizeSuspendsAndResumesThePortal() throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setFetchSize(7);
                long sum = 0;
                int n = 0;
                try (ResultSet rs = st.executeQuery("select generate_series(1, 100)")) {
                    while (rs.next()) {
                        sum += rs.getInt(1);
                        n++;
                    }
                }
                assertEquals(100, n);
                assertEquals(5050, sum);
            }
            c.commit();
        }
    }

    @Test
    void cancelStopsALongStatement() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            final CompletableFuture<SQLException> failure = CompletableFuture.supplyAsync(() -> {
                try {
                    st.executeQuery("select pg_sleep(60)");
                    return null;
                } catch (final SQLException e) {
                    return e;
                }
            });
            assertTrue(Await.until(() -> fake.executed.contains("select pg_sleep(60)"), Duration.ofSeconds(20)));
            final long started = System.nanoTime();
            st.cancel();
            final SQLException e = failure.get(20, TimeUnit.SECONDS);
            assertTrue(e != null, "statement was cancelled");
            assertEquals("57014", e.getSQLState());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20));
            try (ResultSet rs = st.executeQuery("select 1")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void largeValuesBothWays() throws SQLException {
        final byte[] big = new byte[5 << 20];
        new java.util.Random(7).nextBytes(big);
        final String text = "x".repeat(3 << 20) + "é";
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("select ?::bytea, ?::text")) {
            ps.setBytes(1, big);
            ps.setString(2, text);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertArrayEquals(big, rs.getBytes(1));
                assertEquals(text, rs.getString(2));
            }
        }
    }

    @Test
    void noticeBecomesWarning() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("select notice()");
            final SQLWarning w = st.getWarnings();
            assertTrue(w != null && w.getMessage().contains("hello from the fake"));
        }
    }

    @Test
    void copyInAndOutThroughCopyManager() throws Exception {
        fake.copied.clear();
        try (Connection c = connect()) {
            final CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            final long n = copy.copyIn("copy items from stdin", new StringReader("7\tseven\n8\teight\n"));
            assertEquals(2, n);
            assertEquals(java.util.List.of("7\tseven", "8\teight"), fake.copied);
            final StringWriter out = new StringWriter();
            assertEquals(3, copy.copyOut("copy items to stdout", out));
            assertEquals("1\tapple\n2\tpear, \"green\"\n3\t\\N\n", out.toString());
        }
    }

    @Test
    void setApplicationNameIsReported() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("set application_name = 'reporter'");
            assertEquals("reporter", c.getClientInfo("ApplicationName"));
        }
    }

    @Test
    void unknownDatabaseIsFatal3D000() {
        final SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + server.port() + "/nosuchdb?user=stratum"));
        assertEquals("3D000", e.getSQLState());
    }

    @Test
    void errorWhileFormattingARowLeavesTheConnectionUsable() throws SQLException {
        // the failing row is dropped whole: the client gets its first row's data, then an ErrorResponse
        try (Connection c = connect(); Statement st = c.createStatement()) {
            final SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> {
                try (ResultSet rs = st.executeQuery("select half_row()")) {
                    while (rs.next()) {
                        rs.getString(2);
                    }
                }
            });
            assertTrue(e.getMessage() != null && !e.getMessage().contains("Unexpected packet type"), e.getMessage());
            for (int i = 0; i < 3; i++) {
                try (ResultSet rs = st.executeQuery("select 1")) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getInt(1));
                }
            }
        }
    }
}
