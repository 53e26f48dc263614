package io.stratum.raft;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalBatchHandler;
import io.stratum.wal.WalStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A live stream of a timeline's committed WAL: long-polling reads sent to one node at a time (any node:
 * every replica serves what it has applied, which is committed), over a connection of its own to that
 * node's stream endpoint ({@link WalReadService}), so that a read parked on this timeline delays no other.
 * When the node fails or no longer has the WAL asked for, the stream moves to the next node; it fails only
 * when no node has it.
 * <p>Threads: none; polled by one thread at a time. {@link #close()} closes its connection.
 */
final class RaftWalStream implements WalStream {
    private final WalClient client;
    private final TenantId tenant;
    private final TimelineId timeline;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final byte[] request;
    private final ByteBuffer requestView;
    private long position;
    private int node;
    private volatile WalReadChannel channel;
    private volatile boolean closed;

    RaftWalStream(final WalClient client, final TenantId tenant, final TimelineId timeline, final long startLsn) {
        this.client = client;
        this.tenant = tenant;
        this.timeline = timeline;
        this.position = startLsn;
        this.requestView = Protocol.request(Protocol.READ, tenant, timeline, Protocol.READ_LENGTH);
        this.request = requestView.array();
        this.node = (int) ((System.nanoTime() >>> 8) % Math.max(1, client.peers().size()));
    }

    @Override
    public int poll(final WalBatchHandler handler, final long timeoutNanos) {
        if (closed) {
            throw StratumException.of(ErrorCode.CLOSED, "WAL stream is closed");
        }
        final long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        int missing = 0;
        StratumException last = null;
        do {
            final List<WalPeer> peers = client.peers();
            final WalPeer peer = peers.get(Math.floorMod(node, peers.size()));
            final long remainingMs = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            final int waitMs = (int) Math.min(remainingMs, client.config().pollWait().toMillis());
            requestView.putLong(Protocol.HEADER_LENGTH, position)
                .putInt(Protocol.HEADER_LENGTH + 8, client.config().readBytes())
                .putInt(Protocol.HEADER_LENGTH + 12, waitMs);
            final ByteBuffer reply;
            try {
                reply = read(peer);
            } catch (final StratumException e) {
                if (closed || e.code() == ErrorCode.UNAUTHENTICATED || e.code() == ErrorCode.PERMISSION_DENIED) {
                    throw e; // every node holds the same key: trying another cannot help
                }
                last = e;
                node++;
                if (e.code() == ErrorCode.OUT_OF_RANGE || e.code() == ErrorCode.NOT_FOUND
                    || e.code() == ErrorCode.FAILED) { // FAILED: that node stopped serving the group
                    if (++missing >= peers.size()) {
                        throw StratumException.of(e.code(), "no WAL node has this WAL", "tenant", tenant,
                            "timeline", timeline, "lsn", Lsn.format(position), "last", e.getMessage());
                    }
                } else {
                    pause(deadline);
                }
                continue;
            }
            final int p = reply.position();
            final int n = reply.remaining() - Protocol.READ_REPLY_HEADER;
            if (n > 0) {
                view.wrap(reply, p + Protocol.READ_REPLY_HEADER, n);
                handler.onBatch(position, view, 0, n);
                position += n;
                return n;
            }
        } while (System.nanoTime() < deadline);
        return 0;
    }

    private ByteBuffer read(final WalPeer peer) {
        WalReadChannel c = channel;
        if (c == null || c.isClosed() || !c.node().equals(peer)) {
            if (c != null) {
                c.close();
            }
            c = client.openRead(tenant, peer);
            channel = c;
            if (closed) { // closed meanwhile: close() may have missed this connection
                c.close();
                throw StratumException.of(ErrorCode.CLOSED, "WAL stream is closed");
            }
        }
        return c.call(client.requestBytes(request, request.length));
    }

    private static void pause(final long deadline) {
        final long ms = Math.min(100, Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw StratumException.withCause(ErrorCode.UNAVAILABLE, e, "interrupted");
            }
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void close() {
        closed = true;
        final WalReadChannel c = channel;
        if (c != null) {
            c.close();
        }
    }
}
