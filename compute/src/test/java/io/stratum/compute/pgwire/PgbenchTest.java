package io.stratum.compute.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** pgbench 15 with a custom script in each query mode (Parse without parameter types in extended/prepared). */
class PgbenchTest {
    private static final Path PGBENCH = Path.of("/usr/lib/postgresql/15/bin/pgbench");
    private static FakeSessionFactory fake;
    private static PgServer server;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.isExecutable(PGBENCH), "pgbench 15 not installed");
        fake = new FakeSessionFactory();
        server = PgServer.start(PgServerConfig.builder().port(0).build(), fake);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended", "prepared"})
    void customScriptRunsWithoutFailures(final String mode, @TempDir final Path dir) throws Exception {
        final Path script = dir.resolve("bench.sql");
        Files.writeString(script, "\\set aid random(1, 3)\nselect * from items where id = :aid;\nselect 1;\n");
        final Process p = new ProcessBuilder(PGBENCH.toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(server.port()), "-U", "stratum", "-n", "-f", script.toString(), "-c", "3", "-j", "1",
                "-t", "50", "-M", mode, "main").redirectErrorStream(true).start();
        final CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (final java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pgbench finished");
        final String output = out.join();
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("number of transactions actually processed: 150/150"), output);
        assertTrue(output.contains("number of failed transactions: 0"), output);
    }
}
