package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalStream;
import io.stratum.wal.auth.AuthKey;
import io.stratum.wal.auth.TokenSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real WAL node on loopback with an auth key: requests carry tokens in their payload, checked by the node. */
@Timeout(120)
class WalAuthTest {
    private static final long START = 0x1000000L;
    private static final AuthKey KEY = AuthKey.of(filled(5));
    private static TestCluster cluster;
    private static WalNode node;
    private static WalClient admin;
    private static final TenantId TENANT = TenantId.random();
    private static final TimelineId TIMELINE = TimelineId.random();

    private static byte[] filled(final int v) {
        final byte[] b = new byte[32];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static long inAMinute() {
        return System.currentTimeMillis() / 1000 + 60;
    }

    @BeforeAll
    static void up() throws Exception {
        cluster = new TestCluster(1);
        node = WalNode.launch(WalNodeConfig.builder(1, cluster.peers, cluster.root.resolve("node1"))
            .electionTimeout(Duration.ofMillis(300), Duration.ofMillis(600)).authKey(KEY).build());
        admin = client(TokenSource.minting(KEY, 600, System::currentTimeMillis));
        admin.createTenant(TENANT);
        admin.createTimeline(TENANT, TIMELINE, START);
    }

    @AfterAll
    static void down() throws Exception {
        if (node != null) {
            node.close();
        }
        cluster.close();
    }

    private static WalClient client(final TokenSource tokens) {
        return cluster.client(WalClientConfig.builder(cluster.peers).appendTimeout(Duration.ofSeconds(20))
            .tokens(tokens).build());
    }

    private static StratumException refused(final Runnable r) {
        final RuntimeException e = assertThrows(RuntimeException.class, r::run);
        final Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        assertTrue(c instanceof StratumException, c.toString());
        return (StratumException) c;
    }

    @Test
    void aTenantTokenWritesAndReadsItsTenantAndTheTokenNeverReachesTheRaftLog() throws IOException {
        final String token = KEY.mint(TENANT, inAMinute());
        final WalClient c = client(TokenSource.fixed(token));
        final WalSink sink = c.acquireWriter(TENANT, TIMELINE);
        final byte[] rec = Records.record(1, 300);
        final long end = sink.append(sink.endLsn(), new UnsafeBuffer(rec), 0, rec.length).join();
        try (WalStream s = c.stream(TENANT, TIMELINE, end - rec.length)) {
            final byte[] got = new byte[rec.length];
            final int[] n = {0};
            TestCluster.await(Duration.ofSeconds(20), () -> {
                s.poll((lsn, b, off, len) -> {
                    b.getBytes(off, got, n[0], Math.min(len, rec.length - n[0]));
                    n[0] += len;
                }, 500_000_000L);
                return n[0] >= rec.length;
            });
            assertArrayEquals(rec, got);
        }
        final byte[] needle = token.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(cluster.root)) {
            for (final Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(contains(Files.readAllBytes(f), needle), "token written to " + f);
            }
        }
    }

    private static boolean contains(final byte[] hay, final byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void noTokenWrongTenantExpiredAndTamperedTokensAreRefusedWithTypedErrors() {
        final String valid = KEY.mint(TENANT, inAMinute());
        final List<Object[]> cases = List.of(
            new Object[] {TokenSource.NONE, ErrorCode.UNAUTHENTICATED, "MISSING"},
            new Object[] {TokenSource.fixed(KEY.mint(TenantId.random(), inAMinute())), ErrorCode.PERMISSION_DENIED,
                "WRONG_SCOPE"},
            new Object[] {TokenSource.fixed(KEY.mint(TENANT, System.currentTimeMillis() / 1000 - 1)),
                ErrorCode.UNAUTHENTICATED, "EXPIRED"},
            new Object[] {TokenSource.fixed(valid.replace(TENANT.toString(), TenantId.random().toString())),
                ErrorCode.UNAUTHENTICATED, "BAD_SIGNATURE"},
            new Object[] {TokenSource.fixed(AuthKey.of(filled(6)).mint(TENANT, inAMinute())),
                ErrorCode.UNAUTHENTICATED, "BAD_SIGNATURE"});
        for (final Object[] k : cases) {
            final WalClient c = client((TokenSource) k[0]);
            final StratumException write = refused(() -> c.acquireWriter(TENANT, TIMELINE));
            assertEquals(k[1], write.code(), write.getMessage());
            assertTrue(write.getMessage().startsWith((String) k[2]), write.getMessage());
            final StratumException create = refused(() -> c.createTimeline(TENANT, TimelineId.random(), START));
            assertEquals(k[1], create.code(), create.getMessage());
            try (WalStream s = c.stream(TENANT, TIMELINE, START)) {
                final StratumException read = refused(() -> s.poll((lsn, b, off, len) -> { }, 2_000_000_000L));
                assertEquals(k[1], read.code(), read.getMessage());
            }
        }
        // the refused writers changed nothing: the admin's view of the timeline is what it was
        final WalSink sink = admin.acquireWriter(TENANT, TIMELINE);
        assertTrue(sink.endLsn() >= START);
    }

    @Test
    void aNonLoopbackBindWithoutAKeyRefusesToStart() {
        final StratumException e = assertThrows(StratumException.class, () -> WalNodeConfig.builder(1, cluster.peers,
            cluster.root.resolve("other")).bindHost("0.0.0.0").build());
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("auth key"), e.getMessage());
    }
}
