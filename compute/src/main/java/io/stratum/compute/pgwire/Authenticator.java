package io.stratum.compute.pgwire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Password authentication as PostgreSQL does it: cleartext (AuthenticationCleartextPassword), MD5
 * ({@code "md5" + md5(md5(password + user) + salt)}) and SCRAM-SHA-256 (RFC 5802/7677, no channel
 * binding). SCRAM secrets (salt, StoredKey, ServerKey) are derived once per user when the server starts;
 * unknown users go through a mock exchange so that they cannot be told from wrong passwords.
 */
final class Authenticator {
    private static final int ITERATIONS = 4096;
    private static final int AUTH_OK = 0;
    private static final int AUTH_CLEARTEXT = 3;
    private static final int AUTH_MD5 = 5;
    private static final int AUTH_SASL = 10;
    private static final int AUTH_SASL_CONTINUE = 11;
    private static final int AUTH_SASL_FINAL = 12;

    private final PgServerConfig.AuthMethod method;
    private final Map<String, String> passwords;
    private final Map<String, ScramSecret> secrets = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final byte[] mockSalt = new byte[16];

    Authenticator(final PgServerConfig config) {
        this.method = config.auth();
        this.passwords = config.users();
        random.nextBytes(mockSalt);
        if (method == PgServerConfig.AuthMethod.SCRAM_SHA_256) {
            for (final Map.Entry<String, String> e : passwords.entrySet()) {
                final byte[] salt = new byte[16];
                random.nextBytes(salt);
                secrets.put(e.getKey(), ScramSecret.derive(e.getValue(), salt));
            }
        }
    }

    /** The derived SCRAM secret of one user. */
    private record ScramSecret(byte[] salt, byte[] storedKey, byte[] serverKey) {
        static ScramSecret derive(final String password, final byte[] salt) {
            final byte[] salted = pbkdf2(password, salt);
            return new ScramSecret(salt, sha256(hmac(salted, "Client Key")), hmac(salted, "Server Key"));
        }
    }

    /**
     * Runs the exchange for {@code user}; sends AuthenticationOk on success.
     *
     * @throws ProtocolException 28P01 (wrong password, unknown user) or 08P01 (malformed messages)
     */
    void authenticate(final String user, final PgInput in, final PgOutput out) throws IOException {
        switch (method) {
            case TRUST:
                break;
            case PASSWORD: {
                sendAuth(out, AUTH_CLEARTEXT, null);
                out.flush();
                final String given = readPassword(in);
                final String expected = passwords.get(user);
                if (expected == null || !MessageDigest.isEqual(utf8(expected), utf8(given))) {
                    throw failed(user);
                }
                break;
            }
            case MD5: {
                final byte[] salt = new byte[4];
                random.nextBytes(salt);
                sendAuth(out, AUTH_MD5, salt);
                out.flush();
                final String given = readPassword(in);
                final String expected = passwords.get(user);
                if (expected == null || !MessageDigest.isEqual(utf8(md5Response(user, expected, salt)), utf8(given))) {
                    throw failed(user);
                }
                break;
            }
            default:
                scram(user, in, out);
                break;
        }
        sendAuth(out, AUTH_OK, null);
    }

    /** The MD5 response a client computes. */
    static String md5Response(final String user, final String password, final byte[] salt) {
        final String inner = HexFormat.of().formatHex(md5(utf8(password + user)));
        final byte[] outerIn = new byte[inner.length() + salt.length];
        System.arraycopy(utf8(inner), 0, outerIn, 0, inner.length());
        System.arraycopy(salt, 0, outerIn, inner.length(), salt.length);
        return "md5" + HexFormat.of().formatHex(md5(outerIn));
    }

