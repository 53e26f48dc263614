package io.stratum.raft.statemachine;

import static io.stratum.raft.protocol.Protocol.APPEND_EPOCH_OFFSET;
import static io.stratum.raft.protocol.Protocol.APPEND_HEADER_LENGTH;
import static io.stratum.raft.protocol.Protocol.APPEND_START_OFFSET;
import static io.stratum.raft.protocol.Protocol.HEADER_LENGTH;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import java.nio.ByteBuffer;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The leader's early refusals, before an entry is replicated ({@code startTransaction}), against the committed
 * state: malformed or oversized requests, unknown timelines, stale epochs, appends below the end (or DUPLICATE
 * for an identical retry), bad record CRCs. Only an optimisation: what is let through is decided once, in log
 * order, by {@link Tentative}.
 * <p>Threads: Ratis's request threads; the record checker is guarded by itself.
 */
final class LeaderCheck {
    private final StateMachineSettings settings;
    private final WalRecordDecoder checker; // guarded by itself

    LeaderCheck(final StateMachineSettings settings) {
        this.settings = settings;
        this.checker = new WalRecordDecoder(settings.maxRecordLength());
    }

    /** Thrown (not an error) when an append is an identical retry of committed WAL. */
    static final class Duplicate extends Exception {
        private static final long serialVersionUID = 1L;
        final long endLsn;

        Duplicate(final long endLsn) {
            super(null, null, false, false);
            this.endLsn = endLsn;
        }
    }

    void validate(final ByteBuffer b, final TenantId tenant, final Map<TimelineId, TimelineState> timelines)
        throws Duplicate {
        final int len = b.remaining();
        final byte type = len > 0 ? b.get(b.position()) : -1;
        final int min = Protocol.minLength(type);
        if (min < 0 || len < min || type == Protocol.READ || type == Protocol.STATUS
            || type == Protocol.READ_PORT) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "malformed WAL request", "type", type,
                "length", len);
        }
        if (!Protocol.tenant(b).equals(tenant)) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "request for another tenant",
                "tenant", Protocol.tenant(b), "group", tenant);
        }
        final TimelineId id = Protocol.timeline(b);
        final TimelineState t = timelines.get(id);
        final int p = b.position();
        if (type == Protocol.CREATE) {
            final long start = b.getLong(p + HEADER_LENGTH);
            if (!Lsn.isValid(start) || start > (1L << 62)) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid start LSN", "lsn", start);
            }
            if (t != null && t.createdAt != start) {
                throw StratumException.of(ErrorCode.ALREADY_EXISTS, "timeline exists with another start LSN",
                    "tenant", tenant, "timeline", id, "start", Lsn.format(t.createdAt));
            }
            return;
        }
        if (type == Protocol.DELETE) {
            return; // idempotent
        }
        if (t == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "unknown timeline", "tenant", tenant, "timeline", id);
        }
        if (type != Protocol.APPEND) {
            return;
        }
        final int records = len - APPEND_HEADER_LENGTH;
        if (records > settings.maxAppendBytes()) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "append too large", "length", records,
                "max", settings.maxAppendBytes());
        }
        final long epoch = b.getLong(p + APPEND_EPOCH_OFFSET);
        final long start = b.getLong(p + APPEND_START_OFFSET);
        if (epoch != t.epoch) {
            throw fenced(t, epoch);
        }
        final UnsafeBuffer view = new UnsafeBuffer(b, p + APPEND_HEADER_LENGTH, records);
        if (start < t.end) {
            if (t.sameBytes(start, view, 0, records, t.end)) {
                throw new Duplicate(start + records);
            }
            throw conflict(t, start);
        }
        synchronized (checker) {
            int at = 0;
            while (at < records) {
                final int status = checker.check(view, at, records);
                if (status < 0) {
                    throw StratumException.of(ErrorCode.INVALID_ARGUMENT,
                        "refused to append: " + WalRecord.statusName(status), "offset", at);
                }
                at += status;
            }
        }
    }

    private StratumException fenced(final TimelineState t, final long epoch) {
        return StratumException.of(ErrorCode.FENCED, "writer epoch is not the timeline's current one",
            "timeline", t.id, "epoch", epoch, "current", t.epoch);
    }

    private static StratumException conflict(final TimelineState t, final long start) {
        return StratumException.of(ErrorCode.CONFLICT, "append does not start at the timeline's end",
            "timeline", t.id, "start", Lsn.format(start), "end", Lsn.format(t.end));
    }

}
