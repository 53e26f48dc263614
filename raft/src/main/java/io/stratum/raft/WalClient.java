package io.stratum.raft;

import io.stratum.raft.protocol.Protocol;
import io.stratum.raft.statemachine.WalRefusedException;
import io.stratum.raft.statemachine.WalStateMachine;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalSource;
import io.stratum.wal.WalStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.agrona.DirectBuffer;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;

/**
 * The Java API of the WAL service, used by computes (writers) and page servers (readers).
 *
 * <pre>
 * try (WalClient c = WalClient.connect(WalClientConfig.builder(WalPeer.parseList("1=127.0.0.1:7401,...")).build())) {
 *     c.createTenant(tenant);                       // once per tenant: one Raft group on the nodes
 *     c.createTimeline(tenant, timeline, startLsn); // once per timeline
 *     WalSink sink = c.acquireWriter(tenant, timeline);   // fences off any earlier writer
 *     long end = sink.append(sink.endLsn(), buf, 0, len).join();  // quorum-durable when it completes
 *     WalStream s = c.stream(tenant, timeline, fromLsn);  // live tail of committed WAL
 *     s.poll((lsn, b, off, n) -> ..., timeoutNanos);
 *     c.reportPersisted(tenant, timeline, lsn);           // lets the nodes delete WAL below lsn
 * }
 * </pre>
 * Thread-safe. Holds two Ratis clients per tenant it talks to (writes with retries, reads without).
 * <p>Threads: Ratis's client threads, and {@code stratum-wal-members}, which re-reads the groups' members every
 * {@code memberRefresh} ({@link #refreshMembers}); {@link #close()} stops them.
 */
