package io.stratum.raft;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * Every Ratis setting the WAL service relies on, set explicitly (not left to Ratis's defaults), in one
 * place. {@code RaftProperties} never leaves raft/.
 */
final class RaftSettings {
    private RaftSettings() {
    }

    static RaftPeerId peerId(final int id) {
        return RaftPeerId.valueOf("n" + id);
    }

    static int idOf(final RaftPeerId peerId) {
        return Integer.parseInt(peerId.toString().substring(1));
    }

    static RaftPeer peer(final WalPeer p) {
        return RaftPeer.newBuilder().setId(peerId(p.id())).setAddress(p.address()).build();
    }

    /** The WAL peer a Ratis peer of ours stands for (id {@code nN}, address {@code HOST:PORT}). */
    static WalPeer walPeer(final RaftPeer p) {
        final String a = p.getAddress();
        final int colon = a.lastIndexOf(':');
        return new WalPeer(idOf(p.getId()), a.substring(0, colon), Integer.parseInt(a.substring(colon + 1)));
    }

    static List<RaftPeer> peers(final List<WalPeer> list) {
        return list.stream().map(RaftSettings::peer).toList();
    }

    static RaftProperties server(final WalNodeConfig c) {
        final RaftProperties p = new RaftProperties();
        transport(p, c.transport());
        final WalPeer self = c.self();
        if (c.transport() == Transport.NETTY) {
            NettyConfigKeys.Server.setHost(p, c.bindHost());
            NettyConfigKeys.Server.setPort(p, self.port());
        } else {
            GrpcConfigKeys.Server.setHost(p, c.bindHost());
            GrpcConfigKeys.Server.setPort(p, self.port());
            GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(Math.max(8 << 20, 4 * c.maxAppendBytes())));
        }
        RaftServerConfigKeys.setStorageDir(p, List.of(c.dataDir().toFile()));
        RaftServerConfigKeys.setRemovedGroupsDir(p, new File(c.dataDir().toFile(), "removed-groups"));

        final TimeDuration min = TimeDuration.valueOf(c.electionTimeoutMin().toMillis(), TimeUnit.MILLISECONDS);
        final TimeDuration max = TimeDuration.valueOf(c.electionTimeoutMax().toMillis(), TimeUnit.MILLISECONDS);
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, min);
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, max);
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, min);
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, max);
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(max.toLong(TimeUnit.MILLISECONDS) * 2,
            TimeUnit.MILLISECONDS));
        // Pre-vote: a follower that timed out asks first whether it could win, and a voter that heard from a
        // live leader within the minimum timeout says no. One stalled follower therefore cannot depose a
        // working leader, which is what lets the election timeout be short (docs/wal-service.md).
        RaftServerConfigKeys.LeaderElection.setPreVote(p, true);

        // Durability: an entry counts toward the majority only once its log segment is fsynced
        // (FileChannel.force) on that replica. Group commit: the log worker syncs when the queue drains or
        // after forceSyncNum pending flushes. No unsafe or asynchronous flush.
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, false);
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(p, false);
        RaftServerConfigKeys.Log.setForceSyncNum(p, 128);
        // written once, the WAL copies are fsynced beside the Raft log (WalStateMachine.flush): Ratis then waits
        // for both before it acknowledges, instead of syncing the copies first and its log after
        RaftServerConfigKeys.Log.StateMachineData.setSync(p, !c.payloadOnce());
        // Written once, Ratis's log cache keeps entries without their state-machine data, and the appenders ask
        // the state machine for it (WalStateMachine.read: the WalLog's bytes, from the page cache). Without this,
        // Ratis counts every cached entry's payload toward its open segment's size although the payload is not
        // in the file: its log rolled a segment per 8 MiB of WAL, each new file preallocated (4 MiB of zeros) and
        // created with an fsync on the log worker: a fifth of the disk's writes at 128 KiB appends
        // (perf/RESULTS.md, 2026-12-06). The cache also no longer holds up to 8 MiB of payload per division.
        RaftServerConfigKeys.Log.StateMachineData.setCachingEnabled(p, c.payloadOnce());
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(c.raftSegmentSize()));
        RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(Math.min(c.raftSegmentSize(), 4L << 20)));
        // An entry must fit the appender's batch and the log's write buffer (Ratis: buffer >= limit + 8).
        final long appenderLimit = Math.max(2L << 20, 2L * c.maxAppendBytes() + (64 << 10));
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf(appenderLimit));
        RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(appenderLimit + (64 << 10)));
        RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(p, c.composeAppendEntries());
        // No commit-index metadata entries: with them on (Ratis's default) the leader appends, replicates and
        // fsyncs one extra log entry per commit-index advance, so every WAL append cost two entries and two
        // fsyncs per replica (measured: Raft log index +24,478 for 12,239 appends in 20 s of pgbench). Raft
        // does not need the commit index to be durable: a restarted replica learns it from the leader.
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        // No retry cache. Ratis's is a Guava cache that every replica fills with one entry per applied client
        // call (and the leader looks up per request); under pgbench it was 7% of the cluster's CPU samples at
        // 20 s expiry (60 s, Ratis's default, was worse). The state machine does not need it: every request is
        // idempotent as a log entry. A retried APPEND whose records are already in the WAL is answered with
        // their end LSN (DUPLICATE at the leader's validation, the same reply at apply), CREATE, DELETE and
        // PERSISTED are idempotent, and ACQUIRE is a compare and set on the epoch (WalClient.acquireWriter).
        // A zero expiry makes Guava keep nothing (CacheBuilder.expireAfterWrite: maximumSize(0)).
        RaftServerConfigKeys.RetryCache.setExpiryTime(p, TimeDuration.ZERO);
        // The write-index cache serves read-after-write consistent reads, which we do not use; every applied
        // entry is added to it (1% of the samples at 1 s).
        RaftServerConfigKeys.Read.ReadAfterWriteConsistent.setWriteIndexCacheExpiryTime(p, TimeDuration.ZERO);
        // Purge: Ratis purges up to the index takeSnapshot returns, which is the newest snapshot that lies
        // wholly below every timeline's persisted LSN (see WalStateMachine.takeSnapshot).
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, 1);
        RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, 0);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, c.snapshotEvery());
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);
        return p;
    }

    static RaftProperties client(final Transport transport, final long requestTimeoutMillis) {
        final RaftProperties p = new RaftProperties();
        transport(p, transport);
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(requestTimeoutMillis, TimeUnit.MILLISECONDS));
        if (transport == Transport.GRPC) {
            GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(64 << 20));
        }
        return p;
    }

    private static void transport(final RaftProperties p, final Transport t) {
        RaftConfigKeys.Rpc.setType(p, t == Transport.NETTY ? SupportedRpcType.NETTY : SupportedRpcType.GRPC);
    }
}
