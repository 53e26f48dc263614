package io.stratum.raft;

import io.stratum.raft.statemachine.StateMachineSettings;
import io.stratum.raft.statemachine.WalStateMachine;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;

/**
 * A WAL node: a Ratis server hosting one Raft group per tenant, whose state machine keeps each of the
 * tenant's timelines' WAL in a {@code WalLog}. Groups are created by {@link WalClient#createTenant} and
 * reloaded from {@code dataDir} on restart.
 * <p>Threads: Ratis's (RPC, log worker and state-machine updater per group), one {@code stratum-wal-poll}
 * thread waking and timing out long-polling reads, the {@link WalReadService}'s (the WAL stream endpoint
 * that serves those reads: an acceptor and a thread per connection), and with {@code payloadOnce} four
 * {@code stratum-wal-sync} threads that fsync the WAL copies while Ratis fsyncs its logs and two
 * {@code stratum-wal-prealloc} threads that prepare the copies' next segments (shared by every timeline's copy,
 * so a node with many branches does not run a thread per copy). {@link #close()} stops them all.
 */
public final class WalNode implements AutoCloseable {
    private final WalNodeConfig config;
    private final RaftServer server;
    private final ScheduledThreadPoolExecutor poll;
    private final java.util.concurrent.ExecutorService sync; // null without payloadOnce
    private final java.util.concurrent.ExecutorService prealloc; // null without payloadOnce
    private final WalReadService reads;
    private final WalNodeStats stats;

    private WalNode(final WalNodeConfig config, final RaftServer server, final ScheduledThreadPoolExecutor poll,
                    final java.util.concurrent.ExecutorService sync, final java.util.concurrent.ExecutorService prealloc,
                    final WalReadService reads, final WalNodeStats stats) {
        this.config = config;
        this.server = server;
        this.poll = poll;
        this.sync = sync;
        this.prealloc = prealloc;
        this.reads = reads;
        this.stats = stats;
    }

    /** The port of this node's WAL stream endpoint (on its bind host). */
    public int readPort() {
        return reads.port();
    }

    /** Starts a node (its endpoint listens once this returns). */
    public static WalNode launch(final WalNodeConfig config) {
        config.validate();
        final ScheduledThreadPoolExecutor poll = new ScheduledThreadPoolExecutor(1, r -> {
            final Thread t = new Thread(r, "stratum-wal-poll-" + config.id());
            t.setDaemon(true);
            return t;
        });
        poll.setRemoveOnCancelPolicy(true);
        final WalReadService reads;
        try {
            reads = WalReadService.bind(config.id(), config.bindHost(), config.readPort());
        } catch (final StratumException e) {
            poll.shutdownNow();
            throw e;
        }
        final java.util.concurrent.ExecutorService sync = !config.payloadOnce() ? null
            : daemons(4, "stratum-wal-sync-" + config.id() + "-");
        // written once, the copies preallocate their segments (WalStateMachine.openLog): two threads for all of them
        final java.util.concurrent.ExecutorService prealloc = !config.payloadOnce() ? null
            : daemons(2, "stratum-wal-prealloc-" + config.id() + "-");
        final StateMachineSettings settings = settings(config, poll, sync, prealloc, reads.port());
        try {
            Files.createDirectories(config.dataDir());
            final RaftServer server = RaftServer.newBuilder()
                .setServerId(RaftSettings.peerId(config.id()))
                .setProperties(RaftSettings.server(config))
                .setStateMachineRegistry(gid -> new WalStateMachine(settings))
                .build();
            server.start();
            reads.start(server);
            return new WalNode(config, server, poll, sync, prealloc, reads, settings.stats());
        } catch (final IOException | RuntimeException e) {
            reads.close();
            poll.shutdownNow();
            if (sync != null) {
                sync.shutdownNow();
                prealloc.shutdown();
            }
            throw StratumException.withCause(ErrorCode.UNAVAILABLE, e, "cannot start WAL node", "id", config.id(),
                "address", config.self().address(), "dir", config.dataDir(), "error", String.valueOf(e.getMessage()));
        }
    }