public final class WalClient implements WalSource, AutoCloseable {
    /** ACQUIREs sent before giving up on a timeline whose epoch other writers keep moving. */
    static final int ACQUIRE_ATTEMPTS = 8;
    /** A read reply may exceed the bytes asked for by one record: the largest a node accepts is 16 MiB. */
    private static final int MAX_RECORD_SLACK = 16 << 20;
    private final WalClientConfig config;
    private final List<WalPeer> peers;
    private final RaftProperties properties;
    private final RequestTokens tokens;
    private final Map<TenantId, RaftClient> writers = new ConcurrentHashMap<>();
    private final Map<TenantId, RaftClient> readers = new ConcurrentHashMap<>();
    private final List<RaftClient> retired = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor refresher;
    /** Tenants this client made Ratis clients for (any one's group tells the members: they share them). */
    private final java.util.Set<TenantId> known = ConcurrentHashMap.newKeySet();
    /** Stream endpoint ports the nodes told (bounded by the members: one entry per node). */
    private final Map<WalPeer, Integer> readPorts = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private WalClient(final WalClientConfig config) {
        this.config = config;
        this.peers = new CopyOnWriteArrayList<>(config.peers());
        this.properties = RaftSettings.client(config.transport(), config.requestTimeout().toMillis());
        this.tokens = new RequestTokens(config.tokens());
        this.refresher = new ScheduledThreadPoolExecutor(1, r -> {
            final Thread t = new Thread(r, "stratum-wal-members");
            t.setDaemon(true);
            return t;
        });
        final long every = config.memberRefresh().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshMembersQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private void refreshMembersQuietly() {
        try {
            refreshMembers();
        } catch (final RuntimeException e) {
            // no node answered: keep what we know and ask again next time
        }
    }

    /**
     * Re-reads the members of a group this client talks to from the first known node that answers, and when
     * they changed (a membership change made through another client), takes them as its peers: later calls
     * get Ratis clients that know the new nodes. Runs every {@code memberRefresh}; returns whether the peers
     * changed. Fails UNAVAILABLE when no known node answers.
     */
    public boolean refreshMembers() {
        if (known.isEmpty() || closed) {
            return false;
        }
        List<RaftPeer> conf = null;
        StratumException last = null;
        for (final TenantId t : List.copyOf(known)) { // the first group that answers: all share the members
            try {
                conf = Membership.currentPeers(this, WalStateMachine.groupOf(t));
                break;
            } catch (final StratumException e) {
                last = e;
            }
        }
        if (conf == null) {
            throw last;
        }
        final List<WalPeer> now = new ArrayList<>();
        for (final RaftPeer p : conf) {
            now.add(RaftSettings.walPeer(p));
        }
        synchronized (peers) {
            if (now.isEmpty() || new java.util.HashSet<>(now).equals(new java.util.HashSet<>(peers))) {
                return false;
            }
            peers.clear();
            peers.addAll(now);
        }
        resetClients();
        return true;
    }

    public static WalClient connect(final WalClientConfig config) {
        return new WalClient(config.validate());
    }

    public WalClientConfig config() {
        return config;
    }

    /** The WAL nodes this client knows now (membership changes made through it update the list). */
    public List<WalPeer> peers() {
        return List.copyOf(peers);
    }

    // ---------------------------------------------------------------- tenants and timelines

    /**
     * Creates the tenant's Raft group on every known node (idempotent). Fails with UNAVAILABLE unless a
     * majority of the nodes hosts it afterwards; a node that was down can be given it later with
     * {@link #addNode}.
     */
    public void createTenant(final TenantId tenant) {
        final RaftGroup group = RaftGroup.valueOf(WalStateMachine.groupOf(tenant), RaftSettings.peers(peers));
        int ok = 0;
        final List<String> errors = new ArrayList<>();
        for (final WalPeer p : peers) {
            try {
                Membership.addGroup(this, p, group);
                ok++;
            } catch (final StratumException e) {
                errors.add(p.id() + ": " + e.getMessage());
            }
        }
        if (ok <= peers.size() / 2) {
            throw StratumException.of(ErrorCode.UNAVAILABLE, "cannot create the tenant's group on a majority",
                "tenant", tenant, "errors", errors);
        }
    }

    /** Creates a timeline whose WAL starts at {@code startLsn} (idempotent for the same start). */
    public void createTimeline(final TenantId tenant, final TimelineId timeline, final long startLsn) {
        final ByteBuffer b = Protocol.request(Protocol.CREATE, tenant, timeline, Protocol.HEADER_LENGTH + 8);
        b.putLong(startLsn);
        await(write(tenant, b.array()));
    }

    /**
     * Deletes a timeline and its WAL on every replica (idempotent: an unknown timeline is fine). Its writer's
     * later appends fail NOT_FOUND; a stream of it fails once no node has it.
     */
    public void deleteTimeline(final TenantId tenant, final TimelineId timeline) {
        await(write(tenant, Protocol.request(Protocol.DELETE, tenant, timeline, Protocol.HEADER_LENGTH).array()));
    }

    /**
     * Removes the tenant's Raft group, with its Raft log, snapshots and WAL copies, from every known node that
     * answers; fails with UNAVAILABLE naming the nodes that did not (run it again once they are back).
     */
    public void deleteTenant(final TenantId tenant) {
        final List<String> errors = new ArrayList<>();
        for (final WalPeer p : peers) {
            try {
                Membership.removeGroup(this, p, WalStateMachine.groupOf(tenant));
            } catch (final StratumException e) {
                errors.add(p.id() + ": " + e.getMessage());
            }
        }
        for (final Map<TenantId, RaftClient> m : List.of(writers, readers)) {
            final RaftClient c = m.remove(tenant);
            if (c != null) {
                retired.add(c);
            }
        }
        known.remove(tenant);
        if (!errors.isEmpty()) {
            throw StratumException.of(ErrorCode.UNAVAILABLE, "cannot remove the tenant's group from every node",
                "tenant", tenant, "errors", errors);
        }
    }

    /**
     * Becomes the timeline's writer: every earlier writer's appends are refused (FENCED) from now on.
     * <p>An ACQUIRE moves the epoch only from the one it names (compare and set): the WAL nodes keep no
     * Ratis retry cache (see {@code RaftSettings}), so a retried ACQUIRE may become a second log entry, and
     * that one must not move the epoch past the writer the first made. The first attempt names epoch 0 (a
     * new timeline's); a reply that it was not acquired carries the current epoch, which the next names.
     */
    public WalSink acquireWriter(final TenantId tenant, final TimelineId timeline) {
        // The writer's own Ratis client sends the ACQUIRE, so it knows the leader before the first append:
        // over Netty the server does not re-order a client's requests, so a first append that went to a
        // follower and was retried could land behind the next one (a spurious CONFLICT).
        final RaftClient via = newWriterClient(tenant);
        retired.add(via); // closed with this client at the latest
        long expected = 0;
        for (int attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
            final ByteBuffer b = Protocol.request(Protocol.ACQUIRE, tenant, timeline, Protocol.ACQUIRE_LENGTH);
            b.putLong(expected);
            final ByteBuffer reply = await(write(via, b.array()));
            if (reply.remaining() < Protocol.ACQUIRE_REPLY_LENGTH) {
                throw StratumException.of(ErrorCode.INTERNAL, "short ACQUIRE reply from WAL node",
                    "length", reply.remaining());
            }
            final int p = reply.position();
            if (reply.get(p + 17) == 1) {
                return new RaftWalSink(this, tenant, timeline, reply.getLong(p + 1), reply.getLong(p + 9), via);
            }
            expected = reply.getLong(p + 9); // the epoch now: another writer acquired, or this is the first try
        }
        throw StratumException.of(ErrorCode.CONFLICT, "could not become the timeline's writer: its epoch kept "
            + "moving (other writers acquiring it at the same time)", "tenant", tenant, "timeline", timeline,
            "attempts", ACQUIRE_ATTEMPTS);
    }

    /**
     * Appends whole encoded records at {@code startLsn} as the writer of {@code epoch}. Completes with the
     * end LSN once a majority of nodes has the records on disk; a retry of an append that already
     * committed with the same bytes completes with the same end LSN and is not stored again.
     */
    public CompletableFuture<Long> append(final TenantId tenant, final TimelineId timeline, final long epoch,
                                          final long startLsn, final DirectBuffer buffer, final int offset,
                                          final int length) {
        return append(writer(tenant), tenant, timeline, epoch, startLsn, buffer, offset, length);
    }

    CompletableFuture<Long> append(final RaftClient via, final TenantId tenant, final TimelineId timeline,
                                   final long epoch, final long startLsn, final DirectBuffer buffer, final int offset,
                                   final int length) {
        if (length <= 0 || length > config.maxAppendBytes()) {
            return CompletableFuture.failedFuture(StratumException.of(length <= 0 ? ErrorCode.INVALID_ARGUMENT
                : ErrorCode.LIMIT_EXCEEDED, "append size out of range", "length", length,
                "max", config.maxAppendBytes()));
        }
        final ByteBuffer b = Protocol.request(Protocol.APPEND, tenant, timeline, Protocol.APPEND_HEADER_LENGTH + length);
        b.putLong(epoch).putLong(startLsn);
        buffer.getBytes(offset, b.array(), Protocol.APPEND_HEADER_LENGTH, length);
        return appendRequest(via, b.array(), b.capacity());
    }

    /** Sends an APPEND request ({@code length} bytes of {@code request}); completes with the end LSN. */
    CompletableFuture<Long> appendRequest(final RaftClient via, final byte[] request, final int length) {
        return write(via, request, length).handle((reply, error) -> {
            if (error == null) {
                return reply.getLong(1);
            }
            final Throwable cause = unwrap(error);
            if (cause instanceof DuplicateAck d) {
                return d.endLsn;
            }
            throw cause instanceof StratumException se ? se : failure(cause);
        });
    }

    /** Reports the page server's persisted LSN; the nodes may delete WAL below it. Never lowers it. */
    @Override
    public void reportPersisted(final TenantId tenant, final TimelineId timeline, final long persistedLsn) {
        final ByteBuffer b = Protocol.request(Protocol.PERSISTED, tenant, timeline, Protocol.HEADER_LENGTH + 8);
        b.putLong(persistedLsn);
        await(write(tenant, b.array()));
    }

    /** A live stream of the timeline's committed WAL from {@code startLsn}, read from any node. */
    @Override
    public WalStream stream(final TenantId tenant, final TimelineId timeline, final long startLsn) {
        if (!Lsn.isValid(startLsn)) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid start LSN", "lsn", startLsn);
        }
        return new RaftWalStream(this, tenant, timeline, startLsn);
    }

