package io.stratum.engine.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.auth.AuthKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management API on loopback with an auth key: 401 for no, bad or expired tokens, 403 for wrong scopes. */
class ManagementAuthTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final AuthKey key = AuthKey.of(filled());
    private final TenantId tenant = TenantId.parse("0000000000000000000000000000abcd");

    private static byte[] filled() {
        final byte[] b = new byte[32];
        Arrays.fill(b, (byte) 9);
        return b;
    }

    private HttpResponse<String> call(final int port, final String method, final String path, final String token)
        throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long inAMinute() {
        return System.currentTimeMillis() / 1000 + 60;
    }

    @Test
    void tokensAreCheckedForSignatureExpiryAndTheTenantOfThePath() throws Exception {
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).build());
             ManagementServer api = ManagementServer.startWithKey("127.0.0.1", 0, key, ps, ManagementHooks.NONE,
                 new PrometheusRegistry())) {
            api.mount("/v1/branch", (method, path, query, body) -> "{\"ok\":true}");
            final int port = api.port();
            final String admin = key.mint(null, inAMinute());
            final String mine = key.mint(tenant, inAMinute());
            final String theirs = key.mint(TenantId.random(), inAMinute());
            final String path = "/v1/tenant/" + tenant;

            HttpResponse<String> r = call(port, "GET", path, null);
            assertEquals(401, r.statusCode(), r.body());
            assertTrue(r.body().contains("MISSING"), r.body());
            assertEquals("Bearer", r.headers().firstValue("WWW-Authenticate").orElse(null));
            r = call(port, "GET", path, key.mint(tenant, System.currentTimeMillis() / 1000 - 1));
            assertEquals(401, r.statusCode(), r.body());
            assertTrue(r.body().contains("EXPIRED"), r.body());
            r = call(port, "GET", path, mine.substring(0, mine.length() - 2) + "xx");
            assertEquals(401, r.statusCode(), r.body());
            assertTrue(r.body().contains("BAD_SIGNATURE"), r.body());
            r = call(port, "GET", path, AuthKey.of(new byte[32]).mint(tenant, inAMinute()));
            assertEquals(401, r.statusCode(), r.body());
            r = call(port, "GET", path, "x".repeat(10_000));
            assertEquals(401, r.statusCode(), r.body());

            assertEquals(201, call(port, "POST", "/v1/tenant?x", admin).statusCode()); // admin creates
            assertEquals(403, call(port, "POST", "/v1/tenant", mine).statusCode()); // cluster-wide: admin only
            assertEquals(403, call(port, "GET", "/v1/status", mine).statusCode());
            assertEquals(403, call(port, "GET", "/v1/branch", mine).statusCode()); // mounted routes too
            assertEquals(200, call(port, "GET", "/v1/branch", admin).statusCode());
            r = call(port, "GET", path + "/timeline", theirs);
            assertEquals(403, r.statusCode(), r.body());
            assertTrue(r.body().contains("WRONG_SCOPE"), r.body());
            // a valid token for the path's tenant reaches the route (404: the tenant does not exist yet)
            assertEquals(404, call(port, "GET", path, mine).statusCode());
            assertEquals(200, call(port, "GET", "/v1/status", admin).statusCode());
            assertEquals(200, call(port, "GET", "/metrics", null).statusCode()); // scrapes stay open
        }
    }

    @Test
    void aNonLoopbackListenerWithoutAKeyOrTokenRefusesToStart() throws Exception {
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).build())) {
            final StratumException e = assertThrows(StratumException.class, () -> ManagementServer.startWithKey(
                "0.0.0.0", 0, null, ps, ManagementHooks.NONE, new PrometheusRegistry()));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("management API"), e.getMessage());
        }
    }

    @Test
    void pathsNameTheirTenant() {
        assertEquals(tenant, ApiAuth.tenantOf("/v1/tenant/" + tenant));
        assertEquals(tenant, ApiAuth.tenantOf("/v1/tenant/" + tenant + "/timeline/x/gc"));
        assertEquals(null, ApiAuth.tenantOf("/v1/tenant"));
        assertEquals(null, ApiAuth.tenantOf("/v1/tenant/"));
        assertEquals(null, ApiAuth.tenantOf("/v1/tenant/nothex"));
        assertEquals(null, ApiAuth.tenantOf("/v1/branch/" + tenant));
    }
}
