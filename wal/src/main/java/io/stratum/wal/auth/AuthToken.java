package io.stratum.wal.auth;

import io.stratum.wal.TenantId;

/**
 * The verified claims of a token: its scope (one tenant, or {@link #ADMIN} for the whole cluster) and when
 * it expires.
 *
 * @param tenant the tenant the token is scoped to, or null for an admin token
 * @param expiresAtSeconds the token is refused from this Unix time (seconds) on
 */
public record AuthToken(TenantId tenant, long expiresAtSeconds) {
    /** The scope written in an admin token: every tenant and the cluster-wide routes. */
    public static final String ADMIN = "admin";

    public boolean isAdmin() {
        return tenant == null;
    }

    /** Whether this token may touch {@code t} (null: a cluster-wide operation, which needs an admin token). */
    public boolean allows(final TenantId t) {
        return tenant == null || tenant.equals(t);
    }

    /**
     * Checks, for a token verified earlier (say, at a connection's handshake), that it is still valid at
     * {@code nowMillis} and covers {@code t} (null: a cluster-wide operation, which needs an admin token).
     *
     * @throws AuthException EXPIRED or WRONG_SCOPE
     */
    public void check(final TenantId t, final long nowMillis) {
        if (nowMillis / 1000 >= expiresAtSeconds) {
            throw new AuthException(AuthException.Reason.EXPIRED, "token expired", "expiresAt",
                java.time.Instant.ofEpochSecond(expiresAtSeconds));
        }
        if (!allows(t)) {
            throw new AuthException(AuthException.Reason.WRONG_SCOPE, t == null
                ? "this operation is cluster-wide and needs an admin token" : "token is scoped to another tenant",
                "scope", scope(), "tenant", t);
        }
    }

    /** {@code admin} or the tenant's 32 hex digits. */
    public String scope() {
        return tenant == null ? ADMIN : tenant.toString();
    }
}