    // ---------------------------------------------------------------- status and membership

    /** Each known node's role and LSNs per tenant; unreachable nodes are listed as such. */
    public List<NodeStatus> status() {
        final List<NodeStatus> out = new ArrayList<>();
        for (final WalPeer p : peers) {
            out.add(Membership.status(this, p));
        }
        return out;
    }

    /** Adds a running node to every tenant group; it catches up from the others. */
    public void addNode(final WalPeer node) {
        Membership.change(this, null, node);
    }

    /** Removes a node from every tenant group (it need not be running). */
    public void removeNode(final int nodeId) {
        Membership.change(this, nodeId, null);
    }

    /** Replaces a (dead) node by a new running one in every tenant group, in one configuration change. */
    public void replaceNode(final int deadId, final WalPeer node) {
        Membership.change(this, deadId, node);
    }

    // ---------------------------------------------------------------- internals shared with sink and stream

    CompletableFuture<ByteBuffer> write(final TenantId tenant, final byte[] request) {
        return write(writer(tenant), request);
    }

    CompletableFuture<ByteBuffer> write(final RaftClient via, final byte[] request) {
        return write(via, request, request.length);
    }

    CompletableFuture<ByteBuffer> write(final RaftClient via, final byte[] request, final int length) {
        checkOpen();
        return via.async().send(tokens.message(request, length))
            .orTimeout(config.appendTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .handle((reply, error) -> {
                if (error != null) {
                    throw asUnchecked(unwrap(error));
                }
                return body(reply);
            });
    }

    /**
     * A connection to {@code node}'s WAL stream endpoint, whose port the node tells over Raft (once per node;
     * asked again after a connection to it failed).
     */
    WalReadChannel openRead(final TenantId tenant, final WalPeer node) {
        checkOpen();
        final Integer known = readPorts.get(node);
        final int port;
        if (known != null) {
            port = known;
        } else {
            final ByteBuffer r = query(tenant, node, Protocol.request(Protocol.READ_PORT, tenant, null,
                Protocol.HEADER_LENGTH).array());
            port = r.remaining() >= 5 ? r.getInt(r.position() + 1) : 0;
            if (port <= 0) {
                throw StratumException.of(ErrorCode.UNAVAILABLE, "WAL node has no stream endpoint", "node", node);
            }
            readPorts.put(node, port);
        }
        try {
            return WalReadChannel.open(node, port, (int) config.requestTimeout().toMillis(),
                Protocol.READ_REPLY_HEADER + config.readBytes() + MAX_RECORD_SLACK);
        } catch (final StratumException e) {
            readPorts.remove(node, port); // it may have restarted on another port
            throw e;
        }
    }

    /** Message bytes of a request, in its token envelope when this client has tokens. */
    org.apache.ratis.thirdparty.com.google.protobuf.ByteString requestBytes(final byte[] request, final int length) {
        return tokens.message(request, length).getContent();
    }

    /** Sends a read-only query to one node, waiting for its answer. */
    ByteBuffer query(final TenantId tenant, final WalPeer node, final byte[] request) {
        checkOpen();
        try {
            return body(reader(tenant).io().sendStaleRead(tokens.message(request, request.length),
                0, RaftSettings.peerId(node.id())));
        } catch (final IOException e) {
            throw failure(e);
        }
    }

    static ByteBuffer body(final RaftClientReply reply) {
        if (!reply.isSuccess()) {
            final Throwable e = reply.getException();
            throw e == null ? StratumException.of(ErrorCode.UNAVAILABLE, "WAL node refused the request")
                : asUnchecked(e);
        }
        final ByteBuffer b = reply.getMessage().getContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        Protocol.checkReply(b);
        return b;
    }

    private static RuntimeException asUnchecked(final Throwable e) {
        final Throwable c = e instanceof StateMachineException && e.getCause() != null ? e.getCause() : e;
        if (c instanceof DuplicateAck d) {
            return d;
        }
        if (c instanceof WalRefusedException) {
            final String m = c.getMessage() == null ? "" : c.getMessage();
            final int sp = m.indexOf(' ');
            final String head = sp < 0 ? m : m.substring(0, sp);
            final String rest = sp < 0 ? "" : m.substring(sp + 1);
            if (Protocol.DUPLICATE.equals(head)) {
                return new DuplicateAck(Long.parseLong(rest.trim()));
            }
            try {
                return new StratumException(ErrorCode.valueOf(head), rest);
            } catch (final IllegalArgumentException ex) {
                return new StratumException(ErrorCode.INTERNAL, m);
            }
        }
        if (c instanceof StateMachineException) { // no usable cause: the node's state machine failed
            return StratumException.withCause(ErrorCode.FAILED, c, "the WAL node failed to apply the request",
                "error", String.valueOf(c.getMessage()));
        }
        return failure(c);
    }

    /** An identical retry of committed WAL: not an error. */
    static final class DuplicateAck extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long endLsn;

        DuplicateAck(final long endLsn) {
            super(null, null, false, false);
            this.endLsn = endLsn;
        }
    }

