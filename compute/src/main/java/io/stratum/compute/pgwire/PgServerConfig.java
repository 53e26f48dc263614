package io.stratum.compute.pgwire;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Configuration of one {@link PgServer}.
 *
 * @param host listen address (default 127.0.0.1); a non-loopback address requires SCRAM-SHA-256
 * @param port listen port (default 55432, the compute's); 0 picks a free one ({@link PgServer#port()} tells which)
 * @param maxConnections concurrent client sessions (default 100); past it FATAL 53300
 * @param maxMessageSize largest protocol message accepted (default 64 MiB); past it 08P01 and disconnect
 * @param auth how clients authenticate (default trust)
 * @param users user name to password, for every method but trust
 * @param tlsCertificate PEM certificate (chain) for TLS, or null for no TLS (SSLRequest answered 'N')
 * @param tlsKey PEM PKCS#8 private key matching {@code tlsCertificate}, or null
 * @param startupTimeout how long a client may take from connecting to ReadyForQuery (default 10 s)
 * @param idleInTransactionTimeout idle time inside a transaction block before FATAL 25P03; zero disables
 *        (the default, as PostgreSQL's idle_in_transaction_session_timeout)
 */
public record PgServerConfig(String host, int port, int maxConnections, int maxMessageSize, AuthMethod auth,
                             Map<String, String> users, Path tlsCertificate, Path tlsKey,
                             Duration startupTimeout, Duration idleInTransactionTimeout) {

    /** Authentication methods, as pg_hba.conf names them. */
    public enum AuthMethod { TRUST, PASSWORD, MD5, SCRAM_SHA_256 }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether TLS is configured. */
    public boolean tls() {
        return tlsCertificate != null;
    }

    /** Builder; {@link #build()} fills defaults and names the bad field on error. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 55432;
        private int maxConnections = 100;
        private int maxMessageSize = 64 << 20;
        private AuthMethod auth = AuthMethod.TRUST;
        private Map<String, String> users = Map.of();
        private Path tlsCertificate;
        private Path tlsKey;
        private Duration startupTimeout = Duration.ofSeconds(10);
        private Duration idleInTransactionTimeout = Duration.ZERO;

        private Builder() {
        }

        public Builder host(final String v) { host = v; return this; }

        public Builder port(final int v) { port = v; return this; }

        public Builder maxConnections(final int v) { maxConnections = v; return this; }

        public Builder maxMessageSize(final int v) { maxMessageSize = v; return this; }

        public Builder auth(final AuthMethod v) { auth = v; return this; }

        /** User name to password (plain text; SCRAM secrets are derived from it at start). */
        public Builder users(final Map<String, String> v) { users = v; return this; }

        public Builder tls(final Path certificate, final Path key) {
            tlsCertificate = certificate;
            tlsKey = key;
            return this;
        }

        public Builder startupTimeout(final Duration v) { startupTimeout = v; return this; }

        public Builder idleInTransactionTimeout(final Duration v) { idleInTransactionTimeout = v; return this; }

        public PgServerConfig build() {
            if (host == null || host.isBlank()) {
                throw bad("listen host missing", "host", host);
            }
            if (port < 0 || port > 65535) {
                throw bad("port out of range", "port", port);
            }
            if (maxConnections < 1 || maxConnections > 10_000) {
                throw bad("max connections must be 1..10000", "maxConnections", maxConnections);
            }
            if (maxMessageSize < 1024) {
                throw bad("max message size below 1 KiB", "maxMessageSize", maxMessageSize);
            }
            if (auth == null) {
                throw bad("auth method missing", "auth", null);
            }
            if (users == null) {
                throw bad("users missing", "users", null);
            }
            if (auth != AuthMethod.TRUST && users.isEmpty()) {
                throw bad("password authentication without users", "users", auth);
            }
            if ((tlsCertificate == null) != (tlsKey == null)) {
                throw bad("TLS needs both a certificate and a key", "tlsKey", tlsKey);
            }
            if (tlsCertificate != null && (!Files.isReadable(tlsCertificate) || !Files.isReadable(tlsKey))) {
                throw bad("TLS certificate or key not readable", "tlsCertificate", tlsCertificate);
            }
            if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw bad("startup timeout must be positive", "startupTimeout", startupTimeout);
            }
            if (idleInTransactionTimeout == null || idleInTransactionTimeout.isNegative()) {
                throw bad("idle-in-transaction timeout must not be negative", "idleInTransactionTimeout",
                        idleInTransactionTimeout);
            }
            final boolean loopback;
            try {
                loopback = InetAddress.getByName(host).isLoopbackAddress();
            } catch (final UnknownHostException e) {
                throw bad("unknown listen host", "host", host);
            }
            if (!loopback && auth != AuthMethod.SCRAM_SHA_256) {
                throw bad("listening on a non-loopback address requires SCRAM-SHA-256 authentication",
                        "auth", auth);
            }
            return new PgServerConfig(host, port, maxConnections, maxMessageSize, auth, Map.copyOf(users),
                    tlsCertificate, tlsKey, startupTimeout, idleInTransactionTimeout);
        }

        private static StratumException bad(final String message, final String field, final Object value) {
            return StratumException.of(ErrorCode.INVALID_ARGUMENT, message, "field", field, "value", value);
        }
    }
}
