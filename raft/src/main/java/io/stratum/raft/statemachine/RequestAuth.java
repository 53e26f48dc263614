package io.stratum.raft.statemachine;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.auth.AuthKey;
import io.stratum.wal.auth.AuthToken;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * Authentication of WAL requests. Ratis has no hook of its own, so a client's token travels in the request:
 * an {@link Protocol#AUTH} envelope around it, which the leader's {@code startTransaction} (or the node
 * answering a query) strips before validating, so the Raft log never holds a token. With an auth key the
 * token must be valid and scoped to the request's tenant (or admin).
 * <p>Threads: none.
 */
final class RequestAuth {
    private RequestAuth() {
    }

    /** {@link #unwrap(ByteString, AuthKey, long)} now. */
    static ByteString unwrap(final ByteString content, final AuthKey key) {
        return unwrap(content, key, System.currentTimeMillis());
    }

    /**
     * The request inside {@code content}'s envelope (or {@code content} itself when it has none), after
     * checking its token against {@code key} at {@code nowMillis}; a null key checks nothing.
     *
     * @throws StratumException UNAUTHENTICATED or PERMISSION_DENIED ({@link io.stratum.wal.auth.AuthException})
     */
    static ByteString unwrap(final ByteString content, final AuthKey key, final long nowMillis) {
        String token = null;
        ByteString inner = content;
        if (!content.isEmpty() && content.byteAt(0) == Protocol.AUTH) {
            if (content.size() < Protocol.AUTH_HEADER_LENGTH) {
                throw StratumException.of(ErrorCode.UNAUTHENTICATED, "MALFORMED: truncated auth envelope");
            }
            final int length = (content.byteAt(1) & 0xFF) | (content.byteAt(2) & 0xFF) << 8;
            if (length > AuthKey.MAX_TOKEN_LENGTH || Protocol.AUTH_HEADER_LENGTH + length > content.size()) {
                throw StratumException.of(ErrorCode.UNAUTHENTICATED, "MALFORMED: bad token length in auth envelope",
                    "length", length, "max", AuthKey.MAX_TOKEN_LENGTH);
            }
            token = content.substring(Protocol.AUTH_HEADER_LENGTH, Protocol.AUTH_HEADER_LENGTH + length)
                .toString(StandardCharsets.ISO_8859_1);
            inner = content.substring(Protocol.AUTH_HEADER_LENGTH + length);
        }
        if (key != null) {
            final AuthToken claims = key.verify(token, nowMillis);
            if (inner.size() >= Protocol.HEADER_LENGTH) { // shorter: refused as malformed by the caller
                claims.check(Protocol.tenant(inner.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)), nowMillis);
            } else {
                claims.check((TenantId) null, nowMillis);
            }
        }
        return inner;
    }
}
