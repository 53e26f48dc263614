package io.stratum.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A base port for WAL nodes whose next N ports are free now. Raft peers must know each other's addresses
 * before any of them binds, so these ports cannot be chosen by binding port 0; every other listener of the
 * cluster binds port 0 itself. A later bind of one of these ports can still lose a race with another
 * process; the WAL node then fails to start with the address in the error.
 */
final class FreePorts {
    private FreePorts() {
    }

    static int walPortBase(final int n) {
        for (int attempt = 0; attempt < 100; attempt++) {
            final int base = ThreadLocalRandom.current().nextInt(20_000, 60_000 - n - 1);
            if (allFree(base + 1, n)) {
                return base;
            }
        }
        throw new UncheckedIOException(new IOException("no " + n + " consecutive free ports found"));
    }

    private static boolean allFree(final int first, final int n) {
        for (int p = first; p < first + n; p++) {
            try (ServerSocket s = new ServerSocket(p)) {
                s.setReuseAddress(true);
            } catch (final IOException e) {
                return false;
            }
        }
        return true;
    }
}
