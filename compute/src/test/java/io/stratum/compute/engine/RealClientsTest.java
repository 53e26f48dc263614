package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.pgwire.PgServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** psql and pgbench (PostgreSQL 15 client binaries, when installed) against pgwire + this engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealClientsTest {
    @TempDir
    static Path dir;
    EngineFixture fx;
    PgServer server;

    @BeforeAll
    void start() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/psql")) && Files.isExecutable(Path.of("/usr/bin/pgbench")),
            "psql and pgbench are not installed");
        fx = new EngineFixture(dir);
        server = fx.startServer();
    }

    @AfterAll
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    /** Runs a client; returns {exit code, output}. */
    private String[] run(final String... cmd) throws IOException, InterruptedException {
        final List<String> c = new ArrayList<>(List.of(cmd));
        final ProcessBuilder pb = new ProcessBuilder(c).redirectErrorStream(true);
        pb.environment().put("PGHOST", "127.0.0.1");
        pb.environment().put("PGPORT", String.valueOf(server.port()));
        pb.environment().put("PGUSER", "stratum");
        pb.environment().put("PGDATABASE", "main");
        pb.environment().put("PGSSLMODE", "disable");
        final Process p = pb.start();
        final byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), new String(out, StandardCharsets.UTF_8)};
    }

    @Test
    void psqlScript() throws Exception {
        final String[] r = run("psql", "-X", "-v", "ON_ERROR_STOP=0", "-c", "create table t (id int primary key, v text)",
            "-c", "insert into t values (1, 'a'), (2, 'b')", "-c", "select * from t order by id", "-c", "\\d t", "-c", "\\dt",
            "-c", "\\di", "-c", "\\dn", "-c", "\\l", "-c", "\\du");
        System.out.println(r[1]);
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("INSERT 0 2"), r[1]);
        assertTrue(r[1].contains("\"t_pkey\" PRIMARY KEY, btree (id)"), r[1]);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"psql-script", "psql-script2"})
    void psqlScriptMatchesPostgres(final String name) throws Exception {
        final Path script = Path.of(RealClientsTest.class.getResource("/sql/engine/" + name + ".sql").toURI());
        final String[] r = run("psql", "-X", "-f", script.toString());
        Files.writeString(Path.of("target", name + ".stratum.out"), r[1]);
        final String expected = new String(RealClientsTest.class.getResourceAsStream("/sql/engine/" + name + ".expected")
            .readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(normalize(expected), normalize(r[1]));
    }

    /** Drops what legitimately differs: EXPLAIN costs and the script path in error lines. */
    static String normalize(final String s) {
        return s.replaceAll("  \\(cost=[^)]*\\)", "").replaceAll("psql:[^:]*:", "psql:")
            .replaceAll("(?m)^ *QUERY PLAN *$", "QUERY PLAN").replaceAll("(?m)^-+$", "-");
    }

    @Test
    void pgbenchInitAndRuns() throws Exception {
        final String[] init = run("pgbench", "-i", "-s", "1");
        System.out.println(init[1]);
        assertEquals("0", init[0], init[1]);
        for (final String mode : List.of("simple", "extended", "prepared")) {
            // -n after the first run: pgbench_history keeps every run's rows, so the balances must agree at the end
            final String[] b = mode.equals("simple") ? run("pgbench", "-M", mode, "-c", "4", "-j", "2", "-t", "50")
                : run("pgbench", "-n", "-M", mode, "-c", "4", "-j", "2", "-t", "50");
            System.out.println(b[1]);
            assertEquals("0", b[0], b[1]);
            assertTrue(b[1].contains("number of failed transactions: 0"), b[1]);
        }
        final String[] check = run("psql", "-X", "-At", "-c",
            "select (select sum(abalance) from pgbench_accounts) = (select sum(delta) from pgbench_history), "
                + "(select count(*) from pgbench_history)");
        assertEquals("t|600", check[1].trim(), check[1]);
        final String[] sel = run("pgbench", "-S", "-M", "prepared", "-c", "2", "-T", "3");
        System.out.println(sel[1]);
        assertEquals("0", sel[0], sel[1]);
        assertTrue(sel[1].contains("number of failed transactions: 0"), sel[1]);
    }

    @Test
    void psqlZeroColumnTable() throws Exception {
        // PostgreSQL describes 0 fields and sends DataRows of 0 columns: psql prints "--" and "(2 rows)"
        final String[] r = run("psql", "-X", "-v", "ON_ERROR_STOP=1", "-c", "create table z0 ()", "-c", "insert into z0 default values",
            "-c", "insert into z0 default values", "-c", "select * from z0", "-c", "select 1 as one");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("--\n(2 rows)"), r[1]);
        assertTrue(r[1].contains(" one \n-----\n   1\n(1 row)"), r[1]);
    }
}
