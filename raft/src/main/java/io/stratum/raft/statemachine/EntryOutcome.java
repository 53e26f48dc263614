package io.stratum.raft.statemachine;

import static io.stratum.raft.protocol.Protocol.APPEND_HEADER_LENGTH;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/** What one entry does, decided once when it was written (or read back after a restart). */
final class EntryOutcome {
    static final int REPLY = 0;
    static final int APPEND = 1;
    static final int ACQUIRE = 2;
    static final int CREATE = 3;
    static final int DELETE = 4;
    static final int PERSISTED = 5;
    static final int STOP = 6;

    final long index;
    final int kind;
    final TimelineState t;
    /** APPEND: start; ACQUIRE: the new epoch; PERSISTED: the reported LSN. */
    final long a;
    /** APPEND: end. */
    final long b;
    final byte[] reply;
    /** APPEND: the WalLog does not hold the records. */
    boolean absent;
    /** APPEND, absent: because the leader said no one needs them (deleted, or below the persisted LSN). */
    boolean skipped;
    StratumException stop;

    EntryOutcome(final long index, final int kind, final TimelineState t, final long a, final long b,
            final byte[] reply) {
        this.index = index;
        this.kind = kind;
        this.t = t;
        this.a = a;
        this.b = b;
        this.reply = reply;
    }

    static EntryOutcome reply(final long index, final byte[] reply) {
        return new EntryOutcome(index, REPLY, null, 0, 0, reply);
    }

    static EntryOutcome refused(final long index, final StratumException e) {
        return reply(index, io.stratum.raft.protocol.Protocol.refusal(e.code(), e.getMessage()));
    }

    static EntryOutcome stop(final long index, final StratumException e) {
        final EntryOutcome o = new EntryOutcome(index, STOP, null, 0, 0, null);
        o.stop = e;
        return o;
    }

    /**
     * Whether an entry's log data is an APPEND written once: its header and the records' length, the records in the
     * state-machine data. An APPEND with its records in the log data (inline, or from a node without
     * {@code payloadOnce}) is longer: a record is at least {@link io.stratum.wal.WalRecord#HEADER_LENGTH} bytes.
     */
    static boolean onceFormat(final ByteString logData) {
        return logData.size() == APPEND_HEADER_LENGTH + 4 && logData.byteAt(0) == Protocol.APPEND;
    }

    static StratumException smallerLimits(final String limit, final int records, final int max) {
        return StratumException.of(ErrorCode.FAILED, "the group committed an append this node's " + limit
            + " refuses: give every WAL node of a group the same limits", "length", records, limit, max);
    }
}
