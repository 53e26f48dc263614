package io.stratum.raft;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.util.CodeInjectionForTesting;

/**
 * Cuts one WAL node of a {@link TestCluster} off from its peers, inside the JVM, through Ratis's own test hooks
 * ({@link CodeInjectionForTesting}, run by {@code RaftServerImpl} first thing when it handles a peer's
 * appendEntries, requestVote, installSnapshot or startLeaderElection): while cut, every such request the node
 * receives and every one it sends fails with an I/O error, as a broken link would. Client requests (appends,
 * status, the stream endpoint) still reach it. The hooks are global to the JVM: {@link #close} removes them.
 */
final class Partition implements CodeInjectionForTesting.Code, AutoCloseable {
    /** RaftServerImpl's injection point constants (package-private there), read by name: a rename fails here. */
    private static final List<String> POINTS = List.of("APPEND_ENTRIES", "REQUEST_VOTE", "INSTALL_SNAPSHOT",
        "START_LEADER_ELECTION");

    private final List<String> keys = new ArrayList<>();
    private volatile String cut; // the Ratis peer id of the node cut off, or null

    Partition() {
        try {
            final Class<?> impl = Class.forName("org.apache.ratis.server.impl.RaftServerImpl");
            for (final String name : POINTS) {
                final Field f = impl.getDeclaredField(name);
                f.setAccessible(true);
                keys.add((String) f.get(null));
            }
        } catch (final ReflectiveOperationException e) {
            throw new IllegalStateException("Ratis's RaftServerImpl injection points moved: " + e, e);
        }
        for (final String k : keys) {
            CodeInjectionForTesting.put(k, this);
        }
    }

    /** Cuts {@code node} off from every peer. */
    void isolate(final int node) {
        cut = RaftSettings.peerId(node).toString();
    }

    /** Joins the cut-off node again. */
    void heal() {
        cut = null;
    }

    @Override
    public boolean execute(final Object localId, final Object remoteId, final Object... args) {
        final String c = cut;
        if (c != null && (c.equals(String.valueOf(localId)) || c.equals(String.valueOf(remoteId)))) {
            // an IOException, which Ratis answers to the sender as a failed RPC (a RuntimeException would escape
            // the Netty handler and leave the sender waiting for its timeout)
            throw Partition.<RuntimeException>sneaky(new IOException("partitioned by the test: " + remoteId + " -> "
                + localId));
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(final Throwable e) throws E {
        throw (E) e;
    }

    @Override
    public void close() {
        cut = null;
        for (final String k : keys) {
            CodeInjectionForTesting.remove(k);
        }
    }
}
