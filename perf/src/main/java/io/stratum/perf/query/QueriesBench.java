package io.stratum.perf.query;

import io.stratum.cluster.LocalCluster;
import io.stratum.perf.pg.PgClients;
import io.stratum.perf.pg.VanillaPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stratum bench queries}: TPC-H-shaped analytic queries (Q1, Q3, Q5, Q6, Q10, Q12, Q14, Q19) and OLTP
 * lookups by primary key and secondary index over deterministic generated data, on a fresh local cluster
 * and, with {@code --compare-postgres}, on a throwaway vanilla PostgreSQL 15 in the same run. Both are loaded
 * through the PostgreSQL protocol (pgJDBC COPY), then ANALYZEd; each query runs after warm-up a few times,
 * the median counts, and both servers must return the same rows (else the run fails). Progress on stderr.
 * Threads: the cluster's.
 */
@Command(name = "queries", mixinStandardHelpOptions = true,
    description = {"TPC-H-shaped queries and OLTP lookups on a fresh local cluster and, with --compare-postgres,",
        "on a throwaway vanilla PostgreSQL 15; per query the ratio of median times Stratum / PostgreSQL."})
public final class QueriesBench implements Callable<Integer> {
    @Option(names = "--scale-mb", defaultValue = "100", description = "generated data in MB of row text (default: ${DEFAULT-VALUE})")
    int scaleMb;

    @Option(names = "--runs", defaultValue = "5", description = "measured runs per query; the median counts (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup-seconds", defaultValue = "3",
        description = "per query and server, repeat it unmeasured for at least this long first (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--lookups", defaultValue = "200", description = "statements per OLTP lookup batch (default: ${DEFAULT-VALUE})")
    int lookups;

    @Option(names = "--only", split = ",", description = "run only these queries (names as in the output)")
    List<String> only;

    @Option(names = "--buffer-pool-mb", defaultValue = "256",
        description = "the compute's buffer pool in MiB, as PostgreSQL's shared_buffers (default: ${DEFAULT-VALUE})")
    int bufferPoolMb;

    @Option(names = "--compare-postgres", description = "also run vanilla PostgreSQL 15 in the same run and check results")
    boolean comparePostgres;

