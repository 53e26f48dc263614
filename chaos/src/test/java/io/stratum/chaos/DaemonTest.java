package io.stratum.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon that dies without the nemesis is reported (the campaign used to restart it silently at heal). */
class DaemonTest {
    private static final Pattern READY = Pattern.compile("ready (\\d+)");

    @TempDir
    Path dir;

    private Daemon daemon(final String script) {
        return new Daemon("d", List.of("sh", "-c", script), dir.resolve("logs").resolve("d.log"), READY);
    }

    @Test
    void anExitOfItsOwnIsReportedOnceAtTheNextStart() throws Exception {
        final Daemon d = daemon("echo ready 1; exit 3");
        d.start(30_000);
        awaitDead(d);
        d.start(30_000);
        awaitDead(d);
        final List<String> exits = d.unexpectedExits();
        assertEquals(2, exits.size(), exits::toString);
        assertTrue(exits.get(0).contains("status 3"), exits::toString);
    }

    @Test
    void killsAndStopsAreNotReported() throws Exception {
        final Daemon d = daemon("echo ready 1; exec sleep 60");
        d.start(30_000);
        d.kill9();
        d.start(30_000);
        d.pause();
        d.stop(10_000);
        assertEquals(List.of(), d.unexpectedExits());
    }

    private static void awaitDead(final Daemon d) throws InterruptedException {
        assertTrue(d.awaitExit(30_000), "the script exited");
    }
}
