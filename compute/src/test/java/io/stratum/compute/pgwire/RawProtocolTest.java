package io.stratum.compute.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hand-made protocol traffic: garbage, oversized messages, limits, timeouts and extended-protocol corners. */
class RawProtocolTest {
    private FakeSessionFactory fake;
    private PgServer server;

    @BeforeEach
    void start() {
        fake = new FakeSessionFactory();
        server = PgServer.start(PgServerConfig.builder().port(0).maxConnections(3).maxMessageSize(1 << 20)
                .startupTimeout(Duration.ofMillis(500)).idleInTransactionTimeout(Duration.ofMillis(300)).build(), fake);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawClient client() throws IOException {
        return RawClient.started(server.port(), new ArrayList<>());
    }

    private void assertOtherConnectionsWork() throws SQLException {
        try (Connection c = JdbcTest.connect(server, new Properties()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1")) {
            assertTrue(rs.next());
        }
    }

    @Test
    void startupSendsAllParameterStatusesKeyDataAndIdle() throws IOException {
        final List<RawClient.Msg> msgs = new ArrayList<>();
        try (RawClient c = RawClient.started(server.port(), msgs)) {
            assertEquals('R', msgs.get(0).type());
            final Set<String> names = new HashSet<>();
            for (final RawClient.Msg m : msgs) {
                if (m.type() == 'S') {
                    names.add(m.text().substring(0, m.text().indexOf('\0')));
                }
            }
            assertEquals(Set.of("application_name", "client_encoding", "DateStyle", "default_transaction_read_only",
                    "in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser", "server_encoding",
                    "server_version", "session_authorization", "standard_conforming_strings", "TimeZone"), names);
            assertEquals("KZ", RawClient.types(msgs.subList(msgs.size() - 2, msgs.size())));
            assertEquals('I', (char) msgs.get(msgs.size() - 1).body()[0]);
        }
    }

    @Test
    void garbageMessageTypeIsFatalAndOthersAreUntouched() throws Exception {
        try (RawClient other = client(); RawClient bad = client()) {
            bad.send('z', "garbage");
            final RawClient.Msg e = bad.read();
            assertEquals('E', e.type());
            assertEquals("FATAL", e.fields().get('S'));
            assertEquals("08P01", e.fields().get('C'));
            assertTrue(bad.closedByServer());
            other.send('Q', "select 1");
            assertEquals("TDCZ", RawClient.types(other.readUntil('Z')));
            assertOtherConnectionsWork();
        }
    }

    @Test
    void oversizedLengthIsRefusedBeforeAllocating() throws Exception {
        try (RawClient c = client()) {
            c.rawBytes(new byte[] {'Q', 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0});
            final RawClient.Msg e = c.read();
            assertEquals("08P01", e.fields().get('C'));
            assertTrue(e.fields().get('M').contains("exceeds the limit"), e.fields().toString());
            assertTrue(c.closedByServer());
        }
        try (RawClient c = client()) {
            c.rawBytes(new byte[] {'Q', 0, 0, 0, 2});
            assertEquals("08P01", c.read().fields().get('C'));
            assertTrue(c.closedByServer());
        }
        assertOtherConnectionsWork();
    }

    @Test
    void garbageInsteadOfStartupIsRefused() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.rawBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            final RawClient.Msg e = c.read();
            assertEquals("08P01", e.fields().get('C'));
            assertEquals("invalid length of startup packet", e.fields().get('M'));
            assertTrue(c.closedByServer());
        }
        try (RawClient c = new RawClient(server.port())) {
            c.startup(2 << 16, Map.of("user", "old"));
            final RawClient.Msg e = c.read();
            assertEquals("0A000", e.fields().get('C'));
            assertEquals("unsupported frontend protocol 2.0: server supports 3.0 to 3.0", e.fields().get('M'));
        }
        assertOtherConnectionsWork();
    }

    @Test
    void tooManyConnections() throws Exception {
        try (RawClient a = client(); RawClient b = client(); RawClient c = client()) {
            final SQLException e = assertThrows(SQLException.class, () -> JdbcTest.connect(server, new Properties()));
            assertEquals("53300", e.getSQLState());
            assertTrue(e.getMessage().contains("sorry, too many clients already"), e.getMessage());
            a.send('X');
            assertTrue(a.closedByServer());
        }
        Await.until(() -> server.sessionCount() == 0, Duration.ofSeconds(10));
        assertEquals(0, server.sessionCount());
        assertOtherConnectionsWork();
    }

