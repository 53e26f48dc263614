package io.stratum.examples.kvstore;

import io.stratum.raft.WalClient;
import io.stratum.raft.WalClientConfig;
import io.stratum.raft.WalPeer;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalConfig;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalSource;
import io.stratum.wal.local.LocalWalService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the store's WAL lives: the two WAL services an embedder can use, behind the three calls the store
 * needs. Both are a {@link WalSource} the engine's WAL receiver reads from.
 */
interface KvWal extends AutoCloseable {
    /** Creates the timeline's WAL starting at {@code startLsn}, or reopens it (idempotent). */
    void createTimeline(TenantId tenant, TimelineId timeline, long startLsn);

    /** A writer of the timeline's WAL. */
    WalSink writer(TenantId tenant, TimelineId timeline);

    WalSource source();

    @Override
    void close();

    /** WAL in local segment files, unreplicated ({@code wal/}). Starts no thread. */
    static KvWal local(final Path dir) {
        final LocalWalService wal = new LocalWalService(WalConfig.builder(dir).build());
        return new KvWal() {
            @Override
            public void createTimeline(final TenantId tenant, final TimelineId timeline, final long startLsn) {
                wal.createTimeline(tenant, timeline, startLsn);
            }

            @Override
            public WalSink writer(final TenantId tenant, final TimelineId timeline) {
                return wal.writer(tenant, timeline);
            }

            @Override
            public WalSource source() {
                return wal;
            }

            @Override
            public void close() {
                wal.close();
            }
        };
    }

    /** WAL on a Raft WAL service ({@code raft/}): an append returns once a majority of the nodes has it. */
    static KvWal raft(final TenantId tenant, final List<WalPeer> peers) {
        final WalClient client = WalClient.connect(WalClientConfig.builder(peers)
            .appendTimeout(Duration.ofSeconds(30)).build());
        try {
            client.createTenant(tenant);
        } catch (final RuntimeException e) {
            client.close();
            throw e;
        }
        return new KvWal() {
            @Override
            public void createTimeline(final TenantId t, final TimelineId timeline, final long startLsn) {
                client.createTimeline(t, timeline, startLsn);
            }

            @Override
            public WalSink writer(final TenantId t, final TimelineId timeline) {
                return client.acquireWriter(t, timeline);
            }

            @Override
            public WalSource source() {
                return client;
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}
