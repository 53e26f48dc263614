package io.stratum.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input and limits: cancel, statement timeout, garbage on the port; other sessions are untouched. */
class LimitsTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Ten billion joined rows: minutes of work, never finished in a test. */
    private static final String LONG_QUERY = "select count(*) from generate_series(1, 100000) a, generate_series(1, 100000) b";

    @Test
    void aLongQueryIsCancelled() throws Exception {
        try (Connection c = cluster.connect("main"); Statement s = c.createStatement()) {
            // on a thread of its own: the common pool (one thread on 2 cores) may be busy with the cluster's
            // own async work, and a query that never starts cannot be cancelled
            final java.util.concurrent.ExecutorService own = java.util.concurrent.Executors.newSingleThreadExecutor();
            final java.util.concurrent.Future<SQLException> run = own.submit(() -> {
                try {
                    s.executeQuery(LONG_QUERY);
                    return null;
                } catch (final SQLException e) {
                    return e;
                }
            });
            own.shutdown();
            // cancel until the running query has seen it (a cancel that arrives before it starts is a no-op)
            SQLException e = null;
            for (int i = 0; i < 600 && e == null; i++) {
                s.cancel();
                try {
                    e = run.get(100, TimeUnit.MILLISECONDS);
                } catch (final java.util.concurrent.TimeoutException notYet) {
                    // still running
                }
            }
            assertTrue(e != null, "the query was cancelled");
            assertEquals("57014", e.getSQLState(), e.getMessage());
            try (ResultSet rs = s.executeQuery("select 1")) {
                assertTrue(rs.next(), "the session goes on after a cancel");
            }
        }
    }

    @Test
    void statementTimeout() throws Exception {
        try (Connection c = cluster.connect("main"); Statement s = c.createStatement()) {
            s.execute("set statement_timeout = 200");
            final SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(LONG_QUERY));
            assertEquals("57014", e.getSQLState(), e.getMessage());
        }
    }

    @Test
    void garbageGets08P01AndOthersAreUntouched() throws Exception {
        try (Connection good = cluster.connect("main"); Socket bad = new Socket(cluster.host(), cluster.port())) {
            bad.setSoTimeout(30_000);
            final OutputStream out = bad.getOutputStream();
            // a length of 8 and protocol 1234.9999: neither a startup, an SSL nor a cancel request
            out.write(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x27, 0x0f});
            out.flush();
            final DataInputStream in = new DataInputStream(bad.getInputStream());
            assertEquals('E', in.readByte(), "an ErrorResponse");
            final byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            final String fields = new String(body, StandardCharsets.UTF_8);
            assertTrue(fields.contains("C08P01") || fields.contains("C0A000"), fields);
            assertEquals(-1, in.read(), "then the server hangs up");
            try (Statement s = good.createStatement(); ResultSet rs = s.executeQuery("select 42")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
        }
    }
}
