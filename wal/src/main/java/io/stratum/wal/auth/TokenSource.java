package io.stratum.wal.auth;

import io.stratum.wal.TenantId;
import java.util.function.LongSupplier;

/** Where a client takes the token it presents for a request touching a tenant. Threads: none. */
@FunctionalInterface
public interface TokenSource {
    /** No token: for servers without an auth key (the local cluster on loopback). */
    TokenSource NONE = tenant -> null;

    /** The token for a request touching {@code tenant} (null: a cluster-wide one), or null for none. */
    String token(TenantId tenant);

    /** Always {@code token} (null or empty: none). */
    static TokenSource fixed(final String token) {
        final String t = token == null || token.isEmpty() ? null : token;
        return tenant -> t;
    }

    /**
     * Admin tokens minted with {@code key}, each valid for {@code ttlSeconds} and replaced once half of that
     * has passed: for a daemon that holds the cluster's key and talks to the others (the page server's WAL
     * client).
     */
    static TokenSource minting(final AuthKey key, final long ttlSeconds, final LongSupplier nowMillis) {
        if (ttlSeconds < 2) {
            throw io.stratum.wal.StratumException.of(io.stratum.wal.ErrorCode.INVALID_ARGUMENT,
                "token ttl must be at least 2 s", "ttl", ttlSeconds);
        }
        return new TokenSource() {
            private volatile String token;
            private volatile long renewAtSeconds;

            @Override
            public String token(final TenantId tenant) {
                final long now = nowMillis.getAsLong() / 1000;
                String t = token;
                if (t == null || now >= renewAtSeconds) {
                    synchronized (this) {
                        t = token;
                        if (t == null || now >= renewAtSeconds) {
                            t = key.mint(null, now + ttlSeconds);
                            renewAtSeconds = now + ttlSeconds / 2;
                            token = t;
                        }
                    }
                }
                return t;
            }
        };
    }
}
