package io.stratum.perf.engine;

import static io.stratum.perf.engine.EngineBenchSupport.deleteRecursively;
import static io.stratum.perf.engine.EngineBenchSupport.fields;
import static io.stratum.perf.engine.EngineBenchSupport.print;
import static io.stratum.perf.engine.EngineBenchSupport.round;
import static io.stratum.perf.engine.EngineBenchSupport.scratchDir;

import io.stratum.cluster.LocalCluster;
import io.stratum.compute.session.Portal;
import io.stratum.compute.session.Session;
import io.stratum.perf.pg.PgClients;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TimelineId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code stratum bench branch --e2e}: branching as a user meets it, on a whole local cluster loaded with
 * pgbench data (one small and one large database, each in its own cluster): branch creation through the
 * branch API the CLI calls until the new branch answers its first query ({@code create_*_ms}), opening a
 * read-only session at an earlier LSN and its first query ({@code pitr_open_*_ms}), and a diff after 1,000
 * changed rows ({@code diff_*_ms}). Queries run on in-process compute sessions (the SQL path without the
 * socket). Medians of {@code --runs}. Progress (the load, each run) goes to standard error, so that the
 * JSON line stays alone on standard output. Threads: the cluster's.
 */
final class BranchE2eBench {
    private BranchE2eBench() {
    }

    static int run(final boolean json, final int smallScale, final int largeScale, final int runs, final Path base,
                   final int pitrAgeSeconds) throws Exception {
        final Map<String, Object> f = fields();
        for (final int[] s : new int[][] {{smallScale, 0}, {largeScale, 1}}) {
            if (s[0] <= 0) {
                continue; // that size skipped
            }
            final String size = s[1] == 0 ? "small" : "large";
            final double[] ms = one(s[0], runs, base, pitrAgeSeconds);
            f.put("create_" + size + "_ms", round(ms[0]));
            f.put("pitr_open_" + size + "_ms", round(ms[1]));
            f.put("diff_" + size + "_ms", round(ms[2]));
            f.put("create_api_" + size + "_ms", round(ms[3]));
            f.put(size + "_scale", s[0]);
            f.put(size + "_load_s", round(ms[4]));
            f.put(size + "_logical_bytes", (long) ms[5]);
            f.put(size + "_disk_bytes", (long) ms[6]);
        }
        f.put("runs", runs);
        f.put("pitr_age_s", pitrAgeSeconds);
        print(json, "Branching end to end (medians of " + runs + ")", f);
        return 0;
    }

