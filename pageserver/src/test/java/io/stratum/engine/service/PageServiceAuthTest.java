package io.stratum.engine.service;

import static io.stratum.engine.service.PageServiceTest.TENANT;
import static io.stratum.engine.service.PageServiceTest.TIMELINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.auth.AuthKey;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** A real page service on loopback with an auth key, and real clients with and without tokens. */
class PageServiceAuthTest {
    private static final AuthKey KEY = AuthKey.of(bytes(3));
    private final PageServiceTest.FakeBackend backend = new PageServiceTest.FakeBackend();

    private static byte[] bytes(final int v) {
        final byte[] b = new byte[32];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static long inAMinute() {
        return System.currentTimeMillis() / 1000 + 60;
    }

    private PageService start() {
        return PageService.start(PageServiceConfig.builder().port(0).authKey(KEY).build(), backend);
    }

    private static PageClient client(final int port, final String token) {
        return PageClient.connect(PageClientConfig.builder("127.0.0.1", port).connections(1).token(token).build());
    }

    /** The error a getPage of TENANT gets through a client presenting {@code token}. */
    private static StratumException refusal(final int port, final String token) {
        try (PageClient c = client(port, token)) {
            return assertThrows(StratumException.class,
                () -> c.getPage(TENANT, TIMELINE, 1, 2, 100, new UnsafeBuffer(new byte[8192]), 0));
        }
    }

    @Test
    void aValidTokenOfTheTenantOrAnAdminTokenIsServed() {
        try (PageService s = start()) {
            for (final String token : new String[] {KEY.mint(TENANT, inAMinute()), KEY.mint(null, inAMinute())}) {
                try (PageClient c = client(s.port(), token)) {
                    final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
                    c.getPage(TENANT, TIMELINE, 1, 2, 100, page, 0);
                    assertEquals(2, page.getLong(8, java.nio.ByteOrder.BIG_ENDIAN));
                    assertEquals(1000, c.waitForLsn(TENANT, TIMELINE, 10, 10));
                }
            }
            assertEquals(2, backend.calls.get());
        }
    }

    @Test
    void noTokenWrongTenantExpiredTamperedOrForeignTokensAreRefusedWithTypedErrors() {
        try (PageService s = start()) {
            final String valid = KEY.mint(TENANT, inAMinute());
            StratumException e = refusal(s.port(), null);
            assertEquals(ErrorCode.UNAUTHENTICATED, e.code());
            assertTrue(e.getMessage().startsWith("MISSING"), e.getMessage());

            e = refusal(s.port(), KEY.mint(TenantId.random(), inAMinute()));
            assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
            assertTrue(e.getMessage().startsWith("WRONG_SCOPE"), e.getMessage());

            e = refusal(s.port(), KEY.mint(TENANT, System.currentTimeMillis() / 1000 - 1));
            assertEquals(ErrorCode.UNAUTHENTICATED, e.code());
            assertTrue(e.getMessage().startsWith("EXPIRED"), e.getMessage());

            final String tampered = valid.replace(TENANT.toString(), TenantId.random().toString());
            e = refusal(s.port(), tampered);
            assertEquals(ErrorCode.UNAUTHENTICATED, e.code());
            assertTrue(e.getMessage().startsWith("BAD_SIGNATURE"), e.getMessage());

            e = refusal(s.port(), AuthKey.of(bytes(4)).mint(TENANT, inAMinute()));
            assertTrue(e.getMessage().startsWith("BAD_SIGNATURE"), e.getMessage());

            assertEquals(0, backend.calls.get(), "a refused request must not reach the engine");
            assertEquals(5, s.errorCount());
        }
    }

    @Test
    void aHandshakeTokenOverTheLimitClosesTheConnection() throws Exception {
        try (PageService s = start(); Socket raw = new Socket("127.0.0.1", s.port())) {
            final DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            out.writeInt(PageProtocol.MAGIC);
            out.writeShort(PageProtocol.VERSION);
            out.writeShort(AuthKey.MAX_TOKEN_LENGTH + 1);
            out.write(new byte[AuthKey.MAX_TOKEN_LENGTH + 1]);
            out.flush();
            raw.setSoTimeout(10_000);
            assertThrows(java.io.IOException.class, () -> new DataInputStream(raw.getInputStream()).readInt());
        }
    }

    @Test
    void aNonLoopbackListenerWithoutAKeyRefusesToStart() {
        final StratumException e = assertThrows(StratumException.class,
            () -> PageServiceConfig.builder().host("0.0.0.0").port(0).build());
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("auth key"), e.getMessage());
        assertEquals("0.0.0.0", PageServiceConfig.builder().host("0.0.0.0").port(0).authKey(KEY).build().host());
    }
}