    static Throwable unwrap(final Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static StratumException failure(final Throwable e) {
        final Throwable t = unwrap(e);
        if (t instanceof StratumException se) {
            return se;
        }
        if (t instanceof StateMachineException) {
            final RuntimeException r = asUnchecked(t);
            if (r instanceof StratumException se) {
                return se;
            }
        }
        if (t instanceof GroupMismatchException) {
            return StratumException.withCause(ErrorCode.NOT_FOUND, t, "unknown tenant on this WAL node",
                "error", t.getMessage());
        }
        if (t instanceof TimeoutException) {
            return StratumException.withCause(ErrorCode.TIMEOUT, t, "WAL service did not answer in time");
        }
        return StratumException.withCause(ErrorCode.UNAVAILABLE, t, "WAL service unavailable",
            "error", t.getClass().getSimpleName() + ": " + t.getMessage());
    }

    <T> T await(final CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StratumException.withCause(ErrorCode.UNAVAILABLE, e, "interrupted");
        } catch (final ExecutionException e) {
            final Throwable c = unwrap(e);
            throw c instanceof DuplicateAck ? StratumException.of(ErrorCode.INTERNAL, "unexpected duplicate")
                : failure(c);
        }
    }

    RaftClient writer(final TenantId tenant) {
        return writers.computeIfAbsent(tenant, this::newWriterClient);
    }

