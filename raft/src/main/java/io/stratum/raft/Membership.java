package io.stratum.raft;

import io.stratum.raft.protocol.Protocol;
import io.stratum.raft.statemachine.WalStateMachine;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
import org.apache.ratis.retry.RetryPolicies;

/** Group management, configuration changes and status, for {@link WalClient}. */
final class Membership {
    private Membership() {
    }

    /** Makes {@code node} host {@code group} (no-op when it already does). */
    static void addGroup(final WalClient c, final WalPeer node, final RaftGroup group) {
        try (RaftClient rc = c.newRaftClient(group.getGroupId(), new ArrayList<>(group.getPeers()),
            RetryPolicies.noRetry())) {
            final RaftClientReply r = rc.getGroupManagementApi(RaftSettings.peerId(node.id())).add(group);
            if (!r.isSuccess() && !alreadyExists(r.getException())) {
                throw WalClient.failure(r.getException());
            }
        } catch (final IOException e) {
            if (!alreadyExists(e)) {
                throw WalClient.failure(e);
            }
        }
    }

    /** Removes the group from the node, deleting its directory (idempotent: a node without it is fine). */
    static void removeGroup(final WalClient c, final WalPeer node, final RaftGroupId gid) {
        try (RaftClient rc = c.newRaftClient(gid, List.of(RaftSettings.peer(node)), RetryPolicies.noRetry())) {
            final RaftClientReply r = rc.getGroupManagementApi(RaftSettings.peerId(node.id())).remove(gid, true, false);
            if (!r.isSuccess() && !notFound(r.getException())) {
                throw WalClient.failure(r.getException());
            }
        } catch (final IOException e) {
            if (!notFound(e)) {
                throw WalClient.failure(e);
            }
        }
    }

