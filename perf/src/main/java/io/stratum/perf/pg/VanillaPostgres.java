package io.stratum.perf.pg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway vanilla PostgreSQL 15 (fsync and synchronous_commit on, trust auth on 127.0.0.1), the oracle
 * that Stratum's behaviour is compared with and the peer of {@code stratum bench pgbench}. initdb refuses to
 * run as root, so when this JVM is root the server runs as the {@code postgres} user in a directory that
 * user owns. The port is picked at random and the start retried on another one only when the server
 * reports the address in use. Threads: none (the server is a child process tree, stopped by {@link #close()}).
 */
public final class VanillaPostgres implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final boolean asPostgres;

    private VanillaPostgres(final Path dir, final int port, final boolean asPostgres) {
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Whether a PostgreSQL 15 server binary is installed. */
    public static boolean available() {
        return PgClients.binDir() != null && Files.isExecutable(PgClients.binDir().resolve("initdb"));
    }

    /** initdb + start; {@code settings} are extra postgresql.conf lines (e.g. shared_buffers = 256MB). */
    public static VanillaPostgres start(final List<String> settings) {
        final boolean root = "root".equals(System.getProperty("user.name"));
        try {
            final Path dir = Files.createTempDirectory(Path.of("/tmp"), "stratum-vanilla-pg");
            if (root) {
                run(List.of("chown", "postgres:postgres", dir.toString()), false);
            }
            run(List.of(bin("initdb"), "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"), root);
            for (int attempt = 0; attempt < 5; attempt++) {
                final int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
                final StringBuilder conf = new StringBuilder();
                conf.append("port = ").append(port).append('\n')
                    .append("listen_addresses = '127.0.0.1'\n")
                    .append("unix_socket_directories = '").append(dir).append("'\n")
                    .append("fsync = on\nsynchronous_commit = on\nmax_connections = 100\n");
                for (final String s : settings) {
                    conf.append(s).append('\n');
                }
                final Path auto = dir.resolve("data").resolve("postgresql.auto.conf");
                if (root) {
                    final Path tmp = Files.createTempFile("pgconf", ".conf");
                    Files.writeString(tmp, conf);
                    run(List.of("cp", tmp.toString(), auto.toString()), true);
                    Files.deleteIfExists(tmp);
                } else {
                    Files.writeString(auto, conf);
                }
                final PgClients.Result r = runResult(List.of(bin("pg_ctl"), "-D", dir.resolve("data").toString(),
                    "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "start"), root);
                if (r.exitCode() == 0) {
                    return new VanillaPostgres(dir, port, root);
                }
                final String log = readLog(dir.resolve("server.log"));
                if (!log.contains("Address already in use")) {
                    throw new IllegalStateException("vanilla PostgreSQL did not start: " + r.all() + "\n" + log);
                }
            }
            throw new IllegalStateException("vanilla PostgreSQL found no free port in 5 tries");
        } catch (final IOException e) {
            throw new IllegalStateException("cannot prepare vanilla PostgreSQL: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The superuser every client connects as. */
    public String user() {
        return "postgres";
    }

    /** Runs psql against database {@code postgres} (see {@link PgClients#psql}). */
    public PgClients.Result psql(final String script, final String... extra) {
        return PgClients.psql(host(), port, user(), "postgres", script, 120, extra);
    }

    @Override
    public void close() {
        runResult(List.of(bin("pg_ctl"), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"),
            asPostgres);
        runResult(List.of("rm", "-rf", dir.toString()), false);
    }

    private static String bin(final String name) {
        return PgClients.binDir().resolve(name).toString();
    }

    private static String readLog(final Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (final IOException e) {
            return "";
        }
    }

    private static void run(final List<String> cmd, final boolean asPostgres) {
        final PgClients.Result r = runResult(cmd, asPostgres);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd) + "\n" + r.all());
        }
    }

    private static PgClients.Result runResult(final List<String> cmd, final boolean asPostgres) {
        final List<String> full = new java.util.ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        return PgClients.run(full, null, 120, Map.of());
    }
}
