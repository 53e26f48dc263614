package io.stratum.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connection load test: the cluster as processes (no nemesis), {@code clients} threads each opening a
 * pgJDBC connection straight to the compute (not through the proxy), running a query and closing it, in a
 * loop, for a while; the compute's thread count is sampled every second meanwhile. The compute process's
 * threads (/proc/PID/status), file descriptors (/proc/PID/fd) and heap after a full GC ({@code jcmd
 * GC.heap_info}) are measured after a warm-up round and again once every client has closed: a leak shows as
 * growth. The compute allows {@code clients + 10} connections, so a refused client (53300) is a failure too.
 * <p>Threads: the client threads, ended before {@link #run} returns.
 */
public final class LoadRun {
    /** The outcome: connections made, refused, failed, and the compute's resources before and after. */
    public record Result(int clients, long seconds, long connections, long refused, long failed,
                         long threadsBefore, long threadsPeak, long threadsAfter, long fdsBefore, long fdsAfter,
                         long heapBeforeKb, long heapAfterKb, Map<String, Long> errors) {
        /** No refusal, no failure, threads within 5, descriptors within 16 and heap within 64 MiB of before. */
        public boolean clean() {
            return refused == 0 && failed == 0 && threadsAfter <= threadsBefore + 5 && fdsAfter <= fdsBefore + 16
                && heapAfterKb <= heapBeforeKb + 64 * 1024;
        }

        public String toText() {
            return String.format("load: %d clients for %d s: %d connections (%.0f/s), %d refused, %d failed%n"
                    + "  compute threads %d -> %d (at most %d while the clients ran), file descriptors %d -> %d,"
                    + " heap after GC %d -> %d KiB%n  %s%s",
                clients, seconds, connections, connections / (double) Math.max(1, seconds), refused, failed,
                threadsBefore, threadsAfter, threadsPeak, fdsBefore, fdsAfter, heapBeforeKb, heapAfterKb,
                errors.isEmpty() ? "" : "errors " + errors + "\n  ",
                clean() ? "OK: no refused client, no leak" : "FAILED");
        }

        public String toJson() {
            final StringBuilder e = new StringBuilder("{");
            errors.forEach((k, v) -> e.append(e.length() > 1 ? "," : "").append('"').append(k.replace("\"", "'"))
                .append("\":").append(v));
            return "{\"clients\":" + clients + ",\"seconds\":" + seconds + ",\"connections\":" + connections
                + ",\"refused\":" + refused + ",\"failed\":" + failed + ",\"threads_before\":" + threadsBefore
                + ",\"threads_peak\":" + threadsPeak + ",\"threads_after\":" + threadsAfter + ",\"fds_before\":" + fdsBefore + ",\"fds_after\":" + fdsAfter
                + ",\"heap_before_kb\":" + heapBeforeKb + ",\"heap_after_kb\":" + heapAfterKb + ",\"errors\":" + e
                + "},\"clean\":" + clean() + "}";
        }
    }

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private LoadRun() {
    }

    public static Result run(final Path dir, final String mainClass, final int clients, final Duration duration,
                             final PrintStream log) {
        try (ChaosCluster cluster = ChaosCluster.start(dir, mainClass, log, clients + 10)) {
            // straight to the compute: through the proxy, its one accepting thread was the bottleneck (286
            // of 500 clients waited in TCP connect while the compute had 8 sessions open)
            final String url = cluster.directJdbcUrl("main");
            round(url, Math.min(clients, 20));
            final long pid = cluster.compute().pid();
            final long threads0 = threads(pid);
            final long fds0 = fds(pid);
            final long heap0 = heapKb(pid);
            log.printf("load: %d clients for %d s; compute pid %d: %d threads, %d fds, %d KiB heap%n", clients,
                duration.toSeconds(), pid, threads0, fds0, heap0);
            final AtomicLong made = new AtomicLong();
            final AtomicLong refused = new AtomicLong();
            final AtomicLong failed = new AtomicLong();
            final Map<String, Long> errors = new ConcurrentHashMap<>();
            final long end = System.nanoTime() + duration.toNanos();
            final List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                final Thread t = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class")) {
                            rs.next();
                            made.incrementAndGet();
                        } catch (final SQLException e) {
                            (("53300".equals(e.getSQLState())) ? refused : failed).incrementAndGet();
                            errors.merge(e.getSQLState() + " " + e.getMessage(), 1L, Long::sum);
                        }
                    }
                }, "load-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            long peak = threads0;
            final long joinDeadline = end + TimeUnit.SECONDS.toNanos(120);
            for (final Thread t : threads) {
                while (t.isAlive() && System.nanoTime() < joinDeadline) {
                    t.join(1_000);
                    peak = Math.max(peak, threads(pid));
                }
            }
            // the compute ends a connection's thread after the client has gone: give it a moment to notice
            long threads1 = threads(pid);
            final long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (threads1 > threads0 + 5 && System.nanoTime() < settle) {
                Thread.sleep(200);
                threads1 = threads(pid);
            }
            final Result r = new Result(clients, duration.toSeconds(), made.get(), refused.get(), failed.get(),
                threads0, peak, threads1, fds0, fds(pid), heap0, heapKb(pid), Map.copyOf(errors));
            return r;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw io.stratum.wal.StratumException.of(io.stratum.wal.ErrorCode.CLOSED, "interrupted");
        }
    }

    private static void round(final String url, final int n) {
        for (int i = 0; i < n; i++) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.executeQuery("SELECT count(*) FROM pg_class").close();
            } catch (final SQLException e) {
                // the warm-up only primes the compute's caches
            }
        }
    }

    static long threads(final long pid) {
        try {
            for (final String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith("Threads:")) {
                    return Long.parseLong(l.substring(8).trim());
                }
            }
            return -1;
        } catch (final IOException e) {
            return -1;
        }
    }

    static long fds(final long pid) {
        try (var s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.count();
        } catch (final IOException e) {
            return -1;
        }
    }

    /** Heap in use after a full GC, from {@code jcmd PID GC.run} and {@code GC.heap_info}; -1 when unknown. */
    static long heapKb(final long pid) {
        try {
            final String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
            final Process p = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            long used = -1;
            for (final String line : out.split("\n")) {
                if (line.contains("generation") || line.contains("heap")) {
                    final Matcher m = HEAP_USED.matcher(line);
                    if (m.find()) {
                        used = Math.max(0, used) + Long.parseLong(m.group(1));
                    }
                }
            }
            return used;
        } catch (final IOException e) {
            return -1;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
