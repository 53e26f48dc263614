package io.stratum.mvcc;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.ingest.WalReceiver;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.local.LocalWalService;
import java.nio.file.Path;

/** A page server, a local WAL service and a receiver in-process, and an mvcc store on top; restartable. */
final class Cluster implements AutoCloseable {
    static final TenantId TENANT = new TenantId(1, 1);
    static final TimelineId MAIN = new TimelineId(1, 1);
    static final long START = 0x100_0000L;

    final LocalWalService wal;
    final PageServer ps;
    final Timeline timeline;
    final WalReceiver receiver;
    SinkWalWriter writer;
    MvccStore store;
    private final long poolBytes;
    private final java.time.Duration deadlockTimeout;

    Cluster(final Path dir, final long poolBytes) {
        this(dir, poolBytes, java.time.Duration.ofSeconds(1));
    }

    Cluster(final Path dir, final long poolBytes, final java.time.Duration deadlockTimeout) {
        this.poolBytes = poolBytes;
        this.deadlockTimeout = deadlockTimeout;
        wal = new LocalWalService(dir.resolve("wal"), 16 << 20);
        wal.createTimeline(TENANT, MAIN, START);
        final RedoRegistry redo = RedoRegistry.withBuiltins();
        MvccStore.registerRedo(redo);
        ps = PageServer.open(EngineConfig.builder(dir.resolve("ps")).redo(redo).backgroundThreads(0)
            .inMemoryLayerBytes(4 << 20).build());
        ps.createTenant(TENANT);
        timeline = ps.createTimeline(TENANT, MAIN, START);
        receiver = WalReceiver.start(wal, timeline);
        openStore();
    }

    MvccStore openStore() {
        writer = new SinkWalWriter(wal.writer(TENANT, MAIN), 2 << 20);
        store = MvccStore.open(MvccConfig.builder(timeline).wal(writer).bufferPoolBytes(poolBytes)
            .deadlockTimeout(deadlockTimeout).build());
        return store;
    }

    /** Simulates a compute crash: the store and its writer are dropped (what was appended stays). */
    MvccStore restart() {
        final long end = writer.endLsn();
        writer.awaitDurable(end);
        store.close();
        writer.close();
        return openStore();
    }

    /** A read-only store at {@code lsn}. */
    MvccStore readOnlyAt(final long lsn) {
        return MvccStore.open(MvccConfig.builder(timeline).readOnlyAt(lsn).bufferPoolBytes(64L * 8192).build());
    }

    /** Waits until the page server has ingested everything written so far; returns that LSN. */
    long sync() {
        final long end = writer.endLsn();
        writer.awaitDurable(end);
        timeline.waitForLsn(end, 20_000);
        return end;
    }

    @Override
    public void close() {
        store.close();
        writer.close();
        receiver.close();
        ps.close();
        wal.close();
    }
}
