package io.stratum.raft.statemachine;

import static io.stratum.raft.protocol.Protocol.HEADER_LENGTH;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TimelineId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * The queries of one tenant's state machine: reads of committed WAL (long-polling up to the requested wait,
 * parked on the timeline and woken by the apply that passes them, or by the node's poll executor at the
 * deadline) and status. A parked read woken by new WAL is answered {@link #READ_LINGER_MILLIS} later, with
 * whatever was committed by then (a read that finds WAL already there is answered at once). A failed read
 * of the WAL copy fail-stops the group ({@link WalStateMachine#failReading}).
 * <p>Threads: none of its own; runs on Ratis's query threads and the node's poll executor.
 */
final class WalReads {
    /**
     * How long a parked read waits after new WAL woke it: the page server's WAL lags by at most this much
     * more, and under commit load one reply carries several Raft entries instead of one each.
     */
    static final long READ_LINGER_MILLIS = 3;
    private final WalStateMachine sm;

    WalReads(final WalStateMachine sm) {
        this.sm = sm;
    }

    /**
     * Answers a READ, STATUS or READ_PORT query. Only {@code mayWait} reads long-poll: Ratis's Netty server
     * runs a query on its event-loop thread until the answer is there, so a read parked through Ratis would
     * stall every connection on that thread (writers' requests and peers' appendEntries among them) for up
     * to its wait; the node's {@code WalReadService} serves the waiting reads on threads of its own.
     */
    CompletableFuture<Message> query(final Message request, final boolean mayWait) {
        try {
            final ByteBuffer b = RequestAuth.unwrap(request.getContent(), sm.settings().authKey())
                .asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            final byte type = b.remaining() > 0 ? b.get(b.position()) : -1;
            if ((type != Protocol.READ && type != Protocol.STATUS && type != Protocol.READ_PORT)
                || b.remaining() < Protocol.minLength(type)
                || !Protocol.tenant(b).equals(sm.tenant())) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "malformed WAL query", "type", type);
            }
            final StratumException stopped = sm.failed();
            if (stopped != null) {
                throw stopped;
            }
            if (type == Protocol.STATUS) {
                return CompletableFuture.completedFuture(message(status()));
            }
            if (type == Protocol.READ_PORT) {
                final byte[] out = new byte[5];
                Protocol.le(out).put(Protocol.OK).putInt(sm.settings().readPort());
                return CompletableFuture.completedFuture(message(out));
            }
            return read(b, mayWait);
        } catch (final StratumException e) {
            return CompletableFuture.completedFuture(message(Protocol.refusal(e.code(), e.getMessage())));
        }
    }

    private CompletableFuture<Message> read(final ByteBuffer b, final boolean mayWait) {
        final int p = b.position();
        final TimelineId id = Protocol.timeline(b);
        final TimelineState t = sm.timeline(id);
        if (t == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "unknown timeline", "tenant", sm.tenant(), "timeline", id);
        }
        final StateMachineSettings settings = sm.settings();
        final long from = b.getLong(p + HEADER_LENGTH);
        final int max = Math.max(1, Math.min(b.getInt(p + HEADER_LENGTH + 8), settings.maxReadBytes()));
        final int waitMillis = mayWait ? Math.max(0, Math.min(b.getInt(p + HEADER_LENGTH + 12), 10_000)) : 0;
        if (from < t.end || waitMillis == 0) {
            return CompletableFuture.completedFuture(message(serveRead(t, from, max)));
        }
        final CompletableFuture<Message> f = new CompletableFuture<>();
        // new WAL woke the read: answer READ_LINGER_MILLIS later, so the entries committed meanwhile travel in
        // the same reply (under commit load one read per Raft entry was about a tenth of the cluster's CPU)
        final Runnable answer = () -> {
            settings.stats().parked(-1);
            f.complete(message(serveRead(t, from, max)));
        };
        final Runnable waiter = () -> settings.pollExecutor().schedule(answer, READ_LINGER_MILLIS,
            TimeUnit.MILLISECONDS);
        if (!t.addWaiter(waiter, settings.maxWaiters())) {
            return CompletableFuture.completedFuture(message(serveRead(t, from, max)));
        }
        settings.stats().parked(1);
        if (from < t.end && t.removeWaiter(waiter)) {
            settings.pollExecutor().execute(waiter);
        } else {
            settings.pollExecutor().schedule(() -> {
                if (t.removeWaiter(waiter)) {
                    answer.run(); // the wait ran out: the reply says there is nothing new
                }
            }, waitMillis, TimeUnit.MILLISECONDS);
        }
        return f;
    }

    private byte[] serveRead(final TimelineState t, final long from, final int max) {
        try {
            final long end = t.end;
            if (from < t.log.beginLsn() && from < end) {
                throw StratumException.of(ErrorCode.OUT_OF_RANGE, "WAL below this LSN was deleted on this node",
                    "lsn", Lsn.format(from), "begin", Lsn.format(t.log.beginLsn()), "timeline", t.id);
            }
            final long available = Math.max(0, end - from);
            final int cap = (int) Math.min(available, (long) max + sm.settings().maxRecordLength());
            final byte[] out = new byte[Protocol.READ_REPLY_HEADER + cap];
            final UnsafeBuffer view = new UnsafeBuffer(out);
            final int n = cap == 0 ? 0 : t.read(from, view, Protocol.READ_REPLY_HEADER, Math.min(max, cap));
            view.putByte(0, Protocol.OK);
            view.putLong(1, from, ByteOrder.LITTLE_ENDIAN);
            view.putLong(9, end, ByteOrder.LITTLE_ENDIAN);
            view.putLong(17, t.log.beginLsn(), ByteOrder.LITTLE_ENDIAN);
            return n == cap ? out : Arrays.copyOf(out, Protocol.READ_REPLY_HEADER + n);
        } catch (final StratumException e) {
            if (e.code() == ErrorCode.IO_ERROR || e.code() == ErrorCode.FAILED) {
                return Protocol.refusal(ErrorCode.FAILED, sm.failReading(e.getMessage()).getMessage());
            }
            return Protocol.refusal(e.code(), e.getMessage());
        }
    }

    private byte[] status() {
        final List<TimelineState> all = sm.timelines();
        final byte[] out = new byte[5 + all.size() * Protocol.STATUS_ENTRY_LENGTH];
        final ByteBuffer b = Protocol.le(out);
        b.put(Protocol.OK).putInt(all.size());
        for (final TimelineState t : all) {
            b.putLong(t.id.hi()).putLong(t.id.lo()).putLong(t.log.beginLsn()).putLong(t.log.flushedLsn())
                .putLong(t.end).putLong(t.persisted).putLong(t.epoch);
        }
        return out;
    }

    private static Message message(final byte[] b) {
        return Message.valueOf(UnsafeByteOperations.unsafeWrap(b));
    }
}
