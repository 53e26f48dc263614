package io.stratum.perf.mvcc;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.ingest.WalReceiver;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.engine.timeline.Timeline;
import io.stratum.mvcc.HeapTable;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.MvccConfig;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.SinkWalWriter;
import io.stratum.mvcc.Transaction;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.local.LocalWalService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * JMH: a transaction inserting one row and committing, through {@link SinkWalWriter} into a local
 * {@code WalLog} (each batch fsynced) with a page server ingesting behind it; 1 thread and 16 threads
 * (group commit: concurrent commits share a batch). Run:
 * {@code java -jar perf/target/benchmarks.jar CommitBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "-XX:MaxDirectMemorySize=2g", "-Xmx1g"})
public class CommitBenchmark {
    private Path dir;
    private LocalWalService wal;
    private PageServer ps;
    private WalReceiver receiver;
    private SinkWalWriter writer;
    private MvccStore store;
    private HeapTable heap;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("bench-commit");
        final TenantId tenant = new TenantId(1, 1);
        final TimelineId main = new TimelineId(1, 1);
        wal = new LocalWalService(dir.resolve("wal"), 64 << 20);
        wal.createTimeline(tenant, main, MemoryPages.START);
        final RedoRegistry redo = RedoRegistry.withBuiltins();
        MvccStore.registerRedo(redo);
        ps = PageServer.open(EngineConfig.builder(dir.resolve("ps")).redo(redo).build());
        ps.createTenant(tenant);
        final Timeline t = ps.createTimeline(tenant, main, MemoryPages.START);
        receiver = WalReceiver.start(wal, t);
        writer = new SinkWalWriter(wal.writer(tenant, main));
        store = MvccStore.open(MvccConfig.builder(t).wal(writer).build());
        final Transaction tx = store.begin(Isolation.READ_COMMITTED, false);
        tx.newStatement();
        heap = store.createHeap(tx, 30_000);
        tx.commit();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        writer.close();
        receiver.close();
        ps.close();
        wal.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Per-thread row buffer. */
    @State(Scope.Thread)
    public static class Row {
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[100]);
    }

    private long commitOne(final Row r) {
        final Transaction tx = store.begin(Isolation.READ_COMMITTED, false);
        tx.newStatement();
        heap.insert(tx, r.bytes, 0, 100);
        return tx.commit();
    }

    @Benchmark
    @Threads(1)
    public long commit1(final Row r) {
        return commitOne(r);
    }

    @Benchmark
    @Threads(16)
    public long commit16(final Row r) {
        return commitOne(r);
    }
}
