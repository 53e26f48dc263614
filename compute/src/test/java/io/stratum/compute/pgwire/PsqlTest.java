package io.stratum.compute.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real psql 15 client against the server with the fake SQL side. */
class PsqlTest {
    private static final Path PSQL = Path.of("/usr/bin/psql");
    private static FakeSessionFactory fake;
    private static PgServer server;

    record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.isExecutable(PSQL), "psql 15 not installed");
        fake = new FakeSessionFactory();
        server = PgServer.start(PgServerConfig.builder().port(0).auth(PgServerConfig.AuthMethod.SCRAM_SHA_256)
                .users(Map.of("stratum", "pw")).build(), fake);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Result psql(final PgServer s, final String password, final Map<String, String> env, final String stdin,
                       final String... args) throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>(List.of(PSQL.toString(), "-X", "-h", "127.0.0.1",
                "-p", Integer.toString(s.port()), "-U", "stratum", "-d", "main"));
        cmd.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PGPASSWORD", password);
        pb.environment().put("PGCONNECT_TIMEOUT", "10");
        pb.environment().remove("PGSSLMODE");
        pb.environment().putAll(env);
        final Process p = pb.start();
        final CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        final CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("psql did not finish");
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static String read(final java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Result psql(final String stdin, final String... args) throws IOException, InterruptedException {
        return psql(server, "pw", Map.of(), stdin, args);
    }

    @Test
    void selectOneAligned() throws Exception {
        final Result r = psql(null, "-c", "select 1");
        assertEquals(0, r.exit(), r.err());
        assertEquals(" ?column? \n----------\n        1\n(1 row)\n\n", r.out());
    }

    @Test
    void tableResultPrintsAsPostgres() throws Exception {
        final Result r = psql(null, "-c", "select * from items");
        assertEquals(0, r.exit(), r.err());
        final String expected = String.join("\n",
                " id |     name      |           price           |            created            |   data   ",
                "----+---------------+---------------------------+-------------------------------+----------",
                "  1 | apple         |                      1.50 | 2026-11-24 20:00:00.123456+00 | \\x0001ff",
                "  2 | pear, \"green\" | -12345678901234567890.123 | 1999-12-31 21:59:59+00        | \\x",
                "  3 |               |                           |                               | ",
                "(3 rows)", "", "");
        assertEquals(expected, r.out());
    }

    @Test
    void timeZoneSettingChangesTimestamptzOutput() throws Exception {
        final Result r = psql(null, "-A", "-t", "-c", "set timezone = 'Asia/Kolkata'", "-c",
                "select * from items where id = 1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("|2026-11-25 01:30:00.123456+05:30|"), r.out());
    }

    @Test
    void errorShowsSqlStatePositionAndLine() throws Exception {
        final Result r = psql(null, "-v", "VERBOSITY=verbose", "-c", "select * from nope");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("ERROR:  42P01: relation \"nope\" does not exist"), r.err());
        assertTrue(r.err().contains("LINE 1: select * from nope\n                      ^"), r.err());
    }

    @Test
    void scriptWithCopyTransactionAndErrors(@TempDir final Path dir) throws Exception {
        fake.copied.clear();
        final Path script = dir.resolve("s.sql");
        Files.writeString(script, String.join("\n",
                "copy items from stdin;", "5\tfive", "6\tsix", "\\.",
                "begin;", "select * from nope;", "select 1;", "rollback;",
                "select notice();", "copy items to stdout;", "select 1; select 1;", ";", ""));
        final Result r = psql(null, "-A", "-t", "-f", script.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("5\tfive", "6\tsix"), fake.copied);
        assertTrue(r.err().contains("relation \"nope\" does not exist"), r.err());
        assertTrue(r.err().contains("current transaction is aborted, commands ignored until end of transaction block"),
                r.err());
        assertTrue(r.err().contains("NOTICE:  hello from the fake"), r.err());
        // command tags, the notice()'s one empty row, the COPY TO lines, then both "select 1"
        assertEquals("COPY 2\nBEGIN\nROLLBACK\n\n1\tapple\n2\tpear, \"green\"\n3\t\\N\n1\n1\n", r.out());
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        final Result r = psql(server, "not-it", Map.of(), null, "-c", "select 1");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("password authentication failed for user \"stratum\""), r.err());
    }

    @Test
    void tlsWithSslmodeRequire(@TempDir final Path dir) throws Exception {
        final Path[] pem = TestCerts.selfSigned(dir);
        try (PgServer tls = PgServer.start(PgServerConfig.builder().port(0).tls(pem[0], pem[1])
                .auth(PgServerConfig.AuthMethod.MD5).users(Map.of("stratum", "pw")).build(), new FakeSessionFactory())) {
            final Result r = psql(tls, "pw", Map.of("PGSSLMODE", "require"), null, "-A", "-t", "-c", "select 1",
                    "-c", "\\conninfo");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("1\n"), r.out());
            assertTrue(r.out().contains("SSL connection (protocol: TLSv1.3"), r.out());
        }
        final Result plain = psql(server, "pw", Map.of("PGSSLMODE", "require"), null, "-c", "select 1");
        assertEquals(2, plain.exit());
        assertTrue(plain.err().contains("server does not support SSL"), plain.err());
    }
}