    /**
     * A Ratis client that retries (every 50 ms, so a new leader is found soon after it is elected; the
     * {@code orTimeout} of each call bounds the whole) while the group elects a leader.
     */
    RaftClient newWriterClient(final TenantId tenant) {
        return newRaftClient(tenant, RetryPolicies.retryUpToMaximumCountWithFixedSleep(
            (int) Math.max(3, config.appendTimeout().toMillis() / 50), TimeDuration.valueOf(50, TimeUnit.MILLISECONDS)));
    }

    RaftClient reader(final TenantId tenant) {
        return readers.computeIfAbsent(tenant, t -> newRaftClient(t, RetryPolicies.noRetry()));
    }

    RaftClient newRaftClient(final TenantId tenant, final RetryPolicy retry) {
        if (known.size() < 1024) {
            known.add(tenant);
        }
        return newRaftClient(WalStateMachine.groupOf(tenant), RaftSettings.peers(peers), retry);
    }

    RaftClient newRaftClient(final RaftGroupId gid, final List<RaftPeer> members, final RetryPolicy retry) {
        return RaftClient.newBuilder().setProperties(properties).setRaftGroup(RaftGroup.valueOf(gid, members))
            .setRetryPolicy(retry).build();
    }

    List<WalPeer> mutablePeers() {
        return peers;
    }

    /**
     * After a membership change: later calls get new Ratis clients that know the new peers. The old ones may
     * have requests in flight, so they are retired, not closed, until this client closes (as are the Ratis
     * clients of sinks that were not closed).
     */
    void resetClients() {
        for (final Map<TenantId, RaftClient> m : List.of(writers, readers)) {
            for (final TenantId t : List.copyOf(m.keySet())) {
                final RaftClient c = m.remove(t);
                if (c != null) {
                    retired.add(c);
                }
            }
        }
    }

    /** Closes a closed sink's Ratis client. */
    void retire(final RaftClient c) {
        if (retired.remove(c)) {
            closeQuietly(c);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw StratumException.of(ErrorCode.CLOSED, "WAL client is closed");
        }
    }

    static void closeQuietly(final AutoCloseable c) {
        try {
            c.close();
        } catch (final Exception e) {
            // closing a client to a dead node may fail; nothing to do
        }
    }

    @Override
    public void close() {
        closed = true;
        refresher.shutdownNow();
        try {
            refresher.awaitTermination(5, TimeUnit.SECONDS); // its thread is gone when close returns
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        resetClients();
        for (final RaftClient c : retired) {
            closeQuietly(c);
        }
        retired.clear();
    }
}
