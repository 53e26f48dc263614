package io.stratum.perf.pg;

import io.stratum.cluster.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stratum bench pgbench}: the real pgbench against a fresh local cluster (3 WAL nodes, page server,
 * compute, in this JVM) and, with {@code --compare-postgres}, against a throwaway vanilla PostgreSQL 15
 * (fsync and synchronous_commit on) in the same run: select-only ({@code -M prepared}) and tpcb-like at
 * {@code --clients} and at 16 clients. Every Stratum commit is on 2 of 3 WAL nodes before it is answered.
 * <p>Both systems run for the whole command; each workload is measured {@code --rounds} times per system in
 * the order A B B A ..., because this machine's speed drifts by tens of percent over minutes (CPU steal of a
 * shared host: 0-35% measured within one run), and a sequential A-then-B comparison measured the drift.
 */
@Command(name = "pgbench", mixinStandardHelpOptions = true,
    description = {"Run pgbench (select-only -M prepared, tpcb-like at --clients and at 16 clients) against a fresh",
        "local cluster and, with --compare-postgres, against a throwaway vanilla PostgreSQL 15 in the same run."})
public final class PgbenchBench implements Callable<Integer> {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: ([0-9]+)");

    @Option(names = "--scale", defaultValue = "10", description = "pgbench scale factor (default: ${DEFAULT-VALUE})")
    int scale;

    @Option(names = "--clients", defaultValue = "4", description = "clients of the first runs (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--seconds", defaultValue = "20", description = "seconds per measured run (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "120", description = "seconds of unmeasured load first, a third "
        + "select-only and the rest tpcb-like, on both systems: on 2 cores the JIT compiles Stratum's write path for "
        + "about 75 s of tpcb-like load (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--buffer-pool-mb", defaultValue = "256",
        description = "the compute's buffer pool in MiB, as PostgreSQL's shared_buffers in the comparison (default: ${DEFAULT-VALUE})")
    int bufferPoolMb;

    @Option(names = "--compare-postgres", description = "also run vanilla PostgreSQL 15 in the same run")
    boolean comparePostgres;

    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @Option(names = "--dir", description = "cluster data directory (default: a new temporary directory, removed after)")
    Path dir;

    @Option(names = "--rounds", defaultValue = "2", description = "measured runs per workload and system; with "
        + "--compare-postgres they alternate in the order Stratum, PostgreSQL, PostgreSQL, Stratum, ... so that a "
        + "drift of the machine's speed (CPU steal) falls on both alike; the figures are the means (default: ${DEFAULT-VALUE})")
    int rounds;

    /** One system under test: where pgbench connects. */
    private record Target(String label, String host, int port, String user, String db) { }

    /** The workloads measured, in order: JSON key suffix, name, pgbench arguments. */
    private List<String[]> workloads() {
        return List.of(
            new String[] {"select", "select-only", "-S", "-M", "prepared", "-c", Integer.toString(clients)},
            new String[] {"tpcb", "tpcb-like", "-c", Integer.toString(clients)},
            new String[] {"tpcb16", "tpcb-like 16 clients", "-c", "16"});
    }

