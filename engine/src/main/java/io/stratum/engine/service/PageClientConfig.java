package io.stratum.engine.service;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.time.Duration;

/**
 * Configuration of a {@link PageClient}. Build with {@link #builder(String, int)}, which starts from the
 * defaults below; {@link #validate()} names the bad field.
 *
 * @param host the page service's address
 * @param port its TCP port (1..65535)
 * @param connections sockets used round robin, each pipelined (default 4, at most 1024)
 * @param requestTimeout how long a request waits for its answer, beyond any WAIT_LSN wait (default 30 s)
 * @param connectTimeout connecting and the handshake (default 5 s)
 * @param maxInFlight requests outstanding on one connection before senders wait (default 1024)
 * @param maxBatch most pages one {@code getPages} asks for (default 64, at most 4096; the server's frame
 *     limit must hold them)
 * @param maxFrame largest frame limit a server may announce, which sizes each connection's receive buffer
 *     (default 64 MiB)
 * @param token the token sent in the handshake, for a page service with an auth key (default null: none)
 */
public record PageClientConfig(String host, int port, int connections, Duration requestTimeout,
                               Duration connectTimeout, int maxInFlight, int maxBatch, int maxFrame,
                               String token) {

    public static Builder builder(final String host, final int port) {
        return new Builder(host, port);
    }

    /** Checks every field; returns this. Throws INVALID_ARGUMENT naming the bad field. */
    public PageClientConfig validate() {
        check(host != null && !host.isBlank(), "host", host);
        check(port >= 1 && port <= 65535, "port", port);
        check(connections >= 1 && connections <= 1024, "connections", connections);
        check(requestTimeout != null && !requestTimeout.isNegative() && !requestTimeout.isZero(),
            "requestTimeout", requestTimeout);
        check(connectTimeout != null && connectTimeout.toMillis() >= 1
            && connectTimeout.toMillis() <= Integer.MAX_VALUE, "connectTimeout", connectTimeout);
        check(maxInFlight >= 1 && maxInFlight <= 65536, "maxInFlight", maxInFlight);
        check(maxBatch >= 1 && maxBatch <= 4096, "maxBatch", maxBatch);
        check(maxFrame >= PageProtocol.HEADER + 8 && maxFrame <= 64 << 20, "maxFrame", maxFrame);
        check(token == null || token.length() <= io.stratum.wal.auth.AuthKey.MAX_TOKEN_LENGTH
            && token.chars().allMatch(c -> c > 32 && c < 127), "token", "(" + (token == null ? 0 : token.length())
            + " characters; printable ASCII, at most " + io.stratum.wal.auth.AuthKey.MAX_TOKEN_LENGTH + ")");
        return this;
    }

    private static void check(final boolean ok, final String field, final Object value) {
        if (!ok) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid page client config: " + field,
                field, value);
        }
    }

    /** Builder with defaults. */
    public static final class Builder {
        private final String host;
        private final int port;
        private int connections = 4;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private int maxInFlight = 1024;
        private int maxBatch = PageProtocol.DEFAULT_MAX_BATCH;
        private int maxFrame = 64 << 20;
        private String token;

        private Builder(final String host, final int port) {
            this.host = host;
            this.port = port;
        }

        public Builder connections(final int v) {
            connections = v;
            return this;
        }

        public Builder requestTimeout(final Duration v) {
            requestTimeout = v;
            return this;
        }

        public Builder connectTimeout(final Duration v) {
            connectTimeout = v;
            return this;
        }

        public Builder maxInFlight(final int v) {
            maxInFlight = v;
            return this;
        }

        public Builder maxBatch(final int v) {
            maxBatch = v;
            return this;
        }

        public Builder maxFrame(final int v) {
            maxFrame = v;
            return this;
        }

        /** The token for a page service with an auth key; null or empty: none. */
        public Builder token(final String v) {
            token = v == null || v.isEmpty() ? null : v;
            return this;
        }

        public PageClientConfig build() {
            return new PageClientConfig(host, port, connections, requestTimeout, connectTimeout, maxInFlight,
                maxBatch, maxFrame, token).validate();
        }
    }
}