    @Option(names = "--explain", description = "print each query's EXPLAIN ANALYZE on both servers to stderr")
    boolean explain;

    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @Option(names = "--seed", defaultValue = "20261201", description = "data generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    private final PrintStream log = System.err;

    /** One server's medians (ms) and results per query. */
    private record Side(Map<String, Double> ms, Map<String, List<String>> results, double loadSeconds) {
    }

    @Override
    public Integer call() throws Exception {
        if (scaleMb < 1 || runs < 1 || lookups < 4) {
            log.println("--scale-mb and --runs must be positive, --lookups at least 4");
            return 2;
        }
        if (comparePostgres && !PgClients.available()) {
            log.println("PostgreSQL 15 is not installed (apt-get install postgresql-15)");
            return 3;
        }
        final Path dir = Files.createTempDirectory("stratum-bench-queries");
        try {
            final TpchData data = new TpchData(seed, scaleMb);
            long t0 = System.nanoTime();
            data.write(dir);
            log.printf(Locale.ROOT, "generated %d MB in %.1f s (%s)%n", size(dir) >> 20, (System.nanoTime() - t0) / 1e9, dir);
            final List<QuerySuite.Query> suite = new ArrayList<>();
            for (final QuerySuite.Query q : QuerySuite.all(data.sizes(), lookups)) {
                if (only == null || only.contains(q.name())) {
                    suite.add(q);
                }
            }
            final Side stratum;
            try (LocalCluster c = LocalCluster.start(LocalCluster.Options.ephemeral(dir.resolve("cluster"))
                .withComputePoolBytes((long) bufferPoolMb << 20), new PrintStream(OutputStream.nullOutputStream()))) {
                stratum = side("stratum", "jdbc:postgresql://127.0.0.1:" + c.computePort() + "/main?user=stratum", dir, suite);
            }
            Side pg = null;
            if (comparePostgres) {
                try (VanillaPostgres p = VanillaPostgres.start(List.of("shared_buffers = 256MB", "work_mem = 64MB"))) {
                    pg = side("postgres", "jdbc:postgresql://" + p.host() + ":" + p.port() + "/postgres?user=" + p.user(), dir, suite);
                }
                check(suite, stratum, pg);
            }
            report(suite, stratum, pg);
            return 0;
        } finally {
            deleteTree(dir);
        }
    }

    private Side side(final String label, final String url, final Path dir, final List<QuerySuite.Query> suite)
        throws SQLException, IOException {
        final Map<String, Double> ms = new LinkedHashMap<>();
        final Map<String, List<String>> results = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET work_mem = '64MB'"); // PostgreSQL's is configured so too: both sort and hash within it
            }
            final long t0 = System.nanoTime();
            load(label, c, dir);
            final double loadSeconds = (System.nanoTime() - t0) / 1e9;
            log.printf(Locale.ROOT, "%s: loaded and analyzed in %.1f s%n", label, loadSeconds);
            for (final QuerySuite.Query q : suite) {
                if (explain) {
                    log.println(label + " " + q.name() + ":\n" + String.join("\n", explain(c, q.statements().get(0))));
                }
                results.put(q.name(), run(c, q));
                final long wEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
                while (System.nanoTime() < wEnd) {
                    run(c, q);
                }
                final double[] t = new double[runs];
                for (int i = 0; i < runs; i++) {
                    final long s = System.nanoTime();
                    run(c, q);
                    t[i] = (System.nanoTime() - s) / 1e6;
                }
                Arrays.sort(t);
                ms.put(q.name(), t[runs / 2]);
                log.printf(Locale.ROOT, "%s: %-16s %10.2f ms (runs %s)%n", label, q.name(), t[runs / 2], brief(t));
            }
            return new Side(ms, results, loadSeconds);
        }
    }

    private void load(final String label, final Connection c, final Path dir) throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            for (final String ddl : TpchData.DDL.split(";\n")) {
                s.execute(ddl);
            }
        }
        final CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
        for (final String t : TpchData.TABLES) {
            final long t0 = System.nanoTime();
            try (Reader in = Files.newBufferedReader(dir.resolve(t + ".tsv"), StandardCharsets.UTF_8)) {
                final long n = copy.copyIn("COPY " + t + " FROM STDIN", in);
                log.printf(Locale.ROOT, "%s: COPY %s %d rows in %.1f s%n", label, t, n, (System.nanoTime() - t0) / 1e9);
            }
        }
        try (Statement s = c.createStatement()) {
            for (final String ix : TpchData.INDEXES) {
                s.execute(ix);
            }
            s.execute("ANALYZE");
        }
    }

    /** Runs every statement of {@code q}; returns the rows as text, '|'-separated, in the order they came. */
    private static List<String> run(final Connection c, final QuerySuite.Query q) throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (final String sql : q.statements()) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    final int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        final StringBuilder sb = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                        }
                        rows.add(sb.toString());
                    }
                } catch (final SQLException e) {
                    throw new SQLException(q.name() + ": " + e.getMessage() + " in: " + sql, e.getSQLState(), e);
                }
            }
        }
        return rows;
    }

    private static List<String> explain(final Connection c, final String sql) throws SQLException {
        final List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN ANALYZE " + sql)) {
            while (rs.next()) {
                out.add("  " + rs.getString(1));
            }
        }
        return out;
    }

    /** Fails loudly when the servers disagree on any query's rows. */
    private void check(final List<QuerySuite.Query> suite, final Side a, final Side b) {
        final List<String> bad = new ArrayList<>();
        for (final QuerySuite.Query q : suite) {
            List<String> x = a.results.get(q.name());
            List<String> y = b.results.get(q.name());
            if (!q.ordered() || q.statements().size() > 1) {
                x = new ArrayList<>(x);
                y = new ArrayList<>(y);
                x.sort(null);
                y.sort(null);
            }
            if (!x.equals(y)) {
                bad.add(q.name() + ": stratum returned " + x.size() + " rows, postgres " + y.size() + "; first difference: "
                    + firstDifference(x, y));
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalStateException("results differ between Stratum and PostgreSQL:\n" + String.join("\n", bad));
        }
        log.println("results: all " + suite.size() + " queries agree");
    }

    private static String firstDifference(final List<String> x, final List<String> y) {
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            final String p = i < x.size() ? x.get(i) : "(none)";
            final String q = i < y.size() ? y.get(i) : "(none)";
            if (!p.equals(q)) {
                return "row " + i + ": stratum [" + p + "] postgres [" + q + "]";
            }
        }
        return "(none)";
    }

    private void report(final List<QuerySuite.Query> suite, final Side s, final Side p) {
        final Map<String, Double> ratios = new LinkedHashMap<>();
        double logSum = 0;
        double max = 0;
        if (p != null) {
            for (final QuerySuite.Query q : suite) {
                final double r = s.ms.get(q.name()) / Math.max(1e-3, p.ms.get(q.name()));
                ratios.put(q.name(), r);
                logSum += Math.log(r);
                max = Math.max(max, r);
            }
        }
        final double geomean = ratios.isEmpty() ? Double.NaN : Math.exp(logSum / ratios.size());
        if (json) {
            final StringBuilder sb = new StringBuilder("{\"queries\": ").append(obj(ratios, "%.3f"));
            sb.append(", \"geomean_ratio\": ").append(p == null ? "null" : fmt("%.3f", geomean));
            sb.append(", \"max_ratio\": ").append(p == null ? "null" : fmt("%.3f", max));
            sb.append(", \"stratum_ms\": ").append(obj(s.ms, "%.2f"));
            sb.append(", \"postgres_ms\": ").append(p == null ? "null" : obj(p.ms, "%.2f"));
            sb.append(", \"stratum_load_s\": ").append(fmt("%.1f", s.loadSeconds));
            sb.append(", \"postgres_load_s\": ").append(p == null ? "null" : fmt("%.1f", p.loadSeconds));
            sb.append(", \"scale_mb\": ").append(scaleMb).append(", \"runs\": ").append(runs);
            sb.append(", \"lookups\": ").append(lookups).append('}');
            System.out.println(sb);
            return;
        }
        System.out.printf(Locale.ROOT, "%-16s %12s %12s %8s%n", "query", "stratum ms", "postgres ms", "ratio");
        for (final QuerySuite.Query q : suite) {
            System.out.printf(Locale.ROOT, "%-16s %12.2f %12s %8s%n", q.name(), s.ms.get(q.name()),
                p == null ? "-" : fmt("%.2f", p.ms.get(q.name())), p == null ? "-" : fmt("%.2f", ratios.get(q.name())));
        }
        if (p != null) {
            System.out.printf(Locale.ROOT, "geomean ratio %.2f, max ratio %.2f (targets: 1.5, 3)%n", geomean, max);
        }
    }

    private static String obj(final Map<String, Double> m, final String f) {
        final StringBuilder sb = new StringBuilder("{");
        for (final Map.Entry<String, Double> e : m.entrySet()) {
            sb.append(sb.length() > 1 ? ", " : "").append('"').append(e.getKey()).append("\": ").append(fmt(f, e.getValue()));
        }
        return sb.append('}').toString();
    }

    private static String fmt(final String f, final double v) {
        return String.format(Locale.ROOT, f, v);
    }

    private static String brief(final double[] t) {
        final StringBuilder sb = new StringBuilder();
        for (final double v : t) {
            sb.append(sb.length() > 0 ? " " : "").append(fmt("%.1f", v));
        }
        return sb.toString();
    }

    private static long size(final Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteTree(final Path d) {
        try (var s = Files.walk(d)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (final IOException e) {
            System.err.println("could not remove " + d + ": " + e.getMessage());
        }
    }
}
