package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ports handed out for listeners that bind later: distinct, below the ephemeral range, free when handed out. */
class PeerPortsTest {
    @Test
    void portsAreDistinctBelowTheEphemeralRangeAndBindable() throws Exception {
        final Set<Integer> seen = new HashSet<>();
        for (final int p : PeerPorts.next(200)) {
            assertTrue(p >= PeerPorts.LOW && p < PeerPorts.HIGH, "port " + p);
            assertTrue(seen.add(p), "handed out twice: " + p);
        }
        final int base = PeerPorts.base(3);
        final ServerSocket[] held = new ServerSocket[3];
        try {
            for (int i = 0; i < 3; i++) {
                assertTrue(seen.add(base + 1 + i), "handed out twice: " + (base + 1 + i));
                held[i] = new ServerSocket();
                held[i].bind(new InetSocketAddress("127.0.0.1", base + 1 + i));
                assertEquals(base + 1 + i, held[i].getLocalPort());
            }
        } finally {
            for (final ServerSocket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aPortSomeoneHoldsIsNotHandedOut() throws Exception {
        final int probe = PeerPorts.next(); // the counter is past it now; hold the ones after it
        final ServerSocket[] held = new ServerSocket[8];
        try {
            for (int i = 0; i < held.length; i++) {
                held[i] = new ServerSocket();
                held[i].bind(new InetSocketAddress("127.0.0.1", probe + 1 + i));
            }
            final int p = PeerPorts.next();
            assertTrue(p < probe + 1 || p > probe + held.length, "handed out a held port: " + p);
        } finally {
            for (final ServerSocket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }
}
