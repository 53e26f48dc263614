package io.stratum.wal.auth;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared secret of a cluster's daemons: signs and verifies tokens with HMAC-SHA256 (JDK
 * {@code javax.crypto}). A token is compact ASCII:
 * <pre>
 *   st1.SCOPE.EXPIRY.SIGNATURE
 *   SCOPE     32 hex digits of a tenant id, or "admin"
 *   EXPIRY    Unix time in seconds (decimal) from which the token is refused
 *   SIGNATURE base64url (no padding) of HMAC-SHA256(key, "st1.SCOPE.EXPIRY"), 43 characters
 * </pre>
 * Signatures are compared with {@link MessageDigest#isEqual} (constant time); a token longer than
 * {@link #MAX_TOKEN_LENGTH} is refused before it is parsed. The key file holds the 32-byte secret as 64 hex
 * digits on one line; {@link #generate} creates it readable by its owner only (0600).
 * <p>Threads: none. Instances are immutable and safe to share.
 */
public final class AuthKey {
    private static final Logger LOG = LoggerFactory.getLogger(AuthKey.class);
    /** Longest token accepted anywhere (ours are about 90 characters). */
    public static final int MAX_TOKEN_LENGTH = 256;
    static final String PREFIX = "st1.";
    private static final int KEY_BYTES = 32;
    private static final int MAX_KEY_FILE = 4096;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Mac prototype;
    /** The last token that verified, so that a client presenting the same token is not re-hashed. */
    private volatile Verified last;

    private record Verified(byte[] token, AuthToken claims) {
    }

    private AuthKey(final byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
        try {
            this.prototype = Mac.getInstance(ALGORITHM);
            prototype.init(key);
        } catch (final GeneralSecurityException e) {
            throw StratumException.withCause(ErrorCode.INTERNAL, e, "HMAC-SHA256 unavailable");
        }
    }

    /** A key from raw secret bytes (at least 32), for embedding and tests. */
    public static AuthKey of(final byte[] secret) {
        if (secret == null || secret.length < KEY_BYTES) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "auth key must have at least 32 bytes",
                "bytes", secret == null ? 0 : secret.length);
        }
        return new AuthKey(secret.clone());
    }

    /** Creates {@code file} (refused if it exists) with a fresh random 32-byte key, permissions 0600. */
    public static AuthKey generate(final Path file) {
        final byte[] secret = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(secret);
        final byte[] text = (HexFormat.of().formatHex(secret) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            final boolean posix = Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix");
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
                out.write(text);
            }
        } catch (final FileAlreadyExistsException e) {
            throw StratumException.of(ErrorCode.ALREADY_EXISTS, "auth key file exists; not overwriting it", "file", file);
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot write the auth key file", "file", file,
                "error", e.getMessage());
        }
        return new AuthKey(secret);
    }

    /** Reads a key file written by {@link #generate}; warns when others than its owner may read it. */
    public static AuthKey load(final Path file) {
        final String text;
        try {
            final long size = Files.size(file);
            if (size > MAX_KEY_FILE) {
                throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "auth key file too large", "file", file,
                    "bytes", size, "max", MAX_KEY_FILE);
            }
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                final Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
                if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                    LOG.warn("auth key file {} is readable by others than its owner ({}); chmod 600 it", file,
                        PosixFilePermissions.toString(p));
                }
            }
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot read the auth key file", "file", file,
                "error", e.toString());
        }
        final byte[] secret;
        try {
            secret = HexFormat.of().parseHex(text);
        } catch (final IllegalArgumentException e) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "auth key file must hold hex digits only "
                + "(make one with: stratum auth keygen FILE)", "file", file);
        }
        if (secret.length < KEY_BYTES) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "auth key must have at least 32 bytes",
                "file", file, "bytes", secret.length);
        }
        return new AuthKey(secret);
    }

    /**
     * Refuses a listener on a non-loopback {@code host} without a key: off loopback every daemon needs
     * {@code --auth-key-file}, as the compute needs SCRAM-SHA-256 there.
     *
     * @param listener what listens, for the message (e.g. "page service")
     * @throws StratumException INVALID_ARGUMENT naming the listener and address
     */
    public static void requireOffLoopback(final String host, final AuthKey key, final String listener) {
        if (key != null) {
            return;
        }
        final boolean loopback;
        try {
            loopback = java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (final java.net.UnknownHostException e) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "unknown listen host", "listener", listener,
                "host", host);
        }
        if (!loopback) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "listening on a non-loopback address requires an "
                + "auth key (--auth-key-file; make one with: stratum auth keygen FILE)", "listener", listener,
                "host", host);
        }
    }

    /**
     * Signs a token for {@code tenant} (null: an admin token) that is refused from {@code expiresAtSeconds}
     * (Unix seconds) on.
     */
    public String mint(final TenantId tenant, final long expiresAtSeconds) {
        if (expiresAtSeconds <= 0) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "token expiry must be positive",
                "expiresAt", expiresAtSeconds);
        }
        final String body = PREFIX + (tenant == null ? AuthToken.ADMIN : tenant.toString()) + "." + expiresAtSeconds;
        return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sign(body));
    }

    /**
     * Checks {@code token}'s shape, signature (constant time) and expiry at {@code nowMillis}; returns its claims.
     *
     * @throws AuthException MISSING, MALFORMED, BAD_SIGNATURE or EXPIRED
     */
    public AuthToken verify(final String token, final long nowMillis) {
        if (token == null || token.isEmpty()) {
            throw new AuthException(AuthException.Reason.MISSING, "a token is required");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new AuthException(AuthException.Reason.MALFORMED, "token too long", "length", token.length(),
                "max", MAX_TOKEN_LENGTH);
        }
        final byte[] bytes = token.getBytes(StandardCharsets.ISO_8859_1);
        final Verified v = last;
        final AuthToken claims = v != null && MessageDigest.isEqual(v.token, bytes) ? v.claims : check(token, bytes);
        if (nowMillis / 1000 >= claims.expiresAtSeconds()) {
            claims.check(null, nowMillis); // throws EXPIRED
        }
        return claims;
    }

    /**
     * {@link #verify} and then the scope: the token must name {@code tenant}, or be an admin token; a null
     * {@code tenant} (a cluster-wide operation) needs an admin token.
     *
     * @throws AuthException as {@link #verify}, or WRONG_SCOPE
     */
    public AuthToken authorize(final String token, final TenantId tenant, final long nowMillis) {
        final AuthToken t = verify(token, nowMillis);
        t.check(tenant, nowMillis);
        return t;
    }

    private AuthToken check(final String token, final byte[] bytes) {
        final int sigDot = token.lastIndexOf('.');
        final int expDot = sigDot > 0 ? token.lastIndexOf('.', sigDot - 1) : -1;
        if (!token.startsWith(PREFIX) || expDot < PREFIX.length()) {
            throw new AuthException(AuthException.Reason.MALFORMED, "not a Stratum token (expected st1.SCOPE.EXPIRY.SIG)");
        }
        final byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(token.substring(sigDot + 1));
        } catch (final IllegalArgumentException e) {
            throw new AuthException(AuthException.Reason.MALFORMED, "token signature is not base64url");
        }
        final String body = token.substring(0, sigDot);
        if (!MessageDigest.isEqual(sign(body), given)) {
            throw new AuthException(AuthException.Reason.BAD_SIGNATURE, "token signature does not match this cluster's key");
        }
        // signed by us, so the fields are ours; parse them defensively all the same
        final String scope = token.substring(PREFIX.length(), expDot);
        final long expiry;
        final TenantId tenant;
        try {
            expiry = Long.parseLong(token.substring(expDot + 1, sigDot));
            tenant = scope.equals(AuthToken.ADMIN) ? null : TenantId.parse(scope);
        } catch (final RuntimeException e) {
            throw new AuthException(AuthException.Reason.MALFORMED, "token scope or expiry unreadable");
        }
        final AuthToken claims = new AuthToken(tenant, expiry);
        last = new Verified(bytes, claims);
        return claims;
    }

    private byte[] sign(final String body) {
        try {
            final Mac mac = (Mac) prototype.clone();
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (final CloneNotSupportedException e) {
            try {
                final Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
            } catch (final GeneralSecurityException ex) {
                throw StratumException.withCause(ErrorCode.INTERNAL, ex, "HMAC-SHA256 unavailable");
            }
        }
    }
}
