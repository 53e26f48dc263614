package io.stratum.engine.http;

import com.sun.net.httpserver.HttpExchange;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.auth.AuthKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.LongSupplier;

/**
 * Who may call the management API: anyone (loopback only), holders of one fixed bearer token
 * ({@code --token-file}), or holders of a token signed with the cluster's {@link AuthKey}: scoped to the
 * tenant of a {@code /v1/tenant/T/...} path, or {@code admin} for everything else (status, the tenant list,
 * creating tenants, mounted routes such as {@code /v1/branch}). Tokens compare in constant time.
 * Threads: none; called on the API's workers.
 */
final class ApiAuth {
    private static final String BEARER = "Bearer ";

    private final byte[] fixed;
    private final AuthKey key;
    private final LongSupplier clock;

    private ApiAuth(final byte[] fixed, final AuthKey key, final LongSupplier clock) {
        this.fixed = fixed;
        this.key = key;
        this.clock = clock;
    }

    static ApiAuth fixed(final String token) {
        return new ApiAuth(token == null ? null : token.getBytes(StandardCharsets.UTF_8), null, null);
    }

    static ApiAuth keyed(final AuthKey key, final LongSupplier clock) {
        return new ApiAuth(null, key, clock);
    }

    boolean open() {
        return fixed == null && key == null;
    }

    /**
     * Checks the request's {@code Authorization} header.
     *
     * @throws StratumException UNAUTHENTICATED (401) or PERMISSION_DENIED (403)
     */
    void check(final HttpExchange ex) {
        if (open()) {
            return;
        }
        final String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.length() > BEARER.length() + AuthKey.MAX_TOKEN_LENGTH + 16) {
            throw StratumException.of(ErrorCode.UNAUTHENTICATED, "MALFORMED: Authorization header too long",
                "max", AuthKey.MAX_TOKEN_LENGTH);
        }
        final String token = header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()).strip()
            : null;
        if (fixed != null) {
            if (token == null || !MessageDigest.isEqual(fixed, token.getBytes(StandardCharsets.UTF_8))) {
                throw StratumException.of(ErrorCode.UNAUTHENTICATED, "missing or wrong bearer token");
            }
            return;
        }
        key.authorize(token, tenantOf(ex.getRequestURI().getPath()), clock.getAsLong());
    }

    /** The tenant of a {@code /v1/tenant/T[/...]} path, or null (a cluster-wide route: admin only). */
    static TenantId tenantOf(final String path) {
        final String prefix = "/v1/tenant/";
        if (!path.startsWith(prefix)) {
            return null;
        }
        final int end = path.indexOf('/', prefix.length());
        final String id = path.substring(prefix.length(), end < 0 ? path.length() : end);
        try {
            return id.isEmpty() ? null : TenantId.parse(id);
        } catch (final StratumException e) {
            return null;
        }
    }
}
