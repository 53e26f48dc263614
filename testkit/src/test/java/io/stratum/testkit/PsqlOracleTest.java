package io.stratum.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stratum.perf.pg.PgClients;
import io.stratum.perf.pg.VanillaPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same psql 15 script against Stratum and against a throwaway vanilla PostgreSQL 15: what psql prints
 * (results, command tags, errors with their positions, SQLSTATEs, {@code \d} output) must be identical.
 * Both run as user {@code stratum} on database {@code main}.
 */
class PsqlOracleTest {
    private static TestCluster cluster;
    private static VanillaPostgres postgres;

    @BeforeAll
    static void start() {
        assumeTrue(PgClients.available() && VanillaPostgres.available(), "PostgreSQL 15 is not installed");
        cluster = TestCluster.start();
        postgres = VanillaPostgres.start(List.of());
        final PgClients.Result r = postgres.psql("CREATE ROLE stratum SUPERUSER LOGIN;\nCREATE DATABASE main OWNER stratum;\n",
            "-v", "ON_ERROR_STOP=1");
        assertEquals(0, r.exitCode(), r.all());
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"01-core.sql", "02-transactions.sql", "03-describe.sql"})
    void printsWhatPostgresPrints(final String name) throws IOException {
        final String script = resource("psql/" + name);
        final PgClients.Result expected = PgClients.psql(postgres.host(), postgres.port(), "stratum", "main", script, 120,
            "-a");
        final PgClients.Result actual = cluster.psql("main", script, "-a");
        assertEquals(expected.stdout(), actual.stdout(), name + ": standard output differs; stderr was:\n"
            + actual.stderr());
        assertEquals(expected.stderr(), actual.stderr(), name + ": error output differs");
        assertEquals(expected.exitCode(), actual.exitCode(), name + ": exit code");
    }

    static String resource(final String path) throws IOException {
        try (InputStream in = PsqlOracleTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
