package io.stratum.raft;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.agrona.DirectBuffer;
import org.apache.ratis.client.RaftClient;

/**
 * The sink of an acquired writer: appends carry its epoch and go through its own Ratis clients ("lanes",
 * {@code WalClientConfig.appendLanes}, one connection each), one request in flight per lane. Appends issued
 * meanwhile that continue one another are coalesced into batches (each up to {@code maxAppendBytes})
 * queued behind them and sent in LSN order as lanes free up. At most {@link #MAX_QUEUED} batches wait: an
 * append that finds the queue full blocks its caller until a request completes (backpressure). So a writer
 * that pipelines many small appends (or a compute's concurrent commits) pays one Raft entry per batch, not
 * per append: this is the WAL service's group commit. Each append's future completes with its own end LSN,
 * in LSN order; a refused batch fails every append in it and after it.
 * <p>Why one request per lane: Ratis's Netty server handles a connection's requests one at a time (it blocks
 * until each commits), so a second request on a connection gains nothing. Requests on different lanes reach
 * the log in any order: the nodes park an append that starts beyond the timeline's end until the ones
 * before it land (the state machine's {@code Appends}), and answer it at once with the end so far; its
 * appends complete when a later reply's end covers them.
 * <p>After a failed append a one-lane sink goes on from the acknowledged end (appends issued after the failed
 * one fail too). A sink of several lanes refuses every later append (FAILED; acquire a new writer): a request
 * of the failed generation may still be parked on the nodes and land after new appends at the same LSNs,
 * which only a new epoch (the ACQUIRE drops it) rules out.
 */
public final class RaftWalSink implements WalSink {
    /** Batches that may wait behind the request in flight before {@link #append} blocks. */
    static final int MAX_QUEUED = 8;

    private final WalClient client;
    private final RaftClient[] lanes;
    private final boolean[] busy;    // guarded by this
    private final TenantId tenant;
    private final TimelineId timeline;
    private final long epoch;
    private final int maxBatch;
    private volatile long endLsn;   // written under this
    private volatile long ackedLsn; // written under this
    private volatile boolean closed;
    private int inFlight;           // guarded by this
    private int maxInFlightSeen;    // guarded by this
    private final java.util.ArrayDeque<Batch> queue = new java.util.ArrayDeque<>(); // not sent; guarded by this
    private final java.util.ArrayDeque<Batch> sent = new java.util.ArrayDeque<>();  // sent, not acked, LSN order
    private StratumException failed; // guarded by this: a multi-lane sink's first failure

    /** Appends that continue one another, sent as one request. */
    private static final class Batch {
        final long start;
        long end;
        byte[] buf;
        int len = Protocol.APPEND_HEADER_LENGTH;
        final List<CompletableFuture<Long>> futures = new ArrayList<>(4);
        final List<Long> ends = new ArrayList<>(4);
        boolean done;   // its futures were completed (guarded by the sink)
        boolean parked; // its request was answered "parked" (guarded by the sink)

        Batch(final long start, final int firstLength) {
            this.start = start;
            this.end = start;
            this.buf = new byte[Protocol.APPEND_HEADER_LENGTH + Math.max(firstLength, 256)];
        }

