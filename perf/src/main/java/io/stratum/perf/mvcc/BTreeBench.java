package io.stratum.perf.mvcc;

import io.stratum.engine.PageSource;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.mvcc.IndexCursor;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.WalWriter;
import io.stratum.mvcc.btree.BTree;
import io.stratum.mvcc.btree.BTreeContext;
import io.stratum.mvcc.btree.BTreeRedo;
import io.stratum.mvcc.pool.ClockBufferPool;
import io.stratum.mvcc.pool.LastWrittenLsnCache;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: B-tree point lookup in a 1,000,000-key index on cached pages (mvcc's {@link ClockBufferPool}, 16-byte
 * keys in random order), with a {@link ConcurrentSkipListMap} lookup of the same keys as the peer; and inserts
 * (random or ascending keys) into a tree that starts empty each iteration, each a WAL record encoded and
 * redone on the pooled page, appended to an in-memory WAL (a copy into a ring, no I/O), with skip-list puts
 * of the same keys as the peer; and the pool's own cost of the three page accesses of a lookup. Run with
 * {@code mvn -q -P jmh -pl perf -am package -DskipTests && java -jar perf/target/benchmarks.jar BTreeBench
 * -f 1 -wi 2 -i 3 -w 2s -r 2s}; the fork inherits the environment, so run it with
 * {@code GLIBC_TUNABLES=glibc.malloc.hugetlb=1} to put the pool's malloc'd area on huge pages too (the flag
 * below covers the heap; perf/RESULTS.md has the figures).
 */
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dagrona.disable.bounds.checks=false", "-Xmx2g", "-XX:MaxDirectMemorySize=2g", "-XX:+UseTransparentHugePages"})
public class BTreeBench {
    /** Key {@code i} of the data set: a 16-byte big-endian scramble of i (unique, unordered). */
    static void key(final MutableDirectBuffer k, final long i) {
        k.putLong(0, Long.reverseBytes(i * 0x9E3779B97F4A7C15L));
        k.putLong(8, Long.reverseBytes(i));
    }

    /** An in-memory WAL: each record is copied into a 64 MiB ring (the cost of an append, without I/O). */
    static final class MemoryWal implements WalWriter {
        private final UnsafeBuffer ring = new UnsafeBuffer(ByteBuffer.allocateDirect(64 << 20));
        private long end = 0x100_0000L;
        private int at;

        @Override
        public synchronized long append(final DirectBuffer record, final int offset, final int length) {
            if (at + length > ring.capacity()) {
                at = 0;
            }
            ring.putBytes(at, record, offset, length);
            at += length;
            end += length;
            return end;
        }

        @Override
        public void awaitDurable(final long lsn) {
        }

        @Override
        public synchronized long durableLsn() {
            return end;
        }

        @Override
        public synchronized long endLsn() {
            return end;
        }

        @Override
        public void close() {
        }
    }

    /** Pages never leave the pool here; a miss would read zeros. */
    static final class NoPages implements PageSource {
        static final java.util.concurrent.atomic.AtomicLong READS = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public void getPage(final long keyHi, final long keyLo, final long lsn, final MutableDirectBuffer dst,
            final int offset) {
            READS.incrementAndGet();
            dst.setMemory(offset, PAGE_SIZE, (byte) 0);
        }

        @Override
        public long relationSize(final int database, final int relation, final int fork, final long lsn) {
            return NO_RELATION;
        }

        @Override
        public long lastRecordLsn() {
            return 0;
        }
    }

    static BTreeContext context(final long poolBytes) {
        final RedoRegistry redo = RedoRegistry.withBuiltins();
        MvccStore.registerRedo(redo);
        if (!redo.isRegistered(BTreeRedo.RMGR)) {
            BTreeRedo.register(redo);
        }
        final MemoryWal wal = new MemoryWal();
        final ClockBufferPool pool = new ClockBufferPool(new NoPages(), wal, 0, poolBytes,
            new LastWrittenLsnCache(131_072, wal.endLsn()));
        return new BTreeContext(pool, wal, redo, 1, null);
    }

