package io.stratum.raft.protocol;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The messages WAL clients send to WAL nodes (Raft log entries and read-only queries) and their replies.
 * Internal to the WAL service: client and state machine share it. All integers little-endian.
 *
 * <pre>
 * request header (every request):
 * +------+----------------+------------------+
 * | type | tenant (16 B)  | timeline (16 B)  |   33 bytes
 * +------+----------------+------------------+
 * APPEND    (log entry) header, epoch (8), startLsn (8), whole encoded WAL records...
 * CREATE    (log entry) header, startLsn (8)
 * ACQUIRE   (log entry) header, expectedEpoch (8): the epoch becomes expectedEpoch + 1 only if it is expectedEpoch
 *           now (compare and set, so a retried ACQUIRE that arrives as a second log entry moves nothing);
 *           an entry of the header alone (written before the expected epoch existed) acquires unconditionally
 * PERSISTED (log entry) header, lsn (8)
 * READ      (query)     header, fromLsn (8), maxBytes (4), waitMillis (4)
 * STATUS    (query)     header (timeline ignored)
 *
 * authenticated (any of the above, for WAL nodes with an auth key): an envelope the leader (or the queried
 * node) strips before anything else, so tokens never reach the Raft log:
 * +------+------------------+---------------------+-----------------+
 * | AUTH | token length u16 | token (ASCII, <=256) | request as above |
 * +------+------------------+---------------------+-----------------+
 *
 * reply: status (1) = OK then the body, or REFUSED then code (1, ErrorCode ordinal) and a UTF-8 message
 * OK body of APPEND/CREATE/PERSISTED: endLsn (8), epoch (8)
 * OK body of ACQUIRE: endLsn (8), epoch (8), acquired (1: 1 when this entry moved the epoch, 0 when the epoch
 *           was not the expected one; the epoch is then the current one, to try again with)
 * OK body of READ: startLsn (8), commitEnd (8), beginLsn (8), records...
 * OK body of STATUS: count (4), then per timeline: timeline (16), begin, flushed, end, persisted, epoch (8 each)
 * </pre>
 */
public final class Protocol {
    public static final byte APPEND = 1;
    public static final byte CREATE = 2;
    public static final byte ACQUIRE = 3;
    public static final byte PERSISTED = 4;
    /** Deletes a timeline and its WAL on every replica (idempotent). */
    public static final byte DELETE = 5;
    public static final byte READ = 10;
    public static final byte STATUS = 11;
    /** Asks a node for the port of its WAL stream endpoint; OK body: port (4). */
    public static final byte READ_PORT = 12;
    /** Envelope carrying a token ({@code io.stratum.wal.auth.AuthKey}) around one of the requests above. */
    public static final byte AUTH = 20;
    public static final int AUTH_HEADER_LENGTH = 3;

    public static final int TYPE_OFFSET = 0;
    public static final int TENANT_OFFSET = 1;
    public static final int TIMELINE_OFFSET = 17;
    public static final int HEADER_LENGTH = 33;
    public static final int APPEND_EPOCH_OFFSET = HEADER_LENGTH;
    public static final int APPEND_START_OFFSET = HEADER_LENGTH + 8;
    public static final int APPEND_HEADER_LENGTH = HEADER_LENGTH + 16;
    public static final int READ_LENGTH = HEADER_LENGTH + 16;
    public static final int ACQUIRE_LENGTH = HEADER_LENGTH + 8;
    public static final int ACQUIRE_REPLY_LENGTH = 18;
    /** Largest append any node or client may be configured to take; above it a node refuses, all alike. */
    public static final int MAX_APPEND_BYTES = 16 << 20;

    public static final byte OK = 0;
    public static final byte REFUSED = 1;
    public static final int READ_REPLY_HEADER = 1 + 24;
    public static final int STATUS_ENTRY_LENGTH = 16 + 5 * 8;

    /** Message prefix of a refusal thrown from {@code startTransaction} that means "already committed". */
    public static final String DUPLICATE = "DUPLICATE";

    private Protocol() {
    }

