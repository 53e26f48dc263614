package io.stratum.compute.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.StratumException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password authentication (cleartext, MD5, SCRAM-SHA-256) and TLS with pgJDBC; config validation. */
class AuthTest {
    private static final Map<String, String> USERS = Map.of("alice", "s3cret-Pässword", "bob", "hunter2");

    private static PgServer start(final PgServerConfig.AuthMethod method) {
        return PgServer.start(PgServerConfig.builder().port(0).auth(method).users(USERS).build(),
                new FakeSessionFactory());
    }

    private static Connection connect(final PgServer s, final String user, final String password,
                                      final Properties extra) throws SQLException {
        final Properties p = new Properties();
        p.setProperty("password", password);
        p.putAll(extra);
        p.setProperty("user", user);
        return JdbcTest.connect(s, p);
    }

    private static void assertLoginWorksAndWrongPasswordFails(final PgServerConfig.AuthMethod method)
            throws SQLException {
        try (PgServer s = start(method)) {
            for (final Map.Entry<String, String> u : USERS.entrySet()) {
                try (Connection c = connect(s, u.getKey(), u.getValue(), new Properties());
                     Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
                    assertTrue(rs.next());
                }
            }
            final SQLException wrong = assertThrows(SQLException.class,
                    () -> connect(s, "alice", "hunter2", new Properties()));
            assertEquals("28P01", wrong.getSQLState());
            assertTrue(wrong.getMessage().contains("password authentication failed for user \"alice\""),
                    wrong.getMessage());
            final SQLException unknown = assertThrows(SQLException.class,
                    () -> connect(s, "mallory", "x", new Properties()));
            assertEquals("28P01", unknown.getSQLState());
            assertEquals(0, s.sessionCount(), "failed logins hold no session slot");
        }
    }

    @Test
    void scramSha256() throws SQLException {
        assertLoginWorksAndWrongPasswordFails(PgServerConfig.AuthMethod.SCRAM_SHA_256);
    }

    @Test
    void md5() throws SQLException {
        assertLoginWorksAndWrongPasswordFails(PgServerConfig.AuthMethod.MD5);
    }

    @Test
    void cleartext() throws SQLException {
        assertLoginWorksAndWrongPasswordFails(PgServerConfig.AuthMethod.PASSWORD);
    }

    @Test
    void tlsWhenConfigured(@TempDir final Path dir) throws Exception {
        final Path[] pem = TestCerts.selfSigned(dir);
        try (PgServer s = PgServer.start(PgServerConfig.builder().port(0).tls(pem[0], pem[1])
                .auth(PgServerConfig.AuthMethod.SCRAM_SHA_256).users(USERS).build(), new FakeSessionFactory())) {
            final Properties p = new Properties();
            p.setProperty("sslmode", "require");
            p.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
            try (Connection c = connect(s, "bob", "hunter2", p); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select * from items")) {
                assertTrue(rs.next());
                assertEquals("apple", rs.getString(2));
            }
        }
    }

    @Test
    void withoutTlsSslRequestIsRefusedAndRequireFails() throws SQLException {
        try (PgServer s = start(PgServerConfig.AuthMethod.MD5)) {
            final Properties p = new Properties();
            p.setProperty("sslmode", "require");
            final SQLException e = assertThrows(SQLException.class, () -> connect(s, "bob", "hunter2", p));
            assertTrue(e.getMessage().contains("SSL"), e.getMessage());
            p.setProperty("sslmode", "prefer");
            try (Connection c = connect(s, "bob", "hunter2", p)) {
                assertTrue(c.isValid(5));
            }
        }
    }

    @Test
    void nonLoopbackRequiresScram() {
        final StratumException e = assertThrows(StratumException.class,
                () -> PgServerConfig.builder().host("0.0.0.0").build());
        assertTrue(e.getMessage().contains("SCRAM"), e.getMessage());
        assertThrows(StratumException.class, () -> PgServerConfig.builder().host("0.0.0.0")
                .auth(PgServerConfig.AuthMethod.MD5).users(USERS).build());
        PgServerConfig.builder().host("0.0.0.0").auth(PgServerConfig.AuthMethod.SCRAM_SHA_256).users(USERS).build();
        assertThrows(StratumException.class, () -> PgServerConfig.builder()
                .auth(PgServerConfig.AuthMethod.SCRAM_SHA_256).build());
        assertThrows(StratumException.class, () -> PgServerConfig.builder().maxConnections(0).build());
    }
}