    @Test
    void silentClientIsDroppedAfterTheStartupTimeout() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            final long t0 = System.nanoTime();
            assertTrue(c.closedByServer());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
        }
    }

    @Test
    void idleInTransactionTimeoutIsFatal25P03() throws Exception {
        try (RawClient c = client()) {
            c.send('Q', "begin");
            final List<RawClient.Msg> msgs = c.readUntil('Z');
            assertEquals('T', (char) msgs.get(msgs.size() - 1).body()[0]);
            final RawClient.Msg e = c.read(); // arrives by itself once the timeout passes
            assertEquals("FATAL", e.fields().get('S'));
            assertEquals("25P03", e.fields().get('C'));
            assertTrue(c.closedByServer());
        }
        Await.until(() -> fake.sessions.get(0).isClosed(), Duration.ofSeconds(10));
        assertTrue(fake.sessions.get(0).isClosed(), "session closed (transaction rolled back)");
    }

    @Test
    void emptyQueryAndSeveralStatements() throws Exception {
        try (RawClient c = client()) {
            c.send('Q', "");
            assertEquals("IZ", RawClient.types(c.readUntil('Z')));
            c.send('Q', "select 1; select * from nope; select 1");
            final List<RawClient.Msg> msgs = c.readUntil('Z');
            assertEquals("TDCEZ", RawClient.types(msgs));
            assertEquals("15", msgs.get(3).fields().get('P'));
        }
    }

    @Test
    void errorSkipsToSyncAndPipelineContinues() throws Exception {
        try (RawClient c = client()) {
            c.send('P', "", "select * from nope", (short) 0);
            c.send('B', "", "", (short) 0, (short) 0, (short) 0);
            c.send('E', "", 0);
            c.send('S');
            c.send('P', "s1", "select $1::int8, $2::text", (short) 2, 0, 0);
            c.send('D', 'S', "s1");
            c.send('B', "p1", "s1", (short) 1, (short) 1, (short) 2, 8, new byte[] {0, 0, 0, 0, 0, 0, 0, 42}, 2,
                    "hi".getBytes(StandardCharsets.UTF_8), (short) 0);
            c.send('E', "p1", 0);
            c.send('C', 'S', "s1");
            c.send('S');
            final List<RawClient.Msg> first = c.readUntil('Z');
            assertEquals("EZ", RawClient.types(first));
            final List<RawClient.Msg> second = c.readUntil('Z');
            assertEquals("1tT2DC3Z", RawClient.types(second));
            final byte[] pd = second.get(1).body();
            assertEquals(2, pd[1]);
            assertEquals(20, pd[5]); // int8 inferred from the cast
            assertEquals(25, pd[9]); // text
            final String row = second.get(4).text();
            assertTrue(row.contains("42") && row.contains("hi"), row);
            assertEquals("SELECT 1\0", second.get(5).text());
        }
    }

    @Test
    void rowLimitSuspendsThePortal() throws Exception {
        try (RawClient c = client()) {
            c.send('P', "", "select generate_series(1, 10)", (short) 0);
            c.send('B', "", "", (short) 0, (short) 0, (short) 1, (short) 1);
            c.send('D', 'P', "");
            c.send('E', "", 4);
            c.send('E', "", 4);
            c.send('E', "", 4);
            c.send('S');
            final List<RawClient.Msg> msgs = c.readUntil('Z');
            assertEquals("12TDDDDsDDDDsDDCZ", RawClient.types(msgs));
            final byte[] rd = msgs.get(2).body();
            assertEquals(1, rd[rd.length - 1]); // binary format in RowDescription
            final byte[] lastRow = msgs.get(msgs.size() - 3).body();
            assertEquals(10, lastRow[lastRow.length - 1]); // int4 10 in binary
        }
    }

    @Test
    void bindErrorsAreReportedAndTheConnectionSurvives() throws Exception {
        try (RawClient c = client()) {
            c.send('P', "s", "select $1::int4", (short) 0);
            c.send('B', "", "s", (short) 0, (short) 1, 1, "x".getBytes(StandardCharsets.UTF_8), (short) 0);
            c.send('E', "", 0);
            c.send('S');
            final List<RawClient.Msg> msgs = c.readUntil('Z');
            assertEquals("1EZ", RawClient.types(msgs));
            assertEquals("invalid input syntax for type integer: \"x\"", msgs.get(1).fields().get('M'));
            assertEquals("22P02", msgs.get(1).fields().get('C'));
            c.send('B', "", "s", (short) 0, (short) 0, (short) 0);
            c.send('S');
            final List<RawClient.Msg> again = c.readUntil('Z');
            assertEquals("EZ", RawClient.types(again));
            assertEquals("08P01", again.get(0).fields().get('C'));
            c.send('P', "s", "select 1", (short) 0);
            c.send('S');
            final List<RawClient.Msg> dup = c.readUntil('Z');
            assertEquals("42P05", dup.get(0).fields().get('C'));
        }
    }

    @Test
    void invalidUtf8IsAnErrorNotADisconnect() throws Exception {
        try (RawClient c = client()) {
            c.send('Q', new byte[] {'s', 'e', 'l', (byte) 0xC3, '(', 0});
            final List<RawClient.Msg> msgs = c.readUntil('Z');
            assertEquals("EZ", RawClient.types(msgs));
            assertEquals("22021", msgs.get(0).fields().get('C'));
            c.send('P', "", "select $1::text", (short) 0);
            c.send('B', "", "", (short) 0, (short) 1, 2, new byte[] {(byte) 0xFF, 'x'}, (short) 0);
            c.send('S');
            final List<RawClient.Msg> bind = c.readUntil('Z');
            assertEquals("1EZ", RawClient.types(bind));
            assertEquals("22021", bind.get(1).fields().get('C'));
        }
    }

    @Test
    void copyFailAbortsTheCopyWith57014() throws Exception {
        try (RawClient c = client()) {
            c.send('Q', "copy items from stdin");
            assertEquals('G', c.read().type());
            c.send('d', "1\tone\n".getBytes(StandardCharsets.UTF_8));
            c.send('f', "client gave up");
            final List<RawClient.Msg> msgs = c.readUntil('Z');
            assertEquals("EZ", RawClient.types(msgs));
            assertEquals("57014", msgs.get(0).fields().get('C'));
            assertEquals("COPY from stdin failed: client gave up", msgs.get(0).fields().get('M'));
            assertTrue(fake.copied.isEmpty());
            c.send('d', "late data".getBytes(StandardCharsets.UTF_8)); // dropped, as PostgreSQL drops it
            c.send('Q', "select 1");
            assertEquals("TDCZ", RawClient.types(c.readUntil('Z')));
        }
    }

    @Test
    void closeStopsEveryThread() throws Exception {
        try (RawClient a = client(); RawClient b = new RawClient(server.port())) {
            a.send('Q', "begin");
            a.readUntil('Z');
            server.close();
            assertTrue(a.closedByServer());
            assertTrue(b.closedByServer());
        }
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            assertTrue(!t.getName().startsWith("stratum-pg-") || !t.isAlive(), t.getName() + " still alive");
        }
        assertTrue(fake.sessions.get(0).isClosed());
    }

    @Test
    void fatalErrorFromTheSessionEndsTheConnection() throws Exception {
        try (RawClient c = client()) {
            c.send('Q', "select fatal()");
            final RawClient.Msg e = c.read();
            assertEquals("FATAL", e.fields().get('S'));
            assertEquals("57P01", e.fields().get('C'));
            assertTrue(c.closedByServer());
        }
        assertTrue(Await.until(() -> fake.sessions.get(0).isClosed(), Duration.ofSeconds(10)));
    }

    @Test
    void terminateClosesTheSession() throws Exception {
        try (RawClient c = client()) {
            c.send('X');
            assertTrue(c.closedByServer());
        }
        Await.until(() -> fake.sessions.get(0).isClosed(), Duration.ofSeconds(10));
        assertTrue(fake.sessions.get(0).isClosed());
    }
}
