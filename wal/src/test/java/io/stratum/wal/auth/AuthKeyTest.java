package io.stratum.wal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthKeyTest {
    private static final long NOW = 1_800_000_000_000L;
    private final AuthKey key = AuthKey.of(filled(7));
    private final TenantId tenant = TenantId.random();

    private static byte[] filled(final int v) {
        final byte[] b = new byte[32];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static AuthException.Reason refused(final Runnable r) {
        return assertThrows(AuthException.class, r::run).reason();
    }

    @Test
    void aMintedTokenVerifiesWithItsScopeAndExpiry() {
        final String t = key.mint(tenant, NOW / 1000 + 60);
        final AuthToken claims = key.authorize(t, tenant, NOW);
        assertEquals(tenant, claims.tenant());
        assertEquals(NOW / 1000 + 60, claims.expiresAtSeconds());
        assertTrue(t.length() <= AuthKey.MAX_TOKEN_LENGTH);
        final AuthToken admin = key.authorize(key.mint(null, NOW / 1000 + 60), null, NOW);
        assertTrue(admin.isAdmin());
        assertTrue(admin.allows(TenantId.random()));
    }

    @Test
    void missingWrongTenantExpiredTamperedAndForeignTokensAreRefusedEachWithItsReason() {
        final String t = key.mint(tenant, NOW / 1000 + 60);
        assertEquals(AuthException.Reason.MISSING, refused(() -> key.authorize(null, tenant, NOW)));
        assertEquals(AuthException.Reason.MISSING, refused(() -> key.authorize("", tenant, NOW)));
        final AuthException wrong = assertThrows(AuthException.class, () -> key.authorize(t, TenantId.random(), NOW));
        assertEquals(AuthException.Reason.WRONG_SCOPE, wrong.reason());
        assertEquals(ErrorCode.PERMISSION_DENIED, wrong.code());
        assertEquals(AuthException.Reason.WRONG_SCOPE, refused(() -> key.authorize(t, null, NOW)));
        final AuthException expired = assertThrows(AuthException.class,
            () -> key.authorize(t, tenant, NOW + 60_000));
        assertEquals(AuthException.Reason.EXPIRED, expired.reason());
        assertEquals(ErrorCode.UNAUTHENTICATED, expired.code());
        // another tenant, or a later expiry, under the same signature
        final String other = t.replace(tenant.toString(), TenantId.random().toString());
        assertEquals(AuthException.Reason.BAD_SIGNATURE, refused(() -> key.authorize(other, null, NOW)));
        final String later = t.replace("." + (NOW / 1000 + 60) + ".", "." + (NOW / 1000 + 6000) + ".");
        assertEquals(AuthException.Reason.BAD_SIGNATURE, refused(() -> key.verify(later, NOW)));
        // flip the signature's first character: all six of its bits are signature bits (the last character of
        // unpadded base64 also carries unused bits, which a decoder ignores, so flipping it passed at random)
        final int sig = t.lastIndexOf('.') + 1;
        final String flipped = t.substring(0, sig) + (t.charAt(sig) == 'A' ? 'B' : 'A') + t.substring(sig + 1);
        assertEquals(AuthException.Reason.BAD_SIGNATURE, refused(() -> key.verify(flipped, NOW)));
        final String foreign = AuthKey.of(filled(8)).mint(tenant, NOW / 1000 + 60);
        assertEquals(AuthException.Reason.BAD_SIGNATURE, refused(() -> key.verify(foreign, NOW)));
        for (final String bad : new String[] {"Bearer x", "st1.", "st1..", "st1.admin.5", "st1.admin.5.%%%",
            "st1.admin.5.".repeat(30)}) {
            assertEquals(AuthException.Reason.MALFORMED, refused(() -> key.verify(bad, NOW)), bad);
        }
    }

    @Test
    void theVerifiedTokenCacheStillChecksExpiryAndDoesNotAcceptLookAlikes() {
        final String t = key.mint(tenant, NOW / 1000 + 1);
        key.verify(t, NOW); // cached now
        assertEquals(AuthException.Reason.EXPIRED, refused(() -> key.verify(t, NOW + 1000)));
        final String prefix = t.substring(0, t.length() - 1);
        assertEquals(AuthException.Reason.BAD_SIGNATURE, refused(() -> key.verify(prefix, NOW)));
    }

    @Test
    void keygenWritesAKeyOnlyItsOwnerCanReadAndRefusesToOverwrite(@TempDir final Path dir) throws Exception {
        final Path f = dir.resolve("auth.key");
        final AuthKey made = AuthKey.generate(f);
        if (Files.getFileStore(f).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
        final AuthKey loaded = AuthKey.load(f);
        assertEquals(tenant, loaded.verify(made.mint(tenant, NOW / 1000 + 10), NOW).tenant());
        assertEquals(ErrorCode.ALREADY_EXISTS, assertThrows(StratumException.class, () -> AuthKey.generate(f)).code());
        final Path junk = Files.writeString(dir.resolve("junk"), "not hex");
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(StratumException.class, () -> AuthKey.load(junk)).code());
        final Path big = Files.write(dir.resolve("big"), new byte[5000]);
        assertEquals(ErrorCode.LIMIT_EXCEEDED, assertThrows(StratumException.class, () -> AuthKey.load(big)).code());
    }

    @Test
    void signaturesAndCachedTokensAreComparedInConstantTime() throws Exception {
        // a guard against a later edit: an early-exit compare would leak how much of a signature is right
        final String src = Files.readString(Path.of("src/main/java/io/stratum/wal/auth/AuthKey.java"));
        assertTrue(src.contains("MessageDigest.isEqual(sign(body), given)"), "signature compare");
        assertTrue(src.contains("MessageDigest.isEqual(v.token, bytes)"), "cached-token compare");
        for (final String leaky : new String[] {"Arrays.equals(", ".equals(given", "given.equals(", "token.equals("}) {
            assertTrue(!src.contains(leaky), leaky);
        }
    }

    @Test
    void offLoopbackAListenerNeedsAKey() {
        AuthKey.requireOffLoopback("127.0.0.1", null, "page service");
        AuthKey.requireOffLoopback("0.0.0.0", key, "page service");
        final StratumException e = assertThrows(StratumException.class,
            () -> AuthKey.requireOffLoopback("0.0.0.0", null, "page service"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("auth key"), e.getMessage());
    }

    @Test
    void aMintingSourceRenewsItsAdminTokenAfterHalfItsLife() {
        final long[] now = {NOW};
        final TokenSource s = TokenSource.minting(key, 100, () -> now[0]);
        final String first = s.token(tenant);
        assertEquals(first, s.token(null));
        now[0] += 51_000;
        final String second = s.token(tenant);
        assertTrue(!first.equals(second));
        assertTrue(key.authorize(second, tenant, now[0] + 90_000).isAdmin());
        assertNull(TokenSource.NONE.token(tenant));
        assertNull(TokenSource.fixed("").token(tenant));
    }
}