    @Override
    public Integer call() throws Exception {
        if (!PgClients.available()) {
            System.err.println("pgbench 15 is not installed (apt-get install postgresql-client-15)");
            return 3;
        }
        if (scale < 1 || clients < 1 || seconds < 1 || warmupSeconds < 0 || rounds < 1) {
            System.err.println("--scale, --clients, --seconds and --rounds must be positive");
            return 2;
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        final boolean temp = dir == null;
        final Path d = temp ? Files.createTempDirectory("stratum-bench-pgbench") : dir;
        final PrintStream progress = json ? new PrintStream(new ByteArrayOutputStream()) : System.out;
        // the same memory for pages on both sides: PostgreSQL below runs with shared_buffers = 256MB
        try (LocalCluster c = LocalCluster.start(LocalCluster.Options.ephemeral(d)
                 .withComputePoolBytes((long) bufferPoolMb << 20), progress);
             VanillaPostgres pg = comparePostgres ? VanillaPostgres.start(List.of("shared_buffers = 256MB")) : null) {
            final List<Target> targets = new ArrayList<>();
            targets.add(new Target("stratum", "127.0.0.1", c.computePort(), "stratum", "main"));
            if (pg != null) {
                targets.add(new Target("postgres", pg.host(), pg.port(), pg.user(), "postgres"));
            }
            for (final Target t : targets) {
                prepare(t, progress);
            }
            double stealSum = 0;
            int stealRuns = 0;
            for (final String[] w : workloads()) {
                final double[] sum = new double[targets.size()];
                for (int r = 0; r < rounds; r++) {
                    for (int k = 0; k < targets.size(); k++) {
                        final int i = r % 2 == 0 ? k : targets.size() - 1 - k; // A B, then B A
                        final long[] before = CpuStat.read();
                        sum[i] += tps(targets.get(i), w[1], progress, java.util.Arrays.copyOfRange(w, 2, w.length));
                        final double steal = CpuStat.stealPercent(before, CpuStat.read());
                        if (steal >= 0) {
                            progress.printf(Locale.ROOT, "    (CPU steal during the run: %.1f%%)%n", steal);
                            stealSum += steal;
                            stealRuns++;
                        }
                    }
                }
                for (int i = 0; i < targets.size(); i++) {
                    out.put(targets.get(i).label() + "_" + w[0] + "_tps", sum[i] / rounds);
                }
            }
            if (stealRuns > 0) {
                out.put("steal_pct", stealSum / stealRuns);
            }
        } finally {
            if (temp) {
                deleteTree(d);
            }
        }
        out.put("scale", scale);
        out.put("clients", clients);
        out.put("seconds", seconds);
        out.put("rounds", rounds);
        if (json) {
            final StringBuilder sb = new StringBuilder("{");
            for (final String key : List.of("stratum_select_tps", "stratum_tpcb_tps", "stratum_tpcb16_tps",
                     "postgres_select_tps", "postgres_tpcb_tps", "postgres_tpcb16_tps", "steal_pct", "scale", "clients",
                     "seconds", "rounds")) {
                final Object v = out.get(key);
                if (v == null) {
                    continue;
                }
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append('"').append(key).append("\": ");
                sb.append(v instanceof Double x ? String.format(Locale.ROOT, "%.1f", x) : v);
            }
            System.out.println(sb.append('}'));
        } else {
            System.out.printf(Locale.ROOT, "%-28s %12s %12s %8s%n", "run (mean of " + rounds + ")", "stratum tps",
                "postgres tps", "ratio");
            row("select-only -M prepared, " + clients + " cl", out, "select");
            row("tpcb-like, " + clients + " cl", out, "tpcb");
            row("tpcb-like, 16 cl", out, "tpcb16");
            if (out.containsKey("steal_pct")) {
                System.out.printf(Locale.ROOT, "mean CPU steal during the measured runs: %.1f%%%n", (Double) out.get("steal_pct"));
            }
        }
        return 0;
    }

    private static void row(final String name, final Map<String, Object> out, final String key) {
        final Object s = out.get("stratum_" + key + "_tps");
        final Object p = out.get("postgres_" + key + "_tps");
        System.out.printf(Locale.ROOT, "%-28s %12.1f %12s %8s%n", name, (Double) s,
            p == null ? "-" : String.format(Locale.ROOT, "%.1f", (Double) p),
            p == null ? "-" : String.format(Locale.ROOT, "%.2f", (Double) s / (Double) p));
    }

    /** pgbench -i, then the warm-up: select-only and tpcb-like load, unmeasured. */
    private void prepare(final Target t, final PrintStream progress) {
        progress.printf("%s: pgbench -i -s %d%n", t.label(), scale);
        check(t.label(), PgClients.pgbench(t.host(), t.port(), t.user(), t.db(), 3600, "-i", "-s", Integer.toString(scale)),
            false);
        if (warmupSeconds > 0) {
            // both workloads: warming only the select path left the tpcb-like run at 4 clients measuring the JIT
            // compiling the write path (429 tps in its first 10 s, 1,300-1,450 from 40 s on, at 4 clients)
            final int select = Math.max(1, warmupSeconds / 3);
            final int tpcb = Math.max(1, warmupSeconds - select);
            progress.printf("%s: warm-up %d s select-only, %d s tpcb-like%n", t.label(), select, tpcb);
            check(t.label(), PgClients.pgbench(t.host(), t.port(), t.user(), t.db(), select + 120L, "-S", "-M", "prepared",
                "-c", Integer.toString(clients), "-j", "2", "-T", Integer.toString(select)), true);
            check(t.label(), PgClients.pgbench(t.host(), t.port(), t.user(), t.db(), tpcb + 120L, "-c",
                Integer.toString(clients), "-j", "2", "-T", Integer.toString(tpcb)), true);
        }
    }

    private double tps(final Target t, final String name, final PrintStream progress, final String... args) {
        final List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("-j", "2", "-T", Integer.toString(seconds)));
        final PgClients.Result r = PgClients.pgbench(t.host(), t.port(), t.user(), t.db(), seconds + 300L,
            a.toArray(String[]::new));
        final String text = check(t.label(), r, true);
        final Matcher m = TPS.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(t.label() + " " + name + ": no tps line in pgbench output:\n" + r.all());
        }
        final double tps = Double.parseDouble(m.group(1));
        progress.printf(Locale.ROOT, "%s: %s %.1f tps%n", t.label(), name, tps);
        return tps;
    }

    private static String check(final String label, final PgClients.Result r, final boolean run) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException(label + ": pgbench exited with " + r.exitCode() + ":\n" + r.all());
        }
        final Matcher f = FAILED.matcher(r.stdout());
        if (run && f.find() && !f.group(1).equals("0")) {
            throw new IllegalStateException(label + ": pgbench reports failed transactions:\n" + r.all());
        }
        return r.stdout();
    }

    private static void deleteTree(final Path d) {
        try (var s = Files.walk(d)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final java.io.IOException e) {
            System.err.println("could not remove " + d + ": " + e.getMessage());
        }
    }
}
