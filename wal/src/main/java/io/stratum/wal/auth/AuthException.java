package io.stratum.wal.auth;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;

/**
 * A refused token. {@link Reason#WRONG_SCOPE} carries {@link ErrorCode#PERMISSION_DENIED} (HTTP 403), every
 * other reason {@link ErrorCode#UNAUTHENTICATED} (HTTP 401). Across the page service and the WAL service
 * only the code and the message travel; the message starts with the reason's name.
 */
public final class AuthException extends StratumException {
    private static final long serialVersionUID = 1L;

    /** Why a token was refused. */
    public enum Reason {
        /** No token, where the server has an auth key. */
        MISSING,
        /** Not a token of ours: wrong shape, length, scope or expiry field. */
        MALFORMED,
        /** The signature is not the key's (tampered, or signed with another key). */
        BAD_SIGNATURE,
        /** Valid, but past its expiry. */
        EXPIRED,
        /** Valid, but scoped to another tenant (or a tenant token on a cluster-wide operation). */
        WRONG_SCOPE
    }

    private final Reason reason;

    AuthException(final Reason reason, final String message, final Object... details) {
        super(reason == Reason.WRONG_SCOPE ? ErrorCode.PERMISSION_DENIED : ErrorCode.UNAUTHENTICATED,
            StratumException.format(reason + ": " + message, details));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