        void add(final DirectBuffer src, final int offset, final int length, final CompletableFuture<Long> f) {
            if (len + length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(len + length, 2 * buf.length));
            }
            src.getBytes(offset, buf, len, length);
            len += length;
            end += length;
            futures.add(f);
            ends.add(end);
        }
    }

    RaftWalSink(final WalClient client, final TenantId tenant, final TimelineId timeline, final long end,
                final long epoch, final RaftClient via) {
        this.client = client;
        final int n = client.config().appendLanes();
        this.lanes = new RaftClient[n];
        this.lanes[0] = via;
        for (int i = 1; i < n; i++) {
            this.lanes[i] = client.extraWriterClient(tenant);
        }
        this.busy = new boolean[n];
        this.tenant = tenant;
        this.timeline = timeline;
        this.endLsn = end;
        this.ackedLsn = end;
        this.epoch = epoch;
        this.maxBatch = client.config().maxAppendBytes();
    }

    /** This writer's epoch. */
    public long epoch() {
        return epoch;
    }

    @Override
    public CompletableFuture<Long> append(final long startLsn, final DirectBuffer buffer, final int offset,
                                          final int length) {
        if (closed) {
            return CompletableFuture.failedFuture(StratumException.of(ErrorCode.CLOSED, "WAL writer is closed"));
        }
        if (length <= 0 || length > maxBatch) {
            return CompletableFuture.failedFuture(StratumException.of(length <= 0 ? ErrorCode.INVALID_ARGUMENT
                : ErrorCode.LIMIT_EXCEEDED, "append size out of range", "length", length, "max", maxBatch));
        }
        final CompletableFuture<Long> f = new CompletableFuture<>();
        synchronized (this) {
            while (true) {
                if (closed) {
                    return CompletableFuture.failedFuture(StratumException.of(ErrorCode.CLOSED, "WAL writer is closed"));
                }
                if (failed != null) {
                    return CompletableFuture.failedFuture(StratumException.of(ErrorCode.FAILED,
                        "an earlier append of this WAL writer failed: acquire the timeline again", "cause",
                        failed.getMessage()));
                }
                final Batch w = queue.peekLast();
                if (w != null && w.end == startLsn && w.len - Protocol.APPEND_HEADER_LENGTH + length <= maxBatch) {
                    endLsn = Math.max(endLsn, startLsn + length);
                    w.add(buffer, offset, length, f);
                    return f;
                }
                if (queue.size() < MAX_QUEUED) {
                    break;
                }
                try {
                    wait(); // backpressure: a completing request makes room
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return CompletableFuture.failedFuture(StratumException.withCause(ErrorCode.UNAVAILABLE, e,
                        "interrupted while the WAL append queue was full"));
                }
            }
            endLsn = Math.max(endLsn, startLsn + length);
            final Batch b = new Batch(startLsn, length);
            b.add(buffer, offset, length, f);
            if (inFlight < lanes.length && queue.isEmpty()) {
                sendLocked(b);
            } else {
                queue.addLast(b);
            }
        }
        return f;
    }

    /** The most requests this sink ever had in flight at once (tests). */
    synchronized int maxInFlightSeen() {
        return maxInFlightSeen;
    }

    private void sendLocked(final Batch b) {
        int lane = 0;
        while (busy[lane]) {
            lane++;
        }
        busy[lane] = true;
        inFlight++;
        maxInFlightSeen = Math.max(maxInFlightSeen, inFlight);
        sent.addLast(b);
        final ByteBuffer h = ByteBuffer.wrap(b.buf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.put(Protocol.APPEND).putLong(tenant.hi()).putLong(tenant.lo()).putLong(timeline.hi()).putLong(timeline.lo())
            .putLong(epoch).putLong(b.start);
        CompletableFuture<Long> request;
        try {
            request = client.appendRequest(lanes[lane], b.buf, b.len);
        } catch (final RuntimeException e) {
            request = CompletableFuture.failedFuture(e);
        }
        final int l = lane;
        request.whenComplete((end, e) -> done(b, l, end, e));
    }

    /**
     * A lane's request completed. Its reply's end acknowledges every batch it covers: its own, or, for a
     * reply that it was parked (an end below its start), none until a later reply covers it.
     */
    private void done(final Batch b, final int lane, final Long end, final Throwable error) {
        final List<Batch> finished = new ArrayList<>(2); // acknowledged
        final List<Batch> failing = new ArrayList<>(0);
        Throwable cause = null;
        synchronized (this) {
            busy[lane] = false;
            inFlight--;
            if (error == null) {
                ackedLsn = Math.max(ackedLsn, end);
                b.parked = end < b.end;
                while (!sent.isEmpty() && sent.peekFirst().end <= ackedLsn) {
                    finished.add(sent.pollFirst());
                }
                // a parked batch first in line, with every batch before it answered, was dropped by the nodes
                // (the reply that filled the gap would have covered it): it will never land
                if (!sent.isEmpty() && sent.peekFirst().parked) {
                    cause = StratumException.of(ErrorCode.CONFLICT, "a parked append was dropped by the WAL nodes",
                        "timeline", timeline, "start", io.stratum.wal.Lsn.format(sent.peekFirst().start),
                        "acked", io.stratum.wal.Lsn.format(ackedLsn));
                    failLocked(sent.peekFirst(), cause, failing);
                }
            } else if (!b.done) {
                cause = WalClient.unwrap(error);
                failLocked(b, cause, failing);
            }
            for (final Batch f : finished) {
                f.done = true;
            }
            for (final Batch f : failing) {
                f.done = true;
            }
            while (!queue.isEmpty() && inFlight < lanes.length) {
                sendLocked(queue.pollFirst());
            }
            notifyAll();
        }
        for (final Batch f : finished) {
            for (int i = 0; i < f.futures.size(); i++) {
                f.futures.get(i).complete(f.ends.get(i));
            }
        }
        if (!failing.isEmpty()) {
            final Throwable c = cause instanceof StratumException ? cause : WalClient.failure(cause);
            for (final Batch f : failing) {
                for (final CompletableFuture<Long> x : f.futures) {
                    x.completeExceptionally(c);
                }
            }
        }
    }

    /** Fails {@code b}, every batch sent after it and every queued one; a multi-lane sink fails for good. */
    private void failLocked(final Batch b, final Throwable cause, final List<Batch> out) {
        final List<Batch> failing = new ArrayList<>();
        while (!sent.isEmpty() && sent.peekLast() != b) {
            failing.add(0, sent.pollLast());
        }
        sent.pollLast();
        failing.add(0, b);
        failing.addAll(queue);
        queue.clear();
        if (lanes.length > 1) {
            failed = cause instanceof StratumException se ? se : WalClient.failure(cause);
        }
        endLsn = ackedLsn; // what was issued after a failed append fails too: restart from the acked end
        out.addAll(failing);
    }

    /** The end of the last acknowledged append (or of the timeline when the writer was acquired). */
    public long ackedLsn() {
        return ackedLsn;
    }

    @Override
    public long endLsn() {
        return endLsn;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        for (final RaftClient c : lanes) {
            client.retire(c);
        }
    }

    @Override
    public String toString() {
        return "WalSink[tenant=" + tenant + ", timeline=" + timeline + ", epoch=" + epoch + "]";
    }
}
