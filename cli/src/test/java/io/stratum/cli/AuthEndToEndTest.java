package io.stratum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.cluster.PageServerNode;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRecords;
import io.stratum.engine.service.PageClient;
import io.stratum.engine.service.PageClientConfig;
import io.stratum.raft.PeerPorts;
import io.stratum.raft.WalClient;
import io.stratum.raft.WalClientConfig;
import io.stratum.raft.WalNode;
import io.stratum.raft.WalNodeConfig;
import io.stratum.raft.WalPeer;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.auth.AuthKey;
import io.stratum.wal.auth.TokenSource;
import io.stratum.wal.codec.WalRecordEncoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One WAL node and one page server, both with the cluster's key, on loopback: the page server's own WAL client
 * authenticates with admin tokens minted from the key, a "compute" with a token scoped to its tenant writes WAL
 * and reads its pages back, and the same calls without a token are refused.
 */
@Timeout(120)
class AuthEndToEndTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(final int port, final String path, final String body, final String token)
        throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTenantTokenWritesWalAndReadsPagesThroughDaemonsWithAKey() throws Exception {
        final byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        final AuthKey key = AuthKey.of(secret);
        final int raftPort = PeerPorts.next(); // Ratis takes a port number, not a bound socket
        final List<WalPeer> peers = List.of(new WalPeer(1, "127.0.0.1", raftPort));
        final TenantId tenant = TenantId.random();
        final TimelineId timeline = TimelineId.random();
        final long expires = System.currentTimeMillis() / 1000 + 600;
        final String tenantToken = key.mint(tenant, expires);
        final String admin = key.mint(null, expires);
        try (WalNode node = WalNode.launch(WalNodeConfig.builder(1, peers, dir.resolve("wal"))
                 .electionTimeout(Duration.ofMillis(300), Duration.ofMillis(600)).authKey(key).build());
             WalClient serverWal = WalClient.connect(WalClientConfig.builder(peers)
                 .tokens(TokenSource.minting(key, 600, System::currentTimeMillis)).build());
             PageServerNode ps = PageServerNode.start(dir.resolve("ps"), serverWal, "127.0.0.1", 0, "127.0.0.1", 0,
                 null, key);
             WalClient computeWal = WalClient.connect(WalClientConfig.builder(peers).token(tenantToken).build());
             WalClient anonymousWal = WalClient.connect(WalClientConfig.builder(peers).build())) {
            final int api = ps.httpPort();
            assertEquals(401, post(api, "/v1/tenant", "{\"tenant_id\":\"" + tenant + "\"}", null).statusCode());
            assertEquals(403, post(api, "/v1/tenant", "{\"tenant_id\":\"" + tenant + "\"}", tenantToken).statusCode());
            HttpResponse<String> r = post(api, "/v1/tenant", "{\"tenant_id\":\"" + tenant + "\"}", admin);
            assertEquals(201, r.statusCode(), r.body());
            r = post(api, "/v1/tenant/" + tenant + "/timeline", "{\"timeline_id\":\"" + timeline + "\"}", tenantToken);
            assertEquals(201, r.statusCode(), r.body());

            final StratumException anonymous = assertThrows(StratumException.class,
                () -> anonymousWal.acquireWriter(tenant, timeline));
            assertEquals(ErrorCode.UNAUTHENTICATED, anonymous.code());

            final WalSink sink = computeWal.acquireWriter(tenant, timeline);
            final UnsafeBuffer buf = new UnsafeBuffer(new byte[1024]);
            final long keyHi = PageKey.relHi(1, 2);
            final long keyLo = PageKey.relLo(2, 0, 0);
            final int len = EngineRecords.zero(new WalRecordEncoder(), buf, 0, keyHi, keyLo);
            final long end = sink.append(sink.endLsn(), buf, 0, len).join();

            try (PageClient pages = PageClient.connect(PageClientConfig.builder("127.0.0.1", ps.pageServicePort())
                     .connections(1).token(tenantToken).build());
                 PageClient noToken = PageClient.connect(PageClientConfig.builder("127.0.0.1", ps.pageServicePort())
                     .connections(1).build())) {
                assertTrue(pages.waitForLsn(tenant, timeline, end, 30_000) >= end);
                final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
                pages.getPage(tenant, timeline, keyHi, keyLo, end, page, 0);
                final StratumException refused = assertThrows(StratumException.class,
                    () -> noToken.getPage(tenant, timeline, keyHi, keyLo, end, page, 0));
                assertEquals(ErrorCode.UNAUTHENTICATED, refused.code());
            }
        }
    }
}
