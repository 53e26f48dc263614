package io.stratum.testkit.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stratum.perf.pg.PgClients;
import io.stratum.perf.pg.VanillaPostgres;
import io.stratum.testkit.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Differential testing against vanilla PostgreSQL 15: the hand-written corpus ({@code differential/*.sql},
 * one statement per case, error messages compared too) and a fixed-seed sample of generated statements
 * (SQLancer-style schemas, expressions, joins, subqueries, aggregates, set operations and the ternary logic
 * partitioning oracle). Agreement per area is printed and written to {@code target/differential/report.txt}.
 * The long profile: {@code -Dstratum.diff.rounds=2000 -Dstratum.diff.seed=N}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DifferentialTest {
    /** The corpus areas, run in this order (later files may use tables of earlier ones only if they say so). */
    static final List<String> AREAS = List.of("expressions", "errors", "folding", "queries", "joins", "subqueries", "aggregates",
        "setops", "windows", "dml", "upsert", "dml-from", "dml-with", "recursive", "views", "foreign-keys",
        "alter-table", "uuid", "identity", "json", "enums", "arrays", "intervals", "to-char", "indexes", "spill",
        "numeric-special", "merge-joins", "functions");
    /** psql scripts whose output (with {@code -a}) must be byte for byte PostgreSQL's. */
    static final List<String> PSQL_SCRIPTS = List.of("psql-views", "psql-foreign-keys", "psql-columns", "psql-json",
        "psql-types", "psql-indexes", "psql-functions");
    private static TestCluster cluster;
    private static VanillaPostgres postgres;
    private static Differ differ;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PgClients.available() && VanillaPostgres.available(), "PostgreSQL 15 is not installed");
        cluster = TestCluster.start();
        postgres = VanillaPostgres.start(List.of());
        final PgClients.Result r = postgres.psql("CREATE ROLE stratum SUPERUSER LOGIN;\nCREATE DATABASE main OWNER stratum;\n",
            "-v", "ON_ERROR_STOP=1");
        assertEquals(0, r.exitCode(), r.all());
        final Properties p = new Properties();
        p.setProperty("user", TestCluster.USER);
        p.setProperty("socketTimeout", "60");
        // Stratum in the simple protocol (psql's and pgbench's), so literals go through its auto-parameterized plans
        differ = new Differ(cluster.connect("main", "socketTimeout", "60", "preferQueryMode", "simple"),
            DriverManager.getConnection("jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/main", p));
    }

    @AfterAll
    static void stop() throws Exception {
        if (differ != null) {
            final String report = differ.report();
            System.out.println(report);
            final Path dir = Path.of("target", "differential");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.txt"), report + "\nfailures:\n" + String.join("\n", differ.failures)
                + "\nexpected failures that passed:\n" + String.join("\n", differ.unexpectedPasses) + "\n");
            differ.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void handWrittenCorpusAgreesWithPostgres() throws Exception {
        final int before = differ.failures.size();
        final int passesBefore = differ.unexpectedPasses.size();
        for (final String area : AREAS) {
            for (final String sql : Differ.statements(Differ.resource("differential/" + area + ".sql"))) {
                differ.check("corpus:" + area, sql, true);
            }
        }
        assertNoNewFailures(before, passesBefore);
    }

    @Test
    @Order(2)
    void generatedStatementsAgreeWithPostgres() throws Exception {
        final long seed = Long.getLong("stratum.diff.seed", 20261201L);
        final int rounds = Integer.getInteger("stratum.diff.rounds", 12);
        final int before = differ.failures.size();
        final int passesBefore = differ.unexpectedPasses.size();
        final QueryGen g = new QueryGen(seed);
        for (int round = 0; round < rounds; round++) {
            for (final String ddl : g.schema(3, 8)) {
                differ.both(ddl);
            }
            for (int i = 0; i < 12; i++) {
                differ.check("gen:expressions", g.expressionQuery(), false);
                differ.check("gen:joins", g.joinQuery(), false);
                differ.check("gen:subqueries", g.subqueryQuery(), false);
                differ.check("gen:aggregates", g.aggregateQuery(), false);
                differ.check("gen:setops", g.setOpQuery(), false);
                differ.check("gen:windows", g.windowQuery(), false);
                if (i % 3 == 0) {
                    for (final String sql : g.dmlStatements()) {
                        differ.check("gen:dml", sql, false);
                    }
                }
                tlp(g.tlp());
            }
        }
        assertNoNewFailures(before, passesBefore);
    }

    @Test
    @Order(3)
    void psqlDescribesAsPostgresDoes() throws Exception {
        for (final String name : PSQL_SCRIPTS) {
            final String script = Differ.resource("differential/" + name + ".sql");
            final PgClients.Result expected = PgClients.psql(postgres.host(), postgres.port(), TestCluster.USER, "main", script,
                120, "-a");
            final PgClients.Result actual = cluster.psql("main", script, "-a");
            final Differ.Tally t = differ.tally("corpus:" + name);
            t.run++;
            if (expected.stdout().equals(actual.stdout()) && expected.stderr().equals(actual.stderr())) {
                t.agreed++;
            }
            assertEquals(expected.stdout(), actual.stdout(), name + ": psql output differs; stderr was:\n" + actual.stderr());
            assertEquals(expected.stderr(), actual.stderr(), name + ": psql error output differs");
        }
    }

    /** TLP on Stratum: Q's rows are exactly those of Q WHERE p, Q WHERE NOT p and Q WHERE p IS NULL; and both match PostgreSQL. */
    private static void tlp(final QueryGen.Tlp t) {
        final Outcome whole = differ.stratum(t.whole());
        final Outcome parts = differ.stratum(t.partitioned());
        final Differ.Tally tally = differ.tally("gen:tlp");
        tally.run++;
        if (!whole.isError() && !parts.isError() && whole.multiset().equals(parts.multiset())) {
            tally.agreed++;
        } else if (whole.isError() || parts.isError()) {
            differ.failures.add("gen:tlp: " + t.partitioned() + "\n    stratum error " + whole.sqlState() + " " + whole.message()
                + " / " + parts.sqlState() + " " + parts.message());
        } else {
            differ.failures.add("gen:tlp: " + t.partitioned() + "\n    " + whole.rows().size() + " rows in Q, "
                + parts.rows().size() + " in the partitions");
        }
        differ.check("gen:tlp-vs-postgres", t.partitioned(), false);
    }

    private static void assertNoNewFailures(final int before, final int passesBefore) {
        final List<String> fails = differ.failures.subList(before, differ.failures.size());
        final List<String> passes = differ.unexpectedPasses.subList(passesBefore, differ.unexpectedPasses.size());
        System.out.println(differ.report());
        assertTrue(fails.isEmpty() && passes.isEmpty(), fails.size() + " disagreements with PostgreSQL 15 (first 40):\n"
            + String.join("\n", fails.subList(0, Math.min(40, fails.size())))
            + (passes.isEmpty() ? "" : "\nlisted in expected-fail.txt but now agreeing (remove them):\n" + String.join("\n", passes)));
    }
}
