package io.stratum.raft;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for listeners whose number must be known before they bind: Raft peers (every peer needs every
 * address before the first one starts) and daemons started as child processes. Every other listener binds
 * port 0 itself and reports the port it got.
 *
 * <p>Why not bind port 0, read the number and release it: until the listener binds it, the kernel may hand
 * that ephemeral port to any outgoing connection as its source port, and the listener then fails with
 * "Address already in use". These ports come from below Linux's default ephemeral range (32768-60999), so no
 * outgoing connection takes them; each is handed out once per JVM (starting at a point picked by the process
 * id, so that two JVMs rarely walk the same ports) and checked free when handed out. Another process may
 * still bind one first; the listener then fails with the address in its error.
 *
 * <p>Threads: any; the counter is atomic.
 */
public final class PeerPorts {
    /** The range handed out: {@code [LOW, HIGH)}. */
    static final int LOW = 20_000;
    static final int HIGH = 32_000;
    private static final AtomicInteger NEXT =
        new AtomicInteger(LOW + (int) (ProcessHandle.current().pid() * 7919 % (HIGH - LOW)));

    private PeerPorts() {
    }

    /** One free port, not handed out before by this JVM. */
    public static int next() {
        return base(1) + 1;
    }

    /** {@code n} free ports, not handed out before by this JVM (not necessarily consecutive). */
    public static int[] next(final int n) {
        final int[] ports = new int[n];
        for (int i = 0; i < n; i++) {
            ports[i] = next();
        }
        return ports;
    }

    /**
     * A base {@code b} such that {@code b + 1 .. b + n} are free and were not handed out before by this JVM
     * (a local cluster's WAL node {@code i} listens on {@code base + i}).
     *
     * @throws StratumException UNAVAILABLE when the whole range was walked without finding them
     */
    public static int base(final int n) {
        for (int tries = 0; tries < 2 * (HIGH - LOW); tries++) {
            final int first = take(n);
            if (first >= 0 && allFree(first, n)) {
                return first - 1;
            }
        }
        throw StratumException.of(ErrorCode.UNAVAILABLE, "no free ports below the ephemeral range",
            "from", LOW, "to", HIGH - 1, "wanted", n);
    }

    /** Claims {@code k} consecutive ports of the range; -1 when they would wrap (the counter is reset). */
    private static int take(final int k) {
        while (true) {
            final int at = NEXT.get();
            if (at + k > HIGH) {
                if (NEXT.compareAndSet(at, LOW)) {
                    return -1;
                }
            } else if (NEXT.compareAndSet(at, at + k)) {
                return at;
            }
        }
    }

    private static boolean allFree(final int first, final int n) {
        for (int p = first; p < first + n; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress("127.0.0.1", p));
            } catch (final IOException taken) {
                return false;
            }
        }
        return true;
    }
}
