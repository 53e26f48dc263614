package io.stratum.perf.mvcc;

import io.stratum.mvcc.HeapScan;
import io.stratum.mvcc.HeapTable;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.MvccConfig;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.Transaction;
import java.util.concurrent.TimeUnit;
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

/**
 * JMH: heap insert of one 100-byte row (transactions of 1,000 rows, WAL encoded and redone on the pooled
 * page, appended to an in-memory writer), and a sequential scan with visibility checks of a 100,000-row
 * table (about 1,500 pages, all cached): {@code scan} is one whole scan, so rows/s = 100,000 / time.
 * Run: {@code java -jar perf/target/benchmarks.jar HeapBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "-XX:MaxDirectMemorySize=2g", "-Xmx1g"})
public class HeapBenchmark {
    static final int SCAN_ROWS = 100_000;
    static final int ROW = 100;

    private MvccStore store;
    private HeapTable insertHeap;
    private HeapTable scanHeap;
    private Transaction insertTx;
    private int inTx;
    private Transaction reader;
    private final UnsafeBuffer row = new UnsafeBuffer(new byte[ROW]);
    private int relation = 20_000;

    @Setup(Level.Trial)
    public void setUp() {
        final MemoryPages mem = new MemoryPages();
        store = MvccStore.open(MvccConfig.builder(mem).wal(mem).bufferPoolBytes(1L << 30).build());
        final Transaction t = store.begin(Isolation.READ_COMMITTED, false);
        t.newStatement();
        scanHeap = store.createHeap(t, 10_000);
        for (int i = 0; i < SCAN_ROWS; i++) {
            row.putInt(0, i);
            scanHeap.insert(t, row, 0, ROW);
        }
        t.commit();
        reader = store.begin(Isolation.REPEATABLE_READ, true);
        reader.newStatement();
    }

    @Setup(Level.Iteration)
    public void newInsertHeap() {
        final Transaction t = store.begin(Isolation.READ_COMMITTED, false);
        t.newStatement();
        insertHeap = store.createHeap(t, relation++);
        t.commit();
        insertTx = store.begin(Isolation.READ_COMMITTED, false);
        insertTx.newStatement();
        inTx = 0;
    }

    @TearDown(Level.Iteration)
    public void endInsertTx() {
        insertTx.commit();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        reader.commit();
        store.close();
    }

    @Benchmark
    public long insert() {
        if (++inTx == 1000) {
            insertTx.commit();
            insertTx = store.begin(Isolation.READ_COMMITTED, false);
            insertTx.newStatement();
            inTx = 0;
        }
        row.putInt(0, inTx);
        return insertHeap.insert(insertTx, row, 0, ROW);
    }

    @Benchmark
    public long scan() {
        long sum = 0;
        try (HeapScan s = scanHeap.scan(reader)) {
            while (s.next()) {
                sum += s.tuple().buffer().getInt(s.tuple().offset());
            }
        }
        return sum;
    }
}