    private void scram(final String user, final PgInput in, final PgOutput out) throws IOException {
        out.begin('R');
        out.int32(AUTH_SASL);
        out.cstring("SCRAM-SHA-256");
        out.int8(0);
        out.end();
        out.flush();
        expectPasswordMessage(in);
        final String mechanism = in.cstring();
        if (!mechanism.equals("SCRAM-SHA-256")) {
            throw new ProtocolException("28000", "client selected an invalid SASL authentication mechanism");
        }
        final int length = in.int32();
        if (length < 0 || length != in.remaining()) {
            throw new ProtocolException("malformed SASLInitialResponse");
        }
        final String clientFirst = new String(in.bytes(length), StandardCharsets.UTF_8);
        if (!(clientFirst.startsWith("n,") || clientFirst.startsWith("y,"))) {
            throw new ProtocolException("08P01", "malformed SCRAM message (channel binding not supported)");
        }
        final int bareStart = clientFirst.indexOf(',', 2);
        if (bareStart < 0) {
            throw new ProtocolException("malformed SCRAM message");
        }
        final String gs2Header = clientFirst.substring(0, bareStart + 1);
        final String clientFirstBare = clientFirst.substring(bareStart + 1);
        final String clientNonce = attribute(clientFirstBare, 'r');
        final byte[] nonceBytes = new byte[18];
        random.nextBytes(nonceBytes);
        final String nonce = clientNonce + Base64.getEncoder().encodeToString(nonceBytes);
        ScramSecret secret = secrets.get(user);
        final boolean known = secret != null;
        if (!known) {
            secret = ScramSecret.derive(user + "\0mock", sha256(concat(mockSalt, utf8(user))));
        }
        final String serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(secret.salt())
                + ",i=" + ITERATIONS;
        sendAuth(out, AUTH_SASL_CONTINUE, utf8(serverFirst));
        out.flush();
        expectPasswordMessage(in);
        final String clientFinal = new String(in.bytes(in.remaining()), StandardCharsets.UTF_8);
        final int proofAt = clientFinal.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw new ProtocolException("malformed SCRAM message (proof missing)");
        }
        final String withoutProof = clientFinal.substring(0, proofAt);
        final String binding = attribute(clientFinal, 'c');
        if (!binding.equals(Base64.getEncoder().encodeToString(utf8(gs2Header)))) {
            throw new ProtocolException("08P01", "SCRAM channel binding check failed");
        }
        if (!attribute(clientFinal, 'r').equals(nonce)) {
            throw new ProtocolException("08P01", "SCRAM nonce mismatch");
        }
        final byte[] proof;
        try {
            proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
        } catch (final IllegalArgumentException e) {
            throw new ProtocolException("malformed SCRAM message (invalid proof)");
        }
        final String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        final byte[] clientSignature = hmac(secret.storedKey(), authMessage);
        if (proof.length != clientSignature.length) {
            throw failed(user);
        }
        final byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (!known || !MessageDigest.isEqual(sha256(clientKey), secret.storedKey())) {
            throw failed(user);
        }
        final String serverFinal = "v=" + Base64.getEncoder().encodeToString(hmac(secret.serverKey(), authMessage));
        sendAuth(out, AUTH_SASL_FINAL, utf8(serverFinal));
    }

    private static String attribute(final String message, final char name) {
        for (final String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        throw new ProtocolException("malformed SCRAM message (attribute " + name + " missing)");
    }

    private static void sendAuth(final PgOutput out, final int code, final byte[] data) throws IOException {
        out.begin('R');
        out.int32(code);
        if (data != null) {
            out.bytes(data);
        }
        out.end();
    }

    private static String readPassword(final PgInput in) throws IOException {
        expectPasswordMessage(in);
        return in.cstring();
    }

    private static void expectPasswordMessage(final PgInput in) throws IOException {
        final int type = in.next();
        if (type < 0) {
            throw new java.io.EOFException("client closed the connection during authentication");
        }
        if (type != 'p') {
            throw new ProtocolException("expected password response, got message type " + type);
        }
    }

    private static ProtocolException failed(final String user) {
        return new ProtocolException("28P01", "password authentication failed for user \"" + user + "\"");
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] pbkdf2(final String password, final byte[] salt) {
        try {
            final SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256)).getEncoded();
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    private static byte[] hmac(final byte[] key, final String message) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(utf8(message));
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] sha256(final byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static byte[] md5(final byte[] b) {
        try {
            return MessageDigest.getInstance("MD5").digest(b);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }
}