    /**
     * create, pitr_open, diff and create_api medians on a cluster loaded with pgbench scale {@code scale}, then
     * the load's seconds, main's logical size and the cluster directory's bytes after the load.
     */
    private static double[] one(final int scale, final int runs, final Path base, final int pitrAgeSeconds)
        throws Exception {
        final Path dir = scratchDir(base, "bench-branch-e2e");
        final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (LocalCluster c = LocalCluster.start(LocalCluster.Options.ephemeral(dir.resolve("cluster")), quiet)) {
            System.err.printf("branch bench: loading pgbench scale %d into %s%n", scale, dir);
            final long l0 = System.nanoTime();
            final PgClients.Result init = PgClients.pgbench("127.0.0.1", c.computePort(), "stratum", "main", 3600,
                "-i", "-s", Integer.toString(scale), "-q");
            if (init.exitCode() != 0) {
                throw StratumException.of(ErrorCode.INTERNAL, "pgbench -i failed: " + init.all());
            }
            final String api = "http://127.0.0.1:" + c.httpPort() + "/v1/branch";
            final long before = lsn(c, "main");
            final double loadSeconds = (System.nanoTime() - l0) / 1e9;
            final long logical = logicalSize(send("GET", api + "/main", null));
            final long disk = diskBytes(dir);
            System.err.printf("branch bench: scale %d loaded in %.0f s (logical %d MiB, on disk %d MiB)%n", scale,
                loadSeconds, logical >> 20, disk >> 20);
            if (pitrAgeSeconds > 0) { // the read-only point is then that old when the first run opens it
                Thread.sleep(pitrAgeSeconds * 1000L);
            }
            final double[] create = new double[runs];
            final double[] pitr = new double[runs];
            final double[] diff = new double[runs];
            final double[] createApi = new double[runs];
            final Random r = new Random(scale);
            for (int i = 0; i < runs; i++) {
                final String name = "b" + i;
                long t0 = System.nanoTime();
                send("POST", api, "{\"name\":\"" + name + "\",\"from\":\"main\"}");
                createApi[i] = (System.nanoTime() - t0) / 1e6;
                query(c, name, "select count(*) from pgbench_branches");
                create[i] = (System.nanoTime() - t0) / 1e6;

                t0 = System.nanoTime();
                query(c, "main@" + Lsn.format(before - i), "select count(*) from pgbench_branches");
                pitr[i] = (System.nanoTime() - t0) / 1e6;

                // by primary key, one statement per row in one transaction (an IN list of 1,000 is a scan of the table)
                try (Session u = c.compute().openSession("stratum", name)) {
                    run(u, "begin", row -> { });
                    for (int k = 0; k < 1000; k++) {
                        run(u, "update pgbench_accounts set abalance = abalance + 1 where aid = "
                            + (1 + r.nextInt(100_000 * scale)), row -> { });
                    }
                    run(u, "commit", row -> { });
                }
                waitIngested(c, dir.resolve("cluster"), name);
                t0 = System.nanoTime();
                send("GET", api + "/main/diff/" + name, null);
                diff[i] = (System.nanoTime() - t0) / 1e6;
                send("DELETE", api + "/" + name, null);
                System.err.printf("branch bench: scale %d run %d/%d: create %.1f ms, pitr_open %.1f ms, diff %.1f ms%n",
                    scale, i + 1, runs, create[i], pitr[i], diff[i]);
            }
            return new double[] {median(create), median(pitr), median(diff), median(createApi), loadSeconds, logical,
                disk};
        } finally {
            deleteRecursively(dir);
        }
    }

    private static long logicalSize(final String branchJson) {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"logical_size\":(\\d+)").matcher(branchJson);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static long diskBytes(final Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
            return s.filter(java.nio.file.Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long lsn(final LocalCluster c, final String db) {
        final Object[][] v = new Object[1][];
        try (Session s = c.compute().openSession("stratum", db)) {
            run(s, "select pg_current_wal_lsn()", row -> v[0] = row.clone());
        }
        final long l = Lsn.parse(v[0][0].toString());
        c.pageServer().engine().timeline(c.tenant(), c.mainTimeline()).waitForLsn(l, 60_000);
        return l;
    }

    private static void waitIngested(final LocalCluster c, final Path clusterDir, final String name) {
        final Object[][] v = new Object[1][];
        try (Session s = c.compute().openSession("stratum", name)) {
            run(s, "select pg_current_wal_lsn()", row -> v[0] = row.clone());
        }
        final TimelineId tl = TimelineId.parse(LocalCluster.readProperties(clusterDir.resolve(LocalCluster.IDS))
            .getProperty("branch." + name));
        c.pageServer().engine().timeline(c.tenant(), tl).waitForLsn(Lsn.parse(v[0][0].toString()), 60_000);
    }

    private static void query(final LocalCluster c, final String db, final String sql) {
        try (Session s = c.compute().openSession("stratum", db)) {
            run(s, sql, row -> { });
        }
    }

    private static void run(final Session s, final String sql, final io.stratum.compute.session.RowSink sink) {
        try (Portal p = s.bind(s.prepare(sql, List.of()), new Object[0])) {
            p.execute(0, sink);
        }
        s.sync();
    }

    private static String send(final String method, final String url, final String body) throws IOException {
        final HttpURLConnection h = (HttpURLConnection) new URL(url).openConnection();
        h.setRequestMethod(method);
        h.setReadTimeout(600_000);
        if (body != null) {
            h.setDoOutput(true);
            try (OutputStream o = h.getOutputStream()) {
                o.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        final int status = h.getResponseCode();
        try (InputStream in = status >= 400 ? h.getErrorStream() : h.getInputStream()) {
            final ByteArrayOutputStream b = new ByteArrayOutputStream();
            if (in != null) {
                in.transferTo(b);
            }
            if (status >= 300) {
                throw StratumException.of(ErrorCode.INTERNAL, "HTTP " + status + " from " + url + ": " + b);
            }
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    private static double median(final double[] v) {
        final double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