    /** A 1,000,000-key tree and the same keys in a skip list. */
    @State(Scope.Benchmark)
    public static class Index {
        /** Keys in the index (the target is stated for 1,000,000; smaller sizes show the in-cache cost). */
        @Param({"1000000"})
        int keys;
        BTree tree;
        io.stratum.mvcc.BufferPool pool;
        final ConcurrentSkipListMap<Long, Long> peer = new ConcurrentSkipListMap<>();
        final UnsafeBuffer key = new UnsafeBuffer(new byte[16]);

        @Setup(Level.Trial)
        public void build() {
            final BTreeContext ctx = context(256L << 20);
            tree = BTree.create(ctx, 5000, true);
            pool = ctx.pool();
            for (long i = 0; i < keys; i++) {
                key(key, i);
                tree.insert(null, null, key, 0, 16, i);
                peer.put(i * 0x9E3779B97F4A7C15L, i);
            }
            if (NoPages.READS.get() > 0) {
                throw new IllegalStateException("pages left the pool while building");
            }
        }
    }

    @State(Scope.Thread)
    public static class Probe {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[16]);
        long next = 12345;

        long nextKey(final int keys) {
            next = next * 6364136223846793005L + 1442695040888963407L;
            return (next >>> 1) % keys;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long lookup(final Index index, final Probe probe) {
        key(probe.key, probe.nextKey(index.keys));
        long tid = -1;
        try (IndexCursor c = index.tree.scan(null, probe.key, 0, 16, true, probe.key, 0, 16, true, false, false)) {
            if (c.next()) {
                tid = c.tid();
            }
        }
        return tid;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Long peerSkipListLookup(final Index index, final Probe probe) {
        return index.peer.get(probe.nextKey(index.keys) * 0x9E3779B97F4A7C15L);
    }

    /**
     * The buffer pool's share of a lookup of a three-level tree: pin, shared latch, unlatch and unpin of three
     * cached pages (the tree's first blocks), nothing else.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int peerPoolThreePins(final Index index) {
        final io.stratum.mvcc.BufferPool pool = index.pool;
        int sum = 0;
        for (int block = 0; block < 3; block++) {
            final int b = pool.pin(io.stratum.engine.key.PageKey.relHi(1, 5000),
                io.stratum.engine.key.PageKey.relLo(5000, 0, block));
            pool.latchShared(b);
            sum += pool.page(b).getByte(pool.pageOffset(b));
            pool.unlatch(b);
            pool.unpin(b);
        }
        return sum;
    }

    /** A tree that starts empty every iteration, in a pool big enough that nothing is evicted. */
    @State(Scope.Thread)
    public static class Growing {
        @Param({"random", "ascending"})
        String order;
        BTreeContext ctx;
        BTree tree;
        ConcurrentSkipListMap<Long, Long> peer;
        int relation = 6000;
        long next;
        final UnsafeBuffer key = new UnsafeBuffer(new byte[16]);

        @Setup(Level.Trial)
        public void pool() {
            ctx = context(1536L << 20);
        }

        @Setup(Level.Iteration)
        public void fresh() {
            tree = BTree.create(ctx, relation++, false);
            peer = new ConcurrentSkipListMap<>();
            next = 0;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void insert(final Growing g) {
        final long i = g.next++;
        if (g.order.charAt(0) == 'r') {
            key(g.key, i);
        } else {
            g.key.putLong(0, Long.reverseBytes(i));
            g.key.putLong(8, 0);
        }
        g.tree.insert(null, null, g.key, 0, 16, i);
    }

    /** The peer of {@link #insert}: the same keys put into a skip list that also starts empty each iteration. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Long peerSkipListInsert(final Growing g) {
        final long i = g.next++;
        return g.peer.put(g.order.charAt(0) == 'r' ? i * 0x9E3779B97F4A7C15L : i, i);
    }
}
