package io.stratum.compute.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Found by {@code stratum chaos --load 500 --minutes 10}: the listening socket's accept queue was a fixed 128,
 * so 500 clients connecting at once overflowed it whenever the acceptor waited for a CPU, the kernel dropped
 * their SYNs and 800 connection attempts timed out. It is now twice the connection limit, as in PostgreSQL.
 */
class PgServerBacklogTest {
    @Test
    void theAcceptQueueHoldsTwiceTheConnectionLimit() throws Exception {
        final Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        assumeTrue(Files.isReadable(somaxconn), "Linux only");
        assumeTrue(Integer.parseInt(Files.readAllLines(somaxconn).get(0).trim()) >= 1000, "net.core.somaxconn caps the queue");
        try (PgServer s = PgServer.start(PgServerConfig.builder().port(0).maxConnections(500).build(),
                new FakeSessionFactory())) {
            final long queue = listenQueue(s.port());
            assumeTrue(queue >= 0, "ss (iproute2) is needed to read the accept queue's size");
            assertEquals(1000, queue, "the accept queue of port " + s.port());
        }
        assertEquals(128, PgServer.backlog(10));
        assertTrue(PgServer.backlog(100_000) <= 10_000);
    }

    /** The accept queue's size of the socket listening on {@code port} (ss's Send-Q), or -1 when unknown. */
    private static long listenQueue(final int port) throws InterruptedException {
        final Process p;
        try {
            p = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).redirectErrorStream(true).start();
        } catch (final IOException e) {
            return -1;
        }
        final String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (final IOException e) {
            return -1;
        }
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
            return -1;
        }
        // LISTEN 0 1000 127.0.0.1:PORT 0.0.0.0:*
        return Long.parseLong(out.split("\\s+")[2]);
    }
}
