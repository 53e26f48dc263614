package io.stratum.raft;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.auth.TokenSource;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * Turns a client's request bytes into a Ratis message, in an {@link Protocol#AUTH} envelope with the token of
 * the request's tenant when the client has tokens. The envelope is prepended without copying the request,
 * and built once per token. Threads: none; called concurrently by the client's callers.
 */
final class RequestTokens {
    private final TokenSource tokens;
    private volatile Prefix last;

    private record Prefix(String token, ByteString bytes) {
    }

    RequestTokens(final TokenSource tokens) {
        this.tokens = tokens;
    }

    Message message(final byte[] request, final int length) {
        final ByteString body = UnsafeByteOperations.unsafeWrap(request, 0, length);
        if (tokens == TokenSource.NONE) {
            return Message.valueOf(body);
        }
        final String token = tokens.token(Protocol.tenant(Protocol.le(request)));
        if (token == null) {
            return Message.valueOf(body);
        }
        Prefix p = last;
        if (p == null || !p.token.equals(token)) {
            p = new Prefix(token, UnsafeByteOperations.unsafeWrap(Protocol.authPrefix(token)));
            last = p;
        }
        return Message.valueOf(p.bytes.concat(body));
    }
}
