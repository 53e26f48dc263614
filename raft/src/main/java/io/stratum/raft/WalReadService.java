package io.stratum.raft;

import io.stratum.raft.protocol.Protocol;
import io.stratum.raft.statemachine.WalStateMachine;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WAL node's WAL stream endpoint: the long-polling reads of page servers' WAL streams, served beside the
 * Raft endpoint instead of through it.
 * <p>Why not through Ratis: its Netty server runs each request on an event-loop thread until the answer is
 * there. A read parked for new WAL (up to a second) held that thread, so every other connection the thread
 * serves (a writer's first request, a peer's appendEntries) waited behind it, and one client's reads of
 * several timelines, which share a connection, queued behind one another: an idle branch delayed its
 * siblings' WAL by seconds and a new branch's writer lease by up to a second.
 * <pre>
 * frame (both ways): length (4, big-endian), then that many bytes
 * request: a READ, STATUS or READ_PORT request of {@link Protocol}, in its AUTH envelope when the client has
 *          a token (at most {@link #MAX_REQUEST} bytes); reply: the bytes the same query through Ratis answers
 * </pre>
 * One request at a time per connection; a client opens one connection per stream. Requests are checked and
 * authenticated by the tenant's state machine ({@link WalStateMachine#streamQuery}) exactly as through Ratis.
 * <p>Threads: {@code stratum-wal-read-accept-ID} accepts; each connection has its own
 * {@code stratum-wal-read-ID} thread (at most {@link #MAX_CONNECTIONS}; more are closed at once), blocked in
 * socket reads or on its read's answer. {@link #close()} closes the listener and every connection and waits
 * for the acceptor.
 */
public final class WalReadService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalReadService.class);
    /** Largest request frame: a READ with its token is under 1 KiB. */
    static final int MAX_REQUEST = 64 << 10;
    static final int MAX_CONNECTIONS = 512;
    /** Longest a connection waits for one answer: a read's wait is capped at 10 s by the state machine. */
    private static final long ANSWER_TIMEOUT_MS = 15_000;

    private final int nodeId;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile RaftServer server;
    private volatile Thread acceptor;
    private volatile boolean closed;

    private WalReadService(final int nodeId, final ServerSocket listener) {
        this.nodeId = nodeId;
        this.listener = listener;
    }

    /** Binds the endpoint (port 0: any free one); {@link #start} begins serving. */
    static WalReadService bind(final int nodeId, final String host, final int port) {
        try {
            final ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 64);
            return new WalReadService(nodeId, s);
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.UNAVAILABLE, e, "cannot bind the WAL stream endpoint",
                "id", nodeId, "host", host, "port", port, "error", String.valueOf(e.getMessage()));
        }
    }

    /** The port it listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    void start(final RaftServer raft) {
        this.server = raft;
        final Thread t = new Thread(this::acceptLoop, "stratum-wal-read-accept-" + nodeId);
        t.setDaemon(true);
        acceptor = t;
        t.start();
    }

    private void acceptLoop() {
        while (!closed) {
            final Socket s;
            try {
                s = listener.accept();
            } catch (final IOException e) {
                if (!closed) {
                    LOG.warn("WAL node {}: stream endpoint stops accepting: {}", nodeId, e.toString());
                }
                return;
            }
            if (open.size() >= MAX_CONNECTIONS || closed) {
                WalClient.closeQuietly(s); // the client sees the connection end and tries another node
                continue;
            }
            open.add(s);
            final Thread t = new Thread(() -> serve(s), "stratum-wal-read-" + nodeId);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(final Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            final DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            final DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            while (!closed) {
                final int length = in.readInt();
                if (length <= 0 || length > MAX_REQUEST) {
                    LOG.warn("WAL node {}: stream request of {} bytes from {} (limit {}): connection closed",
                        nodeId, length, s.getRemoteSocketAddress(), MAX_REQUEST);
                    return;
                }
                final byte[] request = new byte[length];
                in.readFully(request);
                final ByteString reply = answer(request);
                out.writeInt(reply.size());
                reply.writeTo(out);
                out.flush();
            }
        } catch (final EOFException | SocketException e) {
            // the client closed the connection, or close() did
        } catch (final IOException e) {
            if (!closed) {
                LOG.debug("WAL node {}: stream connection from {} failed: {}", nodeId, s.getRemoteSocketAddress(),
                    e.toString());
            }
        } finally {
            open.remove(s);
        }
    }

    private ByteString answer(final byte[] request) {
        final int off = Protocol.requestOffset(request, request.length);
        if (off < 0) {
            return refusal(ErrorCode.INVALID_ARGUMENT, "malformed WAL query");
        }
        final TenantId tenant = Protocol.tenant(Protocol.le(request).position(off));
        final WalStateMachine sm;
        try {
            sm = (WalStateMachine) server.getDivision(WalStateMachine.groupOf(tenant)).getStateMachine();
        } catch (final IOException e) {
            return refusal(ErrorCode.NOT_FOUND, "unknown tenant on this WAL node " + tenant);
        }
        try {
            return sm.streamQuery(Message.valueOf(ByteString.copyFrom(request)))
                .get(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS).getContent();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return refusal(ErrorCode.UNAVAILABLE, "WAL node is stopping");
        } catch (final ExecutionException | TimeoutException | RuntimeException e) {
            return refusal(ErrorCode.UNAVAILABLE, "WAL node could not answer the read: " + e);
        }
    }

    private static ByteString refusal(final ErrorCode code, final String message) {
        return ByteString.copyFrom(Protocol.refusal(code, message));
    }


    @Override
    public void close() {
        closed = true;
        WalClient.closeQuietly(listener);
        for (final Socket s : open) {
            WalClient.closeQuietly(s);
        }
        final Thread t = acceptor;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
