package io.stratum.raft;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.WalConfig;
import io.stratum.wal.auth.AuthKey;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.io.FileIo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Configuration of a {@link WalNode}. Build with {@link #builder(int, List, Path)}; {@link WalNode#launch}
 * validates it.
 *
 * @param id this node's id; must be one of {@code peers}
 * @param peers the WAL nodes this node knows at start (its own entry gives its port); tenants' groups are
 *     created with the peers their client names, so this list is informational beyond this node's entry
 * @param dataDir where Ratis keeps one directory per tenant group (Raft log, snapshots, timelines' WAL)
 * @param bindHost address the Raft/client endpoint listens on (default 127.0.0.1)
 * @param transport Netty (default) or gRPC
 * @param electionTimeoutMin lower bound of the randomised election timeout (default 400 ms: a follower that
 *     has heard nothing from the leader for this long may start a pre-vote; heartbeats go every half of it)
 * @param electionTimeoutMax upper bound (default 800 ms; the leader steps down after this long without a
 *     reply from a majority)
 * @param maxAppendBytes largest append accepted (default 1 MiB)
 * @param maxRecordLength largest WAL record accepted (default 1 MiB)
 * @param maxReadBytes bytes a read reply aims at (default 1 MiB)
 * @param segmentSize bytes per WAL segment file of a timeline (default 16 MiB)
 * @param raftSegmentSize bytes per Raft log segment (default 8 MiB)
 * @param snapshotEvery Raft entries between two metadata snapshots (default 10,000)
 * @param keepSnapshots snapshot files kept above the newest one retention allows (default 8)
 * @param maxWaiters long-polling reads parked per timeline (default 64)
 * @param composeAppendEntries Ratis's {@code append-entries.compose.enabled} (default false: measured)
 * @param fileIo file-system facade for the timelines' WAL (default the real one)
 * @param authKey when set, every client request needs a token signed with it and scoped to the request's
 *     tenant (or admin); null (default) serves anyone, which only a loopback {@code bindHost} allows
 * @param readPort port of the node's WAL stream endpoint ({@code WalReadService}) on {@code bindHost}; 0 (the
 *     default) lets the operating system choose a free one, which clients learn from the node over Raft
 * @param payloadOnce write an append's records once per node, into the timeline's WAL copy, and keep only the
 *     header in the Raft log (Ratis's state-machine data path); default true. False: the records are written to
 *     the Raft log and copied into the WAL copy at apply: about 0.7 x the 128 KiB throughput, and about 5 % more
 *     small commits through the compute (docs/wal-service.md). Give every node of a group the same setting
 * @param inlineAppendBytes with {@code payloadOnce}: appends of at most this many record bytes keep their records
 *     in the Raft log entry (one fsync acknowledges them, as without {@code payloadOnce}); larger ones are written
 *     once. Default {@link #DEFAULT_INLINE_APPEND_BYTES}; 0: every append is written once
 */
public record WalNodeConfig(int id, List<WalPeer> peers, Path dataDir, String bindHost, Transport transport,
                            Duration electionTimeoutMin, Duration electionTimeoutMax, int maxAppendBytes,
                            int maxRecordLength, int maxReadBytes, long segmentSize, long raftSegmentSize,
                            long snapshotEvery, int keepSnapshots, int maxWaiters, boolean composeAppendEntries,
                            FileIo fileIo, AuthKey authKey, int readPort, boolean payloadOnce,
                            int inlineAppendBytes) {
    /** {@link #inlineAppendBytes} unless set: commit-sized appends stay in the Raft log (one fsync each). */
    public static final int DEFAULT_INLINE_APPEND_BYTES = 32 << 10;


    public static Builder builder(final int id, final List<WalPeer> peers, final Path dataDir) {
        return new Builder(id, peers, dataDir);
    }

    /** This node's own entry of {@link #peers}. */
    public WalPeer self() {
        for (final WalPeer p : peers) {
            if (p.id() == id) {
                return p;
            }
        }
        throw bad("id", id, "is not among the peers");
    }

    /** Checks every field; returns this. Throws INVALID_ARGUMENT naming the bad field. */
    public WalNodeConfig validate() {
        if (peers == null || peers.isEmpty()) {
            throw bad("peers", peers, "must name at least this node");
        }
        self();
        if (dataDir == null) {
            throw bad("dataDir", null, "is required");
        }
        if (bindHost == null || bindHost.isBlank()) {
            throw bad("bindHost", bindHost, "is required");
        }
        if (transport == null) {
            throw bad("transport", null, "is required");
        }
        if (electionTimeoutMin == null || electionTimeoutMin.toMillis() < 50) {
            throw bad("electionTimeoutMin", electionTimeoutMin, "must be at least 50 ms");
        }
        if (electionTimeoutMax == null || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
            throw bad("electionTimeoutMax", electionTimeoutMax, "must exceed electionTimeoutMin");
        }
        if (maxAppendBytes < WalRecord.HEADER_LENGTH || maxAppendBytes > (16 << 20)) {
            throw bad("maxAppendBytes", maxAppendBytes, "must be between 20 bytes and 16 MiB");
        }
        if (inlineAppendBytes < 0 || inlineAppendBytes > maxAppendBytes) {
            throw bad("inlineAppendBytes", inlineAppendBytes, "must be between 0 and maxAppendBytes");
        }
        if (maxRecordLength < WalRecord.HEADER_LENGTH || maxRecordLength > maxAppendBytes) {
            throw bad("maxRecordLength", maxRecordLength, "must be between 20 bytes and maxAppendBytes");
        }
        if (maxReadBytes < 4096 || maxReadBytes > (16 << 20)) {
            throw bad("maxReadBytes", maxReadBytes, "must be between 4 KiB and 16 MiB");
        }
        if (segmentSize < (64 << 10) || segmentSize > (1L << 30) || Long.bitCount(segmentSize) != 1) {
            throw bad("segmentSize", segmentSize, "must be a power of two between 64 KiB and 1 GiB");
        }
        if (raftSegmentSize < (1 << 20) || raftSegmentSize < 4L * maxAppendBytes) {
            throw bad("raftSegmentSize", raftSegmentSize, "must be at least 1 MiB and 4 x maxAppendBytes");
        }
        if (snapshotEvery < 16) {
            throw bad("snapshotEvery", snapshotEvery, "must be at least 16");
        }
        if (keepSnapshots < 1 || keepSnapshots > 1000) {
            throw bad("keepSnapshots", keepSnapshots, "must be between 1 and 1000");
        }
        if (maxWaiters < 1 || maxWaiters > 100_000) {
            throw bad("maxWaiters", maxWaiters, "must be between 1 and 100000");
        }
        if (fileIo == null) {
            throw bad("fileIo", null, "is required");
        }
        if (readPort < 0 || readPort > 65535) {
            throw bad("readPort", readPort, "must be between 0 (any free port) and 65535");
        }
        AuthKey.requireOffLoopback(bindHost, authKey, "WAL node");
        return this;
    }

    private static StratumException bad(final String field, final Object value, final String why) {
        return StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid WAL node config: " + field + " " + why,
            field, value);
    }

    /** Builder with defaults. */
    public static final class Builder {
        private final int id;
        private final List<WalPeer> peers;
        private final Path dataDir;
        private String bindHost = "127.0.0.1";
        private Transport transport = Transport.NETTY;
        private Duration electionTimeoutMin = Duration.ofMillis(400);
        private Duration electionTimeoutMax = Duration.ofMillis(800);
        private int maxAppendBytes = 1 << 20;
        private int maxRecordLength = WalRecord.DEFAULT_MAX_RECORD_LENGTH;
        private int maxReadBytes = 1 << 20;
        private long segmentSize = WalConfig.DEFAULT_SEGMENT_SIZE;
        private long raftSegmentSize = 8L << 20;
        private long snapshotEvery = 10_000;
        private int keepSnapshots = 8;
        private int maxWaiters = 64;
        private int readPort;
        private boolean composeAppendEntries;
        private boolean payloadOnce = true;
        private int inlineAppendBytes = DEFAULT_INLINE_APPEND_BYTES;
        private FileIo fileIo = FileIo.real();
        private AuthKey authKey;

        private Builder(final int id, final List<WalPeer> peers, final Path dataDir) {
            this.id = id;
            this.peers = peers == null ? null : List.copyOf(peers);
            this.dataDir = dataDir;
        }

        public Builder bindHost(final String v) {
            bindHost = v;
            return this;
        }

        public Builder transport(final Transport v) {
            transport = v;
            return this;
        }

        public Builder electionTimeout(final Duration min, final Duration max) {
            electionTimeoutMin = min;
            electionTimeoutMax = max;
            return this;
        }

        public Builder maxAppendBytes(final int v) {
            maxAppendBytes = v;
            return this;
        }

        public Builder maxRecordLength(final int v) {
            maxRecordLength = v;
            return this;
        }

        public Builder maxReadBytes(final int v) {
            maxReadBytes = v;
            return this;
        }

        public Builder segmentSize(final long v) {
            segmentSize = v;
            return this;
        }

        public Builder raftSegmentSize(final long v) {
            raftSegmentSize = v;
            return this;
        }

        public Builder snapshotEvery(final long v) {
            snapshotEvery = v;
            return this;
        }

        public Builder keepSnapshots(final int v) {
            keepSnapshots = v;
            return this;
        }

        public Builder maxWaiters(final int v) {
            maxWaiters = v;
            return this;
        }

        public Builder composeAppendEntries(final boolean v) {
            composeAppendEntries = v;
            return this;
        }

        public Builder payloadOnce(final boolean v) {
            payloadOnce = v;
            return this;
        }

        /** With {@code payloadOnce}: appends of at most this many record bytes keep their records in the Raft log. */
        public Builder inlineAppendBytes(final int v) {
            inlineAppendBytes = v;
            return this;
        }

        public Builder fileIo(final FileIo v) {
            fileIo = v;
            return this;
        }

        /** Requires a token on every client request (see {@link AuthKey}); null serves anyone (loopback only). */
        public Builder authKey(final AuthKey v) {
            authKey = v;
            return this;
        }

        /** The WAL stream endpoint's port; 0 (default): any free port. */
        public Builder readPort(final int v) {
            readPort = v;
            return this;
        }

        public WalNodeConfig build() {
            return new WalNodeConfig(id, peers, dataDir, bindHost, transport, electionTimeoutMin,
                electionTimeoutMax, maxAppendBytes, maxRecordLength, maxReadBytes, segmentSize, raftSegmentSize,
                snapshotEvery, keepSnapshots, maxWaiters, composeAppendEntries, fileIo, authKey, readPort, payloadOnce,
                inlineAppendBytes)
                .validate();
        }
    }
}
