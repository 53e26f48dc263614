package io.stratum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.perf.pg.PgClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's branching transcripts ("Branches and time travel", "Diff and merge"), run exactly as written
 * against {@code bin/stratum start} and psql, from the repository root, in one shell: every command's
 * output must be the README's, up to what changes from run to run (LSNs, times, timeline ids, backup names'
 * stamps, durations, sizes, pids, the column widths these change). Needs psql. It is an integration test
 * (failsafe, after {@code package}), because {@code bin/stratum} runs {@code cli/target/stratum.jar}: as a
 * unit test it ran before the jar existed and was skipped on every clean build, CI's included. A missing or
 * stale jar (older than a source, so that {@code bin/stratum} would build) is therefore a failure, not a
 * skip. It uses the default ports, so it runs under the build lock like every cluster here, and refuses to
 * run over an existing {@code .stratum}.
 */
@Tag("slow")
class ReadmeTranscriptIT {
    /** One command of a transcript and the output the README shows for it. */
    record Step(String command, String expected) {
    }

    @Test
    void theBranchingTranscriptsOfTheReadmeRunAsWritten() throws Exception {
        final Path root = repositoryRoot();
        Assumptions.assumeTrue(PgClients.available(), "psql (PostgreSQL 15) is not installed");
        assertTrue(jarIsFresh(root), "cli/target/stratum.jar is missing or older than the sources (run mvn verify)");
        assertFalse(Files.exists(root.resolve(".stratum")), "a cluster directory .stratum exists in " + root);
        awaitComputePortFree();
        final String readme = Files.readString(root.resolve("README.md"));
        final List<Step> steps = new ArrayList<>();
        steps.addAll(transcript(readme, "## Branches and time travel"));
        steps.addAll(transcript(readme, "### Diff and merge"));
        assertTrue(steps.size() > 30, "transcripts found: " + steps.size());
        final StringBuilder script = new StringBuilder("cd '" + root + "'\n");
        for (int i = 0; i < steps.size(); i++) {
            script.append("echo '@@step ").append(i).append("'\n").append(steps.get(i).command()).append(" 2>&1\n");
        }
        final Path sh = Files.createTempFile("readme", ".sh");
        Files.writeString(sh, script);
        final Process p = new ProcessBuilder("sh", sh.toString()).redirectErrorStream(true).start();
        final String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the transcript took over 10 minutes");
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            new ProcessBuilder("sh", "-c", "cd '" + root + "' && (bin/stratum stop >/dev/null 2>&1; rm -rf .stratum)")
                .inheritIO().start().waitFor(2, TimeUnit.MINUTES);
            Files.deleteIfExists(sh);
        }
        final String[] got = out.split("@@step \\d+\n", -1);
        assertEquals(steps.size() + 1, got.length, out);
        final StringBuilder wrong = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            final String want = normalise(steps.get(i).expected());
            final String have = normalise(got[i + 1]);
            if (!want.equals(have)) {
                wrong.append("step ").append(i).append(": $ ").append(steps.get(i).command()).append("\nREADME:\n")
                    .append(want).append("got:\n").append(have);
            }
        }
        assertEquals("", wrong.toString(), "whole output:\n" + out);
    }

    /** The commands and outputs of the first code block after {@code heading}. */
    static List<Step> transcript(final String readme, final String heading) {
        final int h = readme.indexOf("\n" + heading + "\n");
        assertTrue(h >= 0, "no heading " + heading);
        final int start = readme.indexOf("```\n", h) + 4;
        final int end = readme.indexOf("\n```", start);
        final List<Step> out = new ArrayList<>();
        String cmd = null;
        StringBuilder exp = new StringBuilder();
        for (final String line : readme.substring(start, end).split("\n", -1)) {
            if (line.startsWith("$ ")) {
                if (cmd != null) {
                    out.add(new Step(cmd, exp.toString()));
                }
                cmd = line.substring(2);
                exp = new StringBuilder();
            } else {
                exp.append(line).append('\n');
            }
        }
        out.add(new Step(cmd, exp.toString()));
        return out;
    }

    /** What stays the same from run to run, line by line, spaces collapsed, trailing blank lines dropped. */
    static String normalise(final String s) {
        final StringBuilder out = new StringBuilder();
        for (String line : s.split("\n")) {
            line = line.replaceAll("\\b[0-9A-F]{1,8}/[0-9A-F]{1,8}\\b", "LSN")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "TIME")
                .replaceAll("\\b[0-9a-f]{32}\\b", "TIMELINE")
                .replaceAll("_old_\\d{8}t\\d{6}", "_old_STAMP")
                .replaceAll("in \\d+(\\.\\d+)? ms", "in N ms")
                .replaceAll("\\(pid \\d+\\)\\.*", "(pid N)...")
                .replaceAll("\\d+(\\.\\d+)? (B|KiB|MiB|GiB)\\b", "SIZE")
                .replaceAll("\\s+", " ").trim();
            out.append(line).append('\n');
        }
        return out.toString().replaceAll("\n+$", "");
    }

    /**
     * Waits (at most 90 s) until the README's PostgreSQL port 55432 can be listened on. It lies inside Linux's
     * ephemeral range (32768-60999): after the unit tests' thousands of client connections, one that had
     * local port 55432 and closed first leaves a TIME_WAIT socket without SO_REUSEADDR, which blocks a
     * listener on that port for 60 s ({@code stratum start} then fails with "cannot listen [port=55432]";
     * seen once in a full verify). {@code .ci/run} reserves the port ({@code ip_local_reserved_ports}) where
     * it may; this wait covers machines where it may not. It polls the kernel's timer, not another thread.
     */
    private static void awaitComputePortFree() throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new java.net.InetSocketAddress("127.0.0.1", 55432));
                return;
            } catch (final java.io.IOException e) {
                assertTrue(System.nanoTime() < deadline, "port 55432 stayed in use for 90 s: " + e);
                Thread.sleep(1000);
            }
        }
    }

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("bin/stratum"))) {
            p = p.getParent();
        }
        assertTrue(p != null, "no bin/stratum above " + Path.of("").toAbsolutePath());
        return p;
    }

    /** As bin/stratum decides: the jar exists and no source or POM is newer. */
    private static boolean jarIsFresh(final Path root) throws Exception {
        final Path jar = root.resolve("cli/target/stratum.jar");
        if (!Files.exists(jar)) {
            return false;
        }
        final Process p = new ProcessBuilder("sh", "-c", "find . -path ./.git -prune -o -path '*/target' -prune -o "
            + "\\( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \\) -newer cli/target/stratum.jar "
            + "-print | head -n 1").directory(root.toFile()).start();
        final String newer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return newer.isEmpty();
    }
}
