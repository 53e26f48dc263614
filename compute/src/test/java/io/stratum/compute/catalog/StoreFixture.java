package io.stratum.compute.catalog;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.ingest.WalReceiver;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.engine.timeline.Timeline;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.MvccConfig;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.SinkWalWriter;
import io.stratum.mvcc.Transaction;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.local.LocalWalService;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An in-process page server, local WAL service and receiver, with an mvcc store and its catalog on top;
 * the compute can be restarted and read-only stores opened at an LSN.
 */
public final class StoreFixture implements AutoCloseable {
    static final TenantId TENANT = new TenantId(1, 1);
    static final TimelineId MAIN = new TimelineId(1, 1);
    static final long START = 0x100_0000L;

    private final LocalWalService wal;
    private final PageServer ps;
    private final Timeline timeline;
    private final WalReceiver receiver;
    private SinkWalWriter writer;
    public MvccStore store;
    public Catalog catalog;
    public final CatalogContext ctx = CatalogContext.of("stratum", "main");

    public StoreFixture(final Path dir) {
        wal = new LocalWalService(dir.resolve("wal"), 16 << 20);
        wal.createTimeline(TENANT, MAIN, START);
        final RedoRegistry redo = RedoRegistry.withBuiltins();
        MvccStore.registerRedo(redo);
        ps = PageServer.open(EngineConfig.builder(dir.resolve("ps")).redo(redo).backgroundThreads(0)
            .inMemoryLayerBytes(4 << 20).build());
        ps.createTenant(TENANT);
        timeline = ps.createTimeline(TENANT, MAIN, START);
        receiver = WalReceiver.start(wal, timeline);
        open();
    }

    private void open() {
        writer = new SinkWalWriter(wal.writer(TENANT, MAIN), 2 << 20);
        store = MvccStore.open(MvccConfig.builder(timeline).wal(writer).bufferPoolBytes(4L << 20).build());
        catalog = Catalog.open(store);
    }

    /** Drops the compute (store, catalog, writer) and opens a fresh one on the same timeline. */
    public void restart() {
        writer.awaitDurable(writer.endLsn());
        store.close();
        writer.close();
        open();
    }

    /** Waits until the page server has everything written so far; returns that LSN. */
    public long sync() {
        final long end = writer.endLsn();
        writer.awaitDurable(end);
        timeline.waitForLsn(end, 20_000);
        return end;
    }

    public MvccStore readOnlyAt(final long lsn) {
        return MvccStore.open(MvccConfig.builder(timeline).readOnlyAt(lsn).bufferPoolBytes(64L * 8192).build());
    }

    /** Runs {@code work} in a transaction (one statement) and commits, telling the catalog. */
    public <T> T inTx(final Function<Transaction, T> work) {
        final Transaction tx = store.begin(Isolation.READ_COMMITTED, false);
        tx.newStatement();
        try {
            final T r = work.apply(tx);
            tx.commit();
            catalog.transactionEnded(tx, true);
            return r;
        } catch (final RuntimeException e) {
            if (!tx.finished()) {
                tx.rollback();
            }
            catalog.transactionEnded(tx, false);
            throw e;
        }
    }

    public void run(final Consumer<Transaction> work) {
        inTx(tx -> {
            work.accept(tx);
            return null;
        });
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