    private static boolean notFound(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.ratis.protocol.exceptions.GroupMismatchException
                || String.valueOf(t.getMessage()).contains("not found")) {
                return true;
            }
        }
        return false;
    }

    private static boolean alreadyExists(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AlreadyExistsException || String.valueOf(t.getMessage()).contains("already exist")) {
                return true;
            }
        }
        return false;
    }

    /** The tenant groups hosted by the first node that answers. */
    static List<RaftGroupId> groups(final WalClient c) {
        StratumException last = null;
        for (final WalPeer p : c.peers()) {
            try (RaftClient rc = c.newRaftClient(RaftGroupId.randomId(), RaftSettings.peers(c.peers()),
                RetryPolicies.noRetry())) {
                return List.copyOf(rc.getGroupManagementApi(RaftSettings.peerId(p.id())).list().getGroupIds());
            } catch (final IOException | RuntimeException e) {
                last = WalClient.failure(e);
            }
        }
        throw StratumException.of(ErrorCode.UNAVAILABLE, "no WAL node answered", "error",
            last == null ? "no peers" : last.getMessage());
    }

    /**
     * Removes {@code removeId} (when not null) and adds {@code add} (when not null) in every tenant group,
     * one configuration change per group; the new node is given each group first so it can catch up.
     */
    static void change(final WalClient c, final Integer removeId, final WalPeer add) {
        for (final RaftGroupId gid : groups(c)) {
            final TenantId tenant = WalStateMachine.tenantOf(gid);
            final List<RaftPeer> now = currentPeers(c, gid);
            final List<RaftPeer> next = new ArrayList<>();
            for (final RaftPeer p : now) {
                if (removeId == null || !p.getId().equals(RaftSettings.peerId(removeId))) {
                    if (add == null || !p.getId().equals(RaftSettings.peerId(add.id()))) {
                        next.add(p);
                    }
                }
            }
            if (add != null) {
                next.add(RaftSettings.peer(add));
                addGroup(c, add, RaftGroup.valueOf(gid, next));
            }
            try {
                final RaftClientReply r = c.writer(tenant).admin().setConfiguration(next);
                if (!r.isSuccess()) {
                    throw WalClient.failure(r.getException());
                }
            } catch (final IOException e) {
                throw WalClient.failure(e);
            }
            if (removeId != null) {
                bestEffortRemoveGroup(c, gid, removeId, now);
            }
        }
        final List<WalPeer> peers = c.mutablePeers();
        if (removeId != null) {
            peers.removeIf(p -> p.id() == removeId);
        }
        if (add != null) {
            peers.removeIf(p -> p.id() == add.id());
            peers.add(add);
        }
        c.resetClients();
    }

    private static void bestEffortRemoveGroup(final WalClient c, final RaftGroupId gid, final int id,
                                              final List<RaftPeer> members) {
        try (RaftClient rc = c.newRaftClient(gid, members, RetryPolicies.noRetry())) {
            rc.getGroupManagementApi(RaftSettings.peerId(id)).remove(gid, false, true);
        } catch (final IOException | RuntimeException e) {
            // a dead node keeps its files; they are ignored once it is no longer a member
        }
    }

    static List<RaftPeer> currentPeers(final WalClient c, final RaftGroupId gid) {
        StratumException last = null;
        for (final WalPeer p : c.peers()) {
            try (RaftClient rc = c.newRaftClient(gid, RaftSettings.peers(c.peers()), RetryPolicies.noRetry())) {
                final GroupInfoReply info = rc.getGroupManagementApi(RaftSettings.peerId(p.id())).info(gid);
                final List<RaftPeer> conf = info.getConf()
                    .map(cp -> cp.getPeersList().stream().map(pp -> RaftPeer.newBuilder()
                        .setId(RaftPeerId.valueOf(pp.getId())).setAddress(pp.getAddress()).build()).toList())
                    .orElse(List.copyOf(info.getGroup().getPeers()));
                return new ArrayList<>(conf);
            } catch (final IOException | RuntimeException e) {
                last = WalClient.failure(e);
            }
        }
        throw StratumException.of(ErrorCode.UNAVAILABLE, "no WAL node answered", "error",
            last == null ? "no peers" : last.getMessage());
    }

    /** One node's status: its role and commit index per tenant group, and its timelines' LSNs. */
    static NodeStatus status(final WalClient c, final WalPeer node) {
        final RaftPeerId id = RaftSettings.peerId(node.id());
        try (RaftClient rc = c.newRaftClient(RaftGroupId.randomId(), List.of(RaftSettings.peer(node)),
            RetryPolicies.noRetry())) {
            final List<NodeStatus.Group> groups = new ArrayList<>();
            for (final RaftGroupId gid : rc.getGroupManagementApi(id).list().getGroupIds()) {
                final TenantId tenant = WalStateMachine.tenantOf(gid);
                final ByteBuffer b;
                try {
                    b = c.query(tenant, node, Protocol.request(Protocol.STATUS, tenant, null, Protocol.HEADER_LENGTH).array());
                } catch (final StratumException e) {
                    if (e.code() != ErrorCode.FAILED) {
                        throw e;
                    }
                    // a fail-stopped node serves the group in no role, whatever its Raft division last said. Its
                    // group info is not asked for: with the payload written once a failed sync also fails Ratis's
                    // log there, and Ratis closes it; the division's info then throws on the server
                    // (IllegalStateException, not answered at all over Netty) and the whole node looked down
                    groups.add(new NodeStatus.Group(tenant, "FAILED", -1, List.of(), e.getMessage()));
                    continue;
                }
                final GroupInfoReply info = rc.getGroupManagementApi(id).info(gid);
                long commit = -1;
                for (final CommitInfoProto ci : info.getCommitInfos()) {
                    if (RaftPeerId.valueOf(ci.getServer().getId()).equals(id)) {
                        commit = ci.getCommitIndex();
                    }
                }
                final String role = info.getRoleInfoProto() == null ? "UNKNOWN"
                    : info.getRoleInfoProto().getRole().name();
                final int p = b.position();
                final int n = b.getInt(p + 1);
                final List<NodeStatus.Timeline> tls = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    final int at = p + 5 + i * Protocol.STATUS_ENTRY_LENGTH;
                    tls.add(new NodeStatus.Timeline(new TimelineId(b.getLong(at), b.getLong(at + 8)),
                        b.getLong(at + 16), b.getLong(at + 24), b.getLong(at + 32), b.getLong(at + 40),
                        b.getLong(at + 48)));
                }
                groups.add(new NodeStatus.Group(tenant, role, commit, tls, null));
            }
            return new NodeStatus(node, true, null, groups);
        } catch (final IOException | RuntimeException e) {
            return new NodeStatus(node, false, WalClient.failure(e).getMessage(), List.of());
        }
    }
}
