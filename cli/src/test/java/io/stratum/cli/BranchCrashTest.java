package io.stratum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.perf.pg.PgClients;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A branch that {@code stratum branch create} acknowledged survives a crash of the cluster: the cluster
 * process is killed with SIGKILL (no shutdown hook, nothing flushed by the process) right after the command
 * returns, started again on the same directory, and the branch is listed, answers queries, and holds the row
 * written on it before the crash. (Create answers only after the engine's timeline metadata, the WAL
 * service's timeline and the name in {@code cluster.ids} are durable; the compute opening the new branch's
 * store lazily changes none of that.)
 */
class BranchCrashTest {
    @TempDir
    Path dir;

    private static String[] run(final String... args) {
        final StringWriter out = new StringWriter();
        final CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        return new String[] {Integer.toString(cl.execute(args)), out.toString()};
    }

    private static String lastLine(final String s) {
        final String[] l = s.trim().split("\n");
        return l[l.length - 1];
    }

    @Test
    void anAcknowledgedBranchSurvivesSigkill() throws Exception {
        final int[] p = ClusterCommandsTest.ports();
        final String d = dir.resolve("c").toString();
        final String[] startArgs = {"start", "--dir", d, "--wal-port-base", Integer.toString(p[0]),
            "--pageservice-port", Integer.toString(p[1]), "--http-port", Integer.toString(p[2]), "--port", "0",
            "--compute-http-port", "0"};
        final String[] start = run(startArgs);
        assertEquals("0", start[0], start[1]);
        boolean running = true;
        try {
            final String[] create = run("branch", "create", "dev", "--dir", d);
            assertEquals("0", create[0], create[1]);
            final String url = lastLine(create[1]);
            final String host = "127.0.0.1";
            final int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/dev$", "$1"));
            final PgClients.Result w = PgClients.psql(host, port, "stratum", url,
                "create table t (id int primary key);\ninsert into t values (7);\n", 60, "-At");
            assertEquals(0, w.exitCode(), w.all());
            final String[] second = run("branch", "create", "dev2", "--from", "dev", "--dir", d);
            assertEquals("0", second[0], second[1]);

            final long pid = Long.parseLong(Files.readString(Path.of(d, "cluster.pid")).trim().split(" ")[0]);
            final ProcessHandle cluster = ProcessHandle.of(pid).orElseThrow();
            assertTrue(cluster.destroyForcibly(), "SIGKILL sent");
            cluster.onExit().get(60, TimeUnit.SECONDS);
            running = false;

            final String[] again = run(startArgs);
            assertEquals("0", again[0], again[1]);
            running = true;
            final String[] list = run("branch", "list", "--dir", d);
            assertEquals("0", list[0], list[1]);
            assertTrue(list[1].contains("\n  dev ") && list[1].contains("\n    dev2 "), list[1]);
            final String[] url2 = run("branch", "list", "--dir", d, "--json");
            final int port2 = Integer.parseInt(url2[1].replaceAll("(?s).*\"connection\":\"postgresql://stratum@127\\.0\\.0\\.1:(\\d+)/dev2\".*", "$1"));
            for (final String b : new String[] {"dev", "dev2"}) {
                final PgClients.Result r = PgClients.psql(host, port2, "stratum",
                    "postgresql://stratum@127.0.0.1:" + port2 + "/" + b, "select id from t;\n", 60, "-At");
                assertEquals(0, r.exitCode(), r.all());
                assertEquals("7", r.stdout().trim(), b + ": " + r.all());
            }
        } finally {
            if (running) {
                final String[] stop = run("stop", "--dir", d);
                assertEquals("0", stop[0], stop[1]);
            }
        }
    }
}
