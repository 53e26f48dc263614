package io.stratum.raft.statemachine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a fail-stopped node's leadership of a group to a healthy peer, so that the group stays writable while
 * the failed node applies and serves nothing: a leader whose WAL copy failed would otherwise refuse every
 * append (FAILED) until it is restarted. Peers are tried in configuration order; Ratis refuses one that is
 * not caught up, and then the next is tried.
 * <p>Threads: one short-lived daemon thread per hand-over ({@code stratum-wal-handover}), started on a fail-stop
 * and whenever the failed node is elected again.
 */
final class LeaderHandover {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderHandover.class);
    private static final ClientId CLIENT = ClientId.randomId();
    private static final AtomicLong CALLS = new AtomicLong();
    private static final long TIMEOUT_MS = 5_000;

    private LeaderHandover() {
    }

    /** Starts handing over leadership of {@code group} if {@code server} leads it; returns at once. */
    static void start(final CompletableFuture<RaftServer> server, final RaftGroupId group, final Object tenant) {
        final Thread t = new Thread(() -> {
            try {
                run(server.get(TIMEOUT_MS, TimeUnit.MILLISECONDS), group, tenant);
            } catch (final Exception e) {
                LOG.error("tenant {}: could not hand over the leadership of a fail-stopped WAL node: {}", tenant,
                    e.toString());
            }
        }, "stratum-wal-handover");
        t.setDaemon(true);
        t.start();
    }

    private static void run(final RaftServer server, final RaftGroupId group, final Object tenant) throws Exception {
        final RaftServer.Division d = server.getDivision(group);
        if (!d.getInfo().isLeader()) {
            return;
        }
        for (final RaftPeer p : d.getRaftConf().getCurrentPeers()) {
            if (p.getId().equals(server.getId())) {
                continue;
            }
            final TransferLeadershipRequest req = new TransferLeadershipRequest(CLIENT, server.getId(), group,
                CALLS.incrementAndGet(), p.getId(), TIMEOUT_MS);
            try {
                final RaftClientReply r = server.transferLeadershipAsync(req).get(2 * TIMEOUT_MS, TimeUnit.MILLISECONDS);
                if (r.isSuccess()) {
                    LOG.warn("tenant {}: fail-stopped WAL node {} handed its leadership to {}", tenant, server.getId(),
                        p.getId());
                    return;
                }
                LOG.warn("tenant {}: {} refused the leadership: {}", tenant, p.getId(), r.getException());
            } catch (final Exception e) {
                LOG.warn("tenant {}: handing the leadership to {} failed: {}", tenant, p.getId(), e.toString());
            }
        }
        LOG.error("tenant {}: no peer took the leadership from fail-stopped WAL node {}; writes wait for its restart",
            tenant, server.getId());
    }
}
