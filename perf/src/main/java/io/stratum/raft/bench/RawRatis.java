package io.stratum.raft.bench;

import io.stratum.raft.Transport;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;

/**
 * The raw-Ratis baseline: the same number of peers on loopback in this JVM, one group, a state machine
 * that does nothing but acknowledge, Ratis's defaults (log sync on) except the transport, ports, storage
 * and the election timeouts (raised as for the WAL nodes, so a loaded machine does not re-elect).
 */
public final class RawRatis implements AutoCloseable {
    private final List<RaftServer> servers = new ArrayList<>();
    private final RaftClient client;

    /** A state machine that acknowledges every entry and keeps nothing. */
    static final class NoopStateMachine extends BaseStateMachine {
        private static final Message EMPTY = Message.valueOf(UnsafeByteOperations.unsafeWrap(new byte[0]));

        @Override
        public CompletableFuture<Message> applyTransaction(final TransactionContext trx) {
            updateLastAppliedTermIndex(trx.getLogEntry().getTerm(), trx.getLogEntry().getIndex());
            return CompletableFuture.completedFuture(EMPTY);
        }
    }

    public RawRatis(final int peers, final Transport transport, final Path dir) {
        try {
            final List<RaftPeer> list = new ArrayList<>();
            for (int i = 1; i <= peers; i++) {
                list.add(RaftPeer.newBuilder().setId(RaftPeerId.valueOf("r" + i))
                    .setAddress("127.0.0.1:" + freePort()).build());
            }
            final RaftGroup group = RaftGroup.valueOf(RaftGroupId.randomId(), list);
            for (final RaftPeer p : list) {
                final RaftProperties props = props(transport);
                final int port = Integer.parseInt(p.getAddress().substring(p.getAddress().lastIndexOf(':') + 1));
                if (transport == Transport.NETTY) {
                    NettyConfigKeys.Server.setHost(props, "127.0.0.1");
                    NettyConfigKeys.Server.setPort(props, port);
                } else {
                    GrpcConfigKeys.Server.setHost(props, "127.0.0.1");
                    GrpcConfigKeys.Server.setPort(props, port);
                }
                RaftServerConfigKeys.setStorageDir(props, List.of(new File(dir.toFile(), p.getId().toString())));
                final RaftServer s = RaftServer.newBuilder().setServerId(p.getId()).setGroup(group)
                    .setProperties(props).setStateMachine(new NoopStateMachine()).build();
                s.start();
                servers.add(s);
            }
            client = RaftClient.newBuilder().setProperties(props(transport)).setRaftGroup(group).build();
        } catch (final IOException e) {
            close();
            throw StratumException.withCause(ErrorCode.UNAVAILABLE, e, "cannot start the raw Ratis baseline");
        }
    }

    private static RaftProperties props(final Transport transport) {
        final RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, transport == Transport.NETTY ? SupportedRpcType.NETTY : SupportedRpcType.GRPC);
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(1000, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2000, TimeUnit.MILLISECONDS));
        return p;
    }

    private static int freePort() {
        return io.stratum.raft.PeerPorts.next();
    }

    /** Commits one entry carrying {@code payload}; completes when the group acknowledges it. */
    public CompletableFuture<Void> commit(final byte[] payload) {
        return client.async().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(payload)))
            .thenAccept(RawRatis::check);
    }

    private static void check(final RaftClientReply r) {
        if (!r.isSuccess()) {
            throw StratumException.withCause(ErrorCode.UNAVAILABLE, r.getException(), "raw Ratis commit failed");
        }
    }

    @Override
    public void close() {
        if (client != null) {
            try {
                client.close();
            } catch (final IOException e) {
                // closing
            }
        }
        for (final RaftServer s : servers) {
            try {
                s.close();
            } catch (final IOException e) {
                // closing
            }
        }
    }
}
