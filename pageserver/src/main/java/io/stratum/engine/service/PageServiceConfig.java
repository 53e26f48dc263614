package io.stratum.engine.service;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.auth.AuthKey;

/**
 * Configuration of a {@link PageService}.
 *
 * @param host address to bind (default 127.0.0.1: loopback only)
 * @param port TCP port (default 6400; 0 picks a free one)
 * @param maxConnections connections served at once; more are accepted and closed at once (default 256)
 * @param maxFrame largest frame accepted or sent (default 1 MiB)
 * @param maxBatch most pages in one GET_PAGES (default 64)
 * @param maxWaitMillis longest WAIT_LSN a client may ask for (default 60 s)
 * @param idleTimeoutMillis a connection that sends no whole frame for this long is closed (default 10 min)
 * @param authKey when set, every request needs a token (sent in the handshake) scoped to its tenant or admin;
 *     null (default) serves anyone, which only a loopback {@code host} allows
 */
public record PageServiceConfig(String host, int port, int maxConnections, int maxFrame, int maxBatch,
                                long maxWaitMillis, long idleTimeoutMillis, AuthKey authKey) {

    public static Builder builder() {
        return new Builder();
    }

    public PageServiceConfig validate() {
        if (host == null || host.isBlank()) {
            throw bad("host", host);
        }
        if (port < 0 || port > 65535) {
            throw bad("port", port);
        }
        if (maxConnections < 1 || maxConnections > 65536) {
            throw bad("maxConnections", maxConnections);
        }
        if (maxBatch < 1 || maxBatch > 4096) {
            throw bad("maxBatch", maxBatch);
        }
        final long needed = PageProtocol.HEADER + 4L + (long) maxBatch * PageProtocol.PAGE_SIZE;
        if (maxFrame < needed || maxFrame > (64 << 20)) {
            throw bad("maxFrame", maxFrame + " (must hold maxBatch pages: at least " + needed + ", at most 64 MiB)");
        }
        if (maxWaitMillis < 0) {
            throw bad("maxWaitMillis", maxWaitMillis);
        }
        if (idleTimeoutMillis <= maxWaitMillis) {
            throw bad("idleTimeoutMillis", idleTimeoutMillis + " (must exceed maxWaitMillis)");
        }
        AuthKey.requireOffLoopback(host, authKey, "page service");
        return this;
    }

    private static StratumException bad(final String field, final Object value) {
        return StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid page service config: " + field,
            field, value);
    }

    /** Builder with defaults. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 6400;
        private int maxConnections = 256;
        private int maxFrame = PageProtocol.DEFAULT_MAX_FRAME;
        private int maxBatch = PageProtocol.DEFAULT_MAX_BATCH;
        private long maxWaitMillis = 60_000;
        private long idleTimeoutMillis = 600_000;
        private AuthKey authKey;

        public Builder host(final String v) {
            host = v;
            return this;
        }

        public Builder port(final int v) {
            port = v;
            return this;
        }

        public Builder maxConnections(final int v) {
            maxConnections = v;
            return this;
        }

        public Builder maxFrame(final int v) {
            maxFrame = v;
            return this;
        }

        public Builder maxBatch(final int v) {
            maxBatch = v;
            return this;
        }

        public Builder maxWaitMillis(final long v) {
            maxWaitMillis = v;
            return this;
        }

        public Builder idleTimeoutMillis(final long v) {
            idleTimeoutMillis = v;
            return this;
        }

        /** Requires a token on every request (see {@link AuthKey}); null serves anyone (loopback only). */
        public Builder authKey(final AuthKey v) {
            authKey = v;
            return this;
        }

        public PageServiceConfig build() {
            return new PageServiceConfig(host, port, maxConnections, maxFrame, maxBatch, maxWaitMillis,
                idleTimeoutMillis, authKey).validate();
        }
    }
}