    /** The envelope header and token that go before a request ({@link #AUTH}). */
    public static byte[] authPrefix(final String token) {
        final byte[] t = token.getBytes(StandardCharsets.US_ASCII);
        if (t.length > io.stratum.wal.auth.AuthKey.MAX_TOKEN_LENGTH) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "token too long", "length", t.length);
        }
        final byte[] b = new byte[AUTH_HEADER_LENGTH + t.length];
        le(b).put(AUTH).putShort((short) t.length).put(t);
        return b;
    }

    public static ByteBuffer le(final byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A request of {@code length} bytes with its header filled in; the rest follows at HEADER_LENGTH. */
    public static ByteBuffer request(final byte type, final TenantId tenant, final TimelineId timeline, final int length) {
        final ByteBuffer b = le(new byte[length]);
        b.put(type).putLong(tenant.hi()).putLong(tenant.lo());
        if (timeline != null) {
            b.putLong(timeline.hi()).putLong(timeline.lo());
        } else {
            b.putLong(0).putLong(0);
        }
        return b;
    }

    public static byte[] okLsnReply(final long endLsn, final long epoch) {
        final byte[] b = new byte[17];
        le(b).put(OK).putLong(endLsn).putLong(epoch);
        return b;
    }

    /** The reply to an ACQUIRE entry (see the class comment). */
    public static byte[] acquireReply(final long endLsn, final long epoch, final boolean acquired) {
        final byte[] b = new byte[ACQUIRE_REPLY_LENGTH];
        le(b).put(OK).putLong(endLsn).putLong(epoch).put((byte) (acquired ? 1 : 0));
        return b;
    }

    public static byte[] refusal(final ErrorCode code, final String message) {
        final byte[] m = message.getBytes(StandardCharsets.UTF_8);
        final byte[] b = new byte[2 + m.length];
        b[0] = REFUSED;
        b[1] = (byte) code.ordinal();
        System.arraycopy(m, 0, b, 2, m.length);
        return b;
    }

    /** Throws the refusal carried by a reply, if it is one. */
    public static void checkReply(final ByteBuffer reply) {
        if (reply.remaining() < 1) {
            throw StratumException.of(ErrorCode.INTERNAL, "empty reply from WAL node");
        }
        if (reply.get(reply.position()) == OK) {
            return;
        }
        final int p = reply.position();
        final ErrorCode code = codeOf(reply.get(p + 1));
        final byte[] m = new byte[reply.remaining() - 2];
        reply.duplicate().position(p + 2).get(m);
        throw new StratumException(code, new String(m, StandardCharsets.UTF_8));
    }

    public static ErrorCode codeOf(final int ordinal) {
        final ErrorCode[] all = ErrorCode.values();
        return ordinal >= 0 && ordinal < all.length ? all[ordinal] : ErrorCode.INTERNAL;
    }

    public static TenantId tenant(final ByteBuffer b) {
        return new TenantId(b.getLong(b.position() + TENANT_OFFSET), b.getLong(b.position() + TENANT_OFFSET + 8));
    }

    public static TimelineId timeline(final ByteBuffer b) {
        return new TimelineId(b.getLong(b.position() + TIMELINE_OFFSET), b.getLong(b.position() + TIMELINE_OFFSET + 8));
    }

    /**
     * Where the request starts inside {@code b[0, length)}: after its {@link #AUTH} envelope, or 0 without one;
     * -1 when the envelope is truncated or the request shorter than a header.
     */
    public static int requestOffset(final byte[] b, final int length) {
        int off = 0;
        if (length > 0 && b[0] == AUTH) {
            if (length < AUTH_HEADER_LENGTH) {
                return -1;
            }
            off = AUTH_HEADER_LENGTH + ((b[1] & 0xFF) | (b[2] & 0xFF) << 8);
        }
        return off + HEADER_LENGTH <= length ? off : -1;
    }

    /** Minimum length of each request type, or -1 for an unknown type. */
    public static int minLength(final byte type) {
        switch (type) {
            case APPEND: return APPEND_HEADER_LENGTH + 1;
            case CREATE: case PERSISTED: return HEADER_LENGTH + 8;
            case ACQUIRE: case STATUS: case DELETE: case READ_PORT: return HEADER_LENGTH;
            case READ: return READ_LENGTH;
            default: return -1;
        }
    }
}