    private static StateMachineSettings settings(final WalNodeConfig c, final ScheduledExecutorService poll,
                                                 final java.util.concurrent.Executor sync,
                                                 final java.util.concurrent.Executor prealloc, final int readPort) {
        return new StateMachineSettings(c.segmentSize(), c.maxRecordLength(), c.maxAppendBytes(), c.maxReadBytes(),
            c.snapshotEvery(), c.keepSnapshots(), c.maxWaiters(), poll, c.fileIo(), new WalNodeStats(c.id()),
            c.authKey(), readPort, c.payloadOnce(), c.inlineAppendBytes(), sync, prealloc);
    }

    /** A fixed pool of {@code n} daemon threads named {@code prefix} and a number. */
    private static java.util.concurrent.ExecutorService daemons(final int n, final String prefix) {
        final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return java.util.concurrent.Executors.newFixedThreadPool(n, r -> {
            final Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** This node's running figures (for its {@code /metrics}). */
    public WalNodeStats stats() {
        return stats;
    }

    /**
     * Each group this node is a member of, as it stands now: role, term, log indexes, each follower's lag (when
     * this node leads) and the fail-stop reason, if any.
     */
    public List<GroupStats> groupStats() {
        final List<GroupStats> out = new ArrayList<>();
        for (final RaftGroupId gid : server.getGroupIds()) {
            final RaftServer.Division d;
            try {
                d = server.getDivision(gid);
            } catch (final IOException e) {
                continue; // removed meanwhile
            }
            final DivisionInfo info = d.getInfo();
            final String failure = d.getStateMachine() instanceof WalStateMachine
                ? ((WalStateMachine) d.getStateMachine()).failure() : null;
            if (failure != null) { // its Raft log may be closed (payload written once: Ratis closes it): not read
                out.add(new GroupStats(WalStateMachine.tenantOf(gid), info.getCurrentRole().name(),
                    info.getCurrentTerm(), -1, info.getLastAppliedIndex(), Map.of(), failure));
                continue;
            }
            final TermIndex last = d.getRaftLog().getLastEntryTermIndex();
            final long lastIndex = last == null ? -1 : last.getIndex();
            final Map<Integer, Long> lag = new TreeMap<>();
            if (info.isLeader()) {
                final List<RaftProtos.ServerRpcProto> followers = info.getRoleInfoProto().getLeaderInfo()
                    .getFollowerInfoList();
                final long[] match = info.getFollowerMatchIndices(); // null while the role changes
                if (match != null && followers.size() == match.length) {
                    for (int i = 0; i < match.length; i++) {
                        lag.put(RaftSettings.idOf(RaftPeerId.valueOf(followers.get(i).getId().getId())),
                            Math.max(0, lastIndex - match[i]));
                    }
                }
            }
            out.add(new GroupStats(WalStateMachine.tenantOf(gid), info.getCurrentRole().name(), info.getCurrentTerm(),
                lastIndex, info.getLastAppliedIndex(), lag, null));
        }
        return out;
    }

    /**
     * One group on this node.
     *
     * @param tenant the tenant the group replicates
     * @param role LEADER, FOLLOWER, CANDIDATE or LISTENER
     * @param term the current Raft term
     * @param lastIndex the last index in this node's Raft log (-1 if empty, or when the group failed here)
     * @param appliedIndex the last index applied here
     * @param followerLag when leading: entries each follower (by node id) is behind this node's log
     * @param failure why the group stopped on this node (fail-stop), or null
     */
    public record GroupStats(TenantId tenant, String role, long term, long lastIndex, long appliedIndex,
                             Map<Integer, Long> followerLag, String failure) {
    }

    public WalNodeConfig config() {
        return config;
    }

    public int id() {
        return config.id();
    }

    /** This node as peers and clients address it. */
    public WalPeer peer() {
        return config.self();
    }

    /** Stops the Ratis server (every group) and closes every timeline's WAL. */
    @Override
    public void close() {
        reads.close();
        try {
            server.close();
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "error stopping WAL node", "id", config.id());
        } finally {
            poll.shutdownNow();
            if (sync != null) {
                sync.shutdownNow(); // after the server: no state machine flushes any more
                prealloc.shutdown(); // the copies are closed: what is queued does nothing; no interrupt into file I/O
                try {
                    prealloc.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
