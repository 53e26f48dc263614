package io.stratum.mvcc.btree;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.PageSource;
import io.stratum.engine.ingest.WalReceiver;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.engine.timeline.Timeline;
import io.stratum.mvcc.IndexCursor;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.SinkWalWriter;
import io.stratum.mvcc.pool.ClockBufferPool;
import io.stratum.mvcc.pool.LastWrittenLsnCache;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.local.LocalWalService;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real engine in-process (LocalWalService, PageServer, WalReceiver) under mvcc's ClockBufferPool of 64
 * pages over a tree of hundreds: dirty B-tree pages are evicted and read back from the page server all the
 * time; every cached page equals the engine's page at the latest LSN, and a fresh pool (a restarted
 * compute) reads the same tree from the page server alone.
 */
class BTreeEngineTest {
    private static final TenantId TENANT = new TenantId(1, 1);
    private static final TimelineId MAIN = new TimelineId(1, 1);
    private static final long START = 0x100_0000L;
    private static final int RELATION = 3000;

    @TempDir
    Path dir;

    private static byte[] key(final int k) {
        return String.format("%08x-%s", k * 2654435761L & 0xFFFF_FFFFL, "q".repeat(k % 40)).getBytes();
    }

    @Test
    void evictedPagesComeBackFromThePageServer() {
        final RedoRegistry redo = RedoRegistry.withBuiltins();
        MvccStore.registerRedo(redo);
        if (!redo.isRegistered(BTreeRedo.RMGR)) {
            BTreeRedo.register(redo);
        }
        try (LocalWalService wal = new LocalWalService(dir.resolve("wal"), 16 << 20)) {
            wal.createTimeline(TENANT, MAIN, START);
            try (PageServer ps = PageServer.open(EngineConfig.builder(dir.resolve("ps")).redo(redo)
                .backgroundThreads(0).inMemoryLayerBytes(4 << 20).build())) {
                ps.createTenant(TENANT);
                final Timeline timeline = ps.createTimeline(TENANT, MAIN, START);
                try (WalReceiver receiver = WalReceiver.start(wal, timeline);
                     SinkWalWriter writer = new SinkWalWriter(wal.writer(TENANT, MAIN), 2 << 20)) {
                    run(redo, timeline, writer);
                }
            }
        }
    }

    private void run(final RedoRegistry redo, final Timeline timeline, final SinkWalWriter writer) {
        final ClockBufferPool pool = new ClockBufferPool(timeline, writer, 0, 64L * PageSource.PAGE_SIZE,
            new LastWrittenLsnCache(1024, writer.endLsn()));
        final BTreeContext ctx = new BTreeContext(pool, writer, redo, 1, (tx, xid) -> fail("no waits"));
        final BTree tree = BTree.create(ctx, RELATION, false);
        final TestHeap heap = new TestHeap(0);
        final TreeMap<String, Long> model = new TreeMap<>();
        final Random rnd = new Random(7);
        int next = 0;
        for (int phase = 0; phase < 4; phase++) {
            for (int i = 0; i < 6000; i++) {
                final byte[] k = key(next);
                tree.insert(null, heap, new UnsafeBuffer(k), 0, k.length, next);
                model.put(BTree.hex(new UnsafeBuffer(k), 0, k.length), (long) next);
                next++;
            }
            for (int i = 0; i < 500; i++) {
                final int victim = rnd.nextInt(next);
                final byte[] k = key(victim);
                final boolean had = model.remove(BTree.hex(new UnsafeBuffer(k), 0, k.length)) != null;
                assertEquals(had, tree.delete(null, new UnsafeBuffer(k), 0, k.length, victim));
            }
            assertEquals(expected(model, false), entries(tree, false));
            // point lookups through the tree's block-to-frame hints, which evictions keep making stale
            for (int i = 0; i < 1000; i++) {
                final int k = rnd.nextInt(next);
                final byte[] kb = key(k);
                final Long tid = model.get(BTree.hex(new UnsafeBuffer(kb), 0, kb.length));
                try (IndexCursor c = tree.scan(null, new UnsafeBuffer(kb), 0, kb.length, true, new UnsafeBuffer(kb),
                    0, kb.length, true, false, false)) {
                    assertEquals(tid != null, c.next(), "lookup " + k);
                    if (tid != null) {
                        assertEquals((long) tid, c.tid(), "lookup " + k);
                    }
                }
            }
            final long end = writer.endLsn();
            writer.awaitDurable(end);
            timeline.waitForLsn(end, 20_000);
            assertPagesEqual(timeline, pool, end);
        }
        assertTrue(pool.misses() > 1000, "pages were evicted and read back: " + pool.misses() + " misses");
        assertEquals(expected(model, true), entries(tree, true));

        // a restarted compute: a new pool reads everything from the page server
        final ClockBufferPool fresh = new ClockBufferPool(timeline, writer, 0, 64L * PageSource.PAGE_SIZE,
            new LastWrittenLsnCache(1024, writer.endLsn()));
        final BTree again = BTree.open(new BTreeContext(fresh, writer, redo, 1, null), RELATION, false);
        assertEquals(expected(model, false), entries(again, false));
        for (int i = 0; i < 200; i++) {
            final int k = rnd.nextInt(next);
            final byte[] kb = key(k);
            final String hex = BTree.hex(new UnsafeBuffer(kb), 0, kb.length);
            try (IndexCursor c = again.scan(null, new UnsafeBuffer(kb), 0, kb.length, true, new UnsafeBuffer(kb), 0,
                kb.length, true, false, false)) {
                assertEquals(model.containsKey(hex), c.next(), "lookup " + k);
            }
        }
    }

    private static List<String> expected(final TreeMap<String, Long> model, final boolean backward) {
        final List<String> out = new ArrayList<>();
        for (final Map.Entry<String, Long> e : (backward ? model.descendingMap() : model).entrySet()) {
            out.add(e.getKey() + "/" + e.getValue());
        }
        return out;
    }

    private static List<String> entries(final BTree tree, final boolean backward) {
        final List<String> out = new ArrayList<>();
        try (IndexCursor c = tree.scan(null, null, 0, 0, true, null, 0, 0, true, false, backward)) {
            while (c.next()) {
                out.add(Fixture.entry(c));
            }
        }
        return out;
    }

    private static void assertPagesEqual(final Timeline timeline, final ClockBufferPool pool, final long lsn) {
        final UnsafeBuffer engine = new UnsafeBuffer(ByteBuffer.allocateDirect(PageSource.PAGE_SIZE));
        final int[] compared = new int[1];
        pool.forEachCached((hi, lo, page, offset) -> {
            timeline.getPage(hi, lo, lsn, engine, 0);
            for (int i = 0; i < PageSource.PAGE_SIZE; i += 8) {
                if (engine.getLong(i) != page.getLong(offset + i)) {
                    fail("page " + PageKey.describe(hi, lo) + " differs at byte " + i);
                }
            }
            compared[0]++;
        });
        assertTrue(compared[0] > 10, "compared " + compared[0] + " pages");
    }
}
