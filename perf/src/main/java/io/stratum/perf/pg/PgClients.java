package io.stratum.perf.pg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real PostgreSQL 15 clients ({@code psql}, {@code pgbench}) as child processes with a bounded
 * run time, capturing their output. Threads: none (output goes to temporary files).
 */
public final class PgClients {
    /** What a client printed and how it exited. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** stdout, then stderr, for assertion messages. */
        public String all() {
            return stdout + (stderr.isEmpty() ? "" : "\n--- stderr ---\n" + stderr);
        }
    }

    private PgClients() {
    }

    /** The directory holding psql, pgbench, initdb of PostgreSQL 15, or null when not installed. */
    public static Path binDir() {
        final Path p = Path.of("/usr/lib/postgresql/15/bin");
        return Files.isExecutable(p.resolve("psql")) ? p : null;
    }

    /** Whether psql and pgbench 15 are installed here. */
    public static boolean available() {
        return binDir() != null && Files.isExecutable(binDir().resolve("pgbench"));
    }

    /**
     * Runs {@code psql -X -v ON_ERROR_STOP=0 -h host -p port -U user -d database} with {@code script} on
     * standard input (the flags a test wants, e.g. {@code -A -t}, go in {@code extra}).
     */
    public static Result psql(final String host, final int port, final String user, final String database,
                              final String script, final long timeoutSeconds, final String... extra) {
        final List<String> cmd = new ArrayList<>(List.of(binDir().resolve("psql").toString(), "-X", "-h", host,
            "-p", Integer.toString(port), "-U", user, "-d", database));
        cmd.addAll(List.of(extra));
        return run(cmd, script, timeoutSeconds, Map.of());
    }

    /** Runs {@code pgbench -h host -p port -U user ARGS database}. */
    public static Result pgbench(final String host, final int port, final String user, final String database,
                                 final long timeoutSeconds, final String... args) {
        final List<String> cmd = new ArrayList<>(List.of(binDir().resolve("pgbench").toString(), "-h", host,
            "-p", Integer.toString(port), "-U", user));
        cmd.addAll(List.of(args));
        cmd.add(database);
        return run(cmd, null, timeoutSeconds, Map.of());
    }

    /** Runs a command with {@code stdin} as its input, killing it after {@code timeoutSeconds}. */
    public static Result run(final List<String> cmd, final String stdin, final long timeoutSeconds,
                             final Map<String, String> env) {
        Path in = null;
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("stratum-client", ".out");
            err = Files.createTempFile("stratum-client", ".err");
            final ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("PGCONNECT_TIMEOUT", "20");
            pb.environment().putAll(env);
            if (stdin != null) {
                in = Files.createTempFile("stratum-client", ".in");
                Files.writeString(in, stdin, StandardCharsets.UTF_8);
                pb.redirectInput(in.toFile());
            } else {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            final Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(-1, Files.readString(out), Files.readString(err) + "\n(killed after "
                    + timeoutSeconds + " s)");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + cmd, e);
        } finally {
            for (final Path p : new Path[] {in, out, err}) {
                if (p != null) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (final IOException ignored) {
                        // a temporary file
                    }
                }
            }
        }
    }
}
