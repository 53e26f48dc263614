package io.stratum.mvcc.btree;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.mvcc.IndexCursor;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/** One B-tree over a {@link TestPool} and {@link TestWal}, with helpers to read it whole and to replay its WAL. */
final class Fixture {
    static final int DATABASE = 7;
    static final int RELATION = 4242;
    final TestPool pool;
    final TestWal wal;
    final RedoRegistry redo;
    final BTreeContext ctx;
    final BTree tree;

    Fixture(final int pages, final boolean unique, final XidWaiter waiter) {
        this(pages, unique, waiter, true);
    }

    Fixture(final int pages, final boolean unique, final XidWaiter waiter, final boolean keepWal) {
        pool = new TestPool(pages);
        wal = new TestWal(keepWal);
        redo = RedoRegistry.withBuiltins();
        BTreeRedo.register(redo);
        ctx = new BTreeContext(pool, wal, redo, DATABASE, waiter);
        tree = BTree.create(ctx, RELATION, unique);
    }

    /** A key: the bytes as given. */
    static UnsafeBuffer buf(final byte[] b) {
        return new UnsafeBuffer(b);
    }

    /** Every entry, forward or backward, as "hex/tid" strings. */
    List<String> all(final boolean backward) {
        final List<String> out = new ArrayList<>();
        try (IndexCursor c = tree.scan(null, null, 0, 0, true, null, 0, 0, true, false, backward)) {
            while (c.next()) {
                out.add(entry(c));
            }
        }
        return out;
    }

    static String entry(final IndexCursor c) {
        return BTree.hex(c.key(), c.keyOffset(), c.keyLength()) + "/" + Long.toUnsignedString(c.tid());
    }

    /**
     * Replays every WAL record through the registered redo handlers onto pages that start as zeros (or as the
     * previous image of their block), as the page server does, and checks that every page the records touched
     * equals the pool's page byte for byte.
     */
    void assertRedoMatches() {
        final Map<String, UnsafeBuffer> pages = new HashMap<>();
        final Map<String, long[]> keys = new HashMap<>();
        final WalRecordDecoder d = new WalRecordDecoder();
        for (final byte[] rec : wal.records()) {
            final UnsafeBuffer rb = new UnsafeBuffer(rec);
            d.wrap(rb, 0, rec.length);
            for (int i = 0; i < d.blockCount(); i++) {
                final long hi = d.blockKeyHi(i);
                final long lo = d.blockKeyLo(i);
                final String k = PageKey.hex(hi, lo);
                UnsafeBuffer page = pages.get(k);
                if (page == null || (d.blockFlags(i) & WalRecord.BLOCK_WILL_INIT) != 0) {
                    page = new UnsafeBuffer(new byte[PageKey.PAGE_SIZE]);
                    pages.put(k, page);
                    keys.put(k, new long[] {hi, lo});
                }
                redo.handler(d.rmgr()).redo(d, i, page, 0);
            }
        }
        assertTrue(pages.size() > 0, "no record was written");
        for (final Map.Entry<String, UnsafeBuffer> e : pages.entrySet()) {
            final long[] k = keys.get(e.getKey());
            final int b = pool.pin(k[0], k[1]);
            try {
                final byte[] mine = new byte[PageKey.PAGE_SIZE];
                pool.page(b).getBytes(pool.pageOffset(b), mine);
                final byte[] redone = new byte[PageKey.PAGE_SIZE];
                e.getValue().getBytes(0, redone);
                if (!java.util.Arrays.equals(mine, redone)) {
                    int at = 0;
                    while (mine[at] == redone[at]) {
                        at++;
                    }
                    fail("page " + PageKey.describe(k[0], k[1]) + " differs from its redo at byte " + at);
                }
            } finally {
                pool.unpin(b);
            }
        }
    }

    void assertNothingHeld() {
        assertEquals(0, pool.pinned(), "pins left");
        assertFalse(pool.anyLatched(), "latches left");
    }
}
