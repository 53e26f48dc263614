package io.stratum.raft;

import io.stratum.raft.statemachine.StateMachineSettings;
import io.stratum.raft.statemachine.WalStateMachine;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.ratis.server.RaftServer;

/**
 * A WAL node: a Ratis server hosting one Raft group per tenant, whose state machine keeps each of the
 * tenant's timelines' WAL in a {@code WalLog}. Groups are created by {@link WalClient#createTenant} and
 * reloaded from {@code dataDir} on restart.
 * <p>Threads: Ratis's (RPC, log worker and state-machine updater per group), plus one
 * {@code stratum-wal-poll} thread serving long-polling reads. {@link #close()} stops them all.
 */
public final class WalNode implements AutoCloseable {
    private final WalNodeConfig config;
    private final RaftServer server;
    private final ScheduledThreadPoolExecutor poll;

    private WalNode(final WalNodeConfig config, final RaftServer server, final ScheduledThreadPoolExecutor poll) {
        this.config = config;
        this.server = server;
        this.poll = poll;
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
        final StateMachineSettings settings = settings(config, poll);
        try {
            Files.createDirectories(config.dataDir());
            final RaftServer server = RaftServer.newBuilder()
                .setServerId(RaftSettings.peerId(config.id()))
                .setProperties(RaftSettings.server(config))
                .setStateMachineRegistry(gid -> new WalStateMachine(settings))
                .build();
            server.start();
            return new WalNode(config, server, poll);
        } catch (final IOException | RuntimeException e) {
            poll.shutdownNow();
            throw StratumException.withCause(ErrorCode.UNAVAILABLE, e, "cannot start WAL node", "id", config.id(),
                "address", config.self().address(), "dir", config.dataDir(), "error", String.valueOf(e.getMessage()));
        }
    }

    private static StateMachineSettings settings(final WalNodeConfig c, final ScheduledExecutorService poll) {
        return new StateMachineSettings(c.segmentSize(), c.maxRecordLength(), c.maxAppendBytes(), c.maxReadBytes(),
            c.snapshotEvery(), c.keepSnapshots(), c.maxWaiters(), poll, c.fileIo());
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
        try {
            server.close();
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "error stopping WAL node", "id", config.id());
        } finally {
            poll.shutdownNow();
        }
    }
}
