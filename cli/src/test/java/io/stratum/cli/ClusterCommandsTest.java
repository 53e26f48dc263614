package io.stratum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.raft.PeerPorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** start / status / branch / stop as a user runs them. */
@Tag("slow")
class ClusterCommandsTest {
    @TempDir
    Path dir;

    /** A WAL port base (nodes on base + 1..3) and two more ports, for a cluster started by the CLI ({@link PeerPorts}). */
    static int[] ports() {
        final int base = PeerPorts.base(3);
        final int[] p = PeerPorts.next(2);
        return new int[] {base, p[0], p[1]};
    }

    private static String[] run(final String... args) {
        final StringWriter out = new StringWriter();
        final CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        final int exit = cl.execute(args);
        return new String[] {Integer.toString(exit), out.toString()};
    }

    @Test
    void startStatusStopAsAUserRunsThem() throws Exception {
        final int[] p = ports();
        final String d = dir.resolve("c").toString();
        // the compute on free ports too (0): the defaults 55432 and 9880 may be taken on a build machine
        final String[] start = run("start", "--dir", d, "--wal-port-base", Integer.toString(p[0]),
            "--pageservice-port", Integer.toString(p[1]), "--http-port", Integer.toString(p[2]), "--port", "0",
            "--compute-http-port", "0");
        boolean started = false;
        try {
            assertEquals("0", start[0], start[1]);
            started = true;
            assertTrue(start[1].contains("branch main:"), start[1]);
            final String[] again = run("start", "--dir", d);
            assertEquals("4", again[0], "a second start is refused: " + again[1]);
            assertTrue(again[1].contains("already running"), again[1]);
            final String[] status = run("status", "--dir", d);
            assertEquals("0", status[0], status[1]);
            assertTrue(status[1].contains("wal-node 3") && status[1].contains("leader"), status[1]);
            assertTrue(status[1].contains("pageserver") && status[1].contains("last record 0/1000000"), status[1]);

            final String[] create = run("branch", "create", "dev", "--dir", d, "--at", "0/1000000");
            assertEquals("0", create[0], create[1]);
            assertEquals("4", run("branch", "create", "dev", "--dir", d)[0], "a branch name is unique");
            assertEquals("2", run("branch", "create", "No Good", "--dir", d)[0]);
            assertEquals("0", run("branch", "create", "feature", "--from", "dev", "--dir", d)[0]);
            final String[] list = run("branch", "list", "--dir", d);
            assertEquals("0", list[0], list[1]);
            assertTrue(list[1].matches("(?s).*\\n    feature +dev +0/1000000 .*"), list[1]);
            assertEquals("12", run("branch", "delete", "dev", "--dir", d)[0], "a parent with children stays");
            assertEquals("0", run("branch", "delete", "feature", "--dir", d)[0]);
            assertEquals("0", run("branch", "delete", "dev", "--dir", d)[0]);
            assertEquals("2", run("branch", "delete", "main", "--dir", d)[0]);
            assertTrue(!run("branch", "list", "--dir", d)[1].contains("dev"));
        } finally {
            final String[] stop = run("stop", "--dir", d);
            if (started) { // else the start's own failure above is the one to report
                assertEquals("0", stop[0], stop[1]);
                assertTrue(stop[1].contains("stopped"), stop[1]);
            }
        }
        final String[] after = run("status", "--dir", d);
        assertEquals("3", after[0], after[1]);
        assertTrue(after[1].contains("not running"), after[1]);
    }
}
