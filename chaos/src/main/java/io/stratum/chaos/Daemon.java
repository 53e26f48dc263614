package io.stratum.chaos;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One daemon ({@code stratum wal-node}, {@code pageserver} or {@code compute}) as a child JVM: started with
 * its output appended to a log file, ready once that file shows the daemon's "running" line (whose ports
 * the caller reads back), killed with SIGKILL, paused with SIGSTOP and resumed with SIGCONT.
 * <p>Threads: none (the JVM's process reaper only).
 */
final class Daemon {
    private final String name;
    private final List<String> command;
    private final Path log;
    private final Pattern ready;
    private Process process;
    private boolean paused;
    private boolean exitExpected;
    private Matcher lastReady;
    private final List<String> unexpectedExits = new ArrayList<>();

    Daemon(final String name, final List<String> command, final Path log, final Pattern ready) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.ready = ready;
    }

    String name() {
        return name;
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Waits up to {@code millis} for the current process to exit; returns whether it has. */
    boolean awaitExit(final long millis) throws InterruptedException {
        final Process p;
        synchronized (this) {
            p = process;
        }
        return p == null || p.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    synchronized boolean paused() {
        return paused;
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** The match of the ready line of the last start (its groups carry the ports the daemon printed). */
    synchronized Matcher ready() {
        return lastReady;
    }

    /** Starts the process and waits (at most {@code timeoutMs}) for its ready line. */
    synchronized void start(final long timeoutMs) {
        if (alive()) {
            throw StratumException.of(ErrorCode.ALREADY_EXISTS, "daemon already running", "daemon", name);
        }
        noteUnexpectedExit();
        try {
            Files.createDirectories(log.getParent());
            final long from = Files.exists(log) ? Files.size(log) : 0;
            process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            paused = false;
            exitExpected = false;
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (System.nanoTime() < deadline) {
                final Matcher m = scan(from);
                if (m != null) {
                    lastReady = m;
                    return;
                }
                if (!process.isAlive()) {
                    throw StratumException.of(ErrorCode.UNAVAILABLE, "daemon exited while starting", "daemon", name,
                        "status", process.exitValue(), "log", log);
                }
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
            throw StratumException.of(ErrorCode.TIMEOUT, "daemon did not start", "daemon", name, "log", log);
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot start daemon", "daemon", name,
                "error", e.getMessage());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StratumException.of(ErrorCode.CLOSED, "interrupted while starting", "daemon", name);
        }
    }

    private Matcher scan(final long from) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            final long len = f.length();
            if (len <= from) {
                return null;
            }
            final byte[] b = new byte[(int) Math.min(len - from, 1 << 20)];
            f.seek(from);
            f.readFully(b);
            for (final String line : new String(b, StandardCharsets.UTF_8).split("\n")) {
                final Matcher m = ready.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            return null;
        }
    }

    /**
     * The exits nobody asked for (no {@link #kill9()}, no {@link #stop(long)}): a crash, an out-of-memory
     * error, a daemon that gave up. Each is seen at the next {@link #start(long)} or by this call.
     */
    synchronized List<String> unexpectedExits() {
        noteUnexpectedExit();
        return List.copyOf(unexpectedExits);
    }

    private void noteUnexpectedExit() {
        if (process != null && !process.isAlive() && !exitExpected) {
            unexpectedExits.add(name + " (pid " + process.pid() + ") exited on its own with status "
                + process.exitValue() + "; log " + log);
            exitExpected = true; // reported once
        }
    }

    /** {@code kill -9}: no shutdown hook, nothing flushed; waits until the process is gone. */
    synchronized void kill9() {
        if (process == null) {
            return;
        }
        noteUnexpectedExit();
        exitExpected = true;
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw StratumException.of(ErrorCode.TIMEOUT, "daemon survived SIGKILL", "daemon", name);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        paused = false;
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing until {@link #resume()}. */
    synchronized void pause() {
        if (alive() && !paused) {
            signal("STOP");
            paused = true;
        }
    }

    /** SIGCONT. */
    synchronized void resume() {
        if (alive() && paused) {
            signal("CONT");
            paused = false;
        }
    }

    private void signal(final String sig) {
        try {
            final Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
            if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
                throw StratumException.of(ErrorCode.FAILED, "kill failed", "signal", sig, "daemon", name);
            }
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot run kill", "signal", sig, "daemon", name);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGCONT (if paused) then SIGTERM, then SIGKILL after {@code graceMs}. */
    synchronized void stop(final long graceMs) {
        if (process == null) {
            return;
        }
        resume();
        noteUnexpectedExit();
        exitExpected = true;
        process.destroy();
        try {
            if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                kill9();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            kill9();
        }
    }

    /** Writes the process's thread dump ({@code jcmd PID Thread.print}) to {@code file}, for a failed run. */
    synchronized void threadDump(final Path file) {
        if (!alive()) {
            return;
        }
        try {
            final Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "Thread.print").redirectErrorStream(true)
                .redirectOutput(file.toFile()).start();
            j.waitFor(30, TimeUnit.SECONDS);
        } catch (final IOException e) {
            // no dump, no harm
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The java command for a {@code stratum} subcommand: this JVM's binary, flags and class path. */
    static List<String> javaCommand(final String mainClass, final String heap, final List<String> args) {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "-Dchronicle.analytics.disable=true",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.log.org.apache.ratis=error",
            "-Dorg.slf4j.simpleLogger.log.org.apache.ratis.client.impl.OrderedAsync=off",
            "-Xmx" + heap, "-XX:MaxDirectMemorySize=256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        return cmd;
    }

    @Override
    public String toString() {
        return name;
    }
}
