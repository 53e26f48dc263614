package io.stratum.mvcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.PageSource;
import io.stratum.engine.key.PageKey;
import io.stratum.mvcc.heap.HeapPage;
import io.stratum.mvcc.pool.ClockBufferPool;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap page's prune xid (PostgreSQL's pd_prune_xid): inserts leave it 0, so a full page of rows nobody
 * updated is not scanned by a prune; an update or delete sets it to the smallest such xid; a prune that
 * removes every such version clears it; and the page server's page carries the same value.
 */
class PruneXidTest {
    private static final int REL = 1400;

    @TempDir
    Path dir;

    private static UnsafeBuffer row(final long key) {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[64]);
        b.putLong(0, key);
        return b;
    }

    /** Block 0's prune xid in the compute's pool, checked equal to the page server's at {@code lsn}. */
    private static long pruneXid(final Cluster c, final ClockBufferPool pool, final long lsn) {
        final long[] found = {-1};
        final UnsafeBuffer engine = new UnsafeBuffer(ByteBuffer.allocateDirect(PageSource.PAGE_SIZE));
        pool.forEachCached((hi, lo, page, offset) -> {
            if (PageKey.kind(hi) == PageKey.KIND_RELATION && PageKey.relation(hi, lo) == REL
                && PageKey.fork(lo) == 0 && PageKey.block(lo) == 0) {
                found[0] = HeapPage.pruneXid(page, offset);
                c.timeline.getPage(hi, lo, lsn, engine, 0);
                assertEquals(found[0], HeapPage.pruneXid(engine, 0), "the page server's page has the same prune xid");
            }
        });
        assertTrue(found[0] >= 0, "block 0 is cached");
        return found[0];
    }

    @Test
    void insertsLeaveItUnsetUpdatesSetItAndAPruneClearsIt() {
        try (Cluster c = new Cluster(dir, 4 << 20)) {
            final MvccStore s = c.store;
            final ClockBufferPool pool = (ClockBufferPool) s.bufferPool();
            Transaction t = s.begin(Isolation.READ_COMMITTED, false);
            t.newStatement();
            final HeapTable h = s.createHeap(t, REL);
            final long[] tids = new long[80];
            for (int i = 0; i < tids.length; i++) {
                tids[i] = h.insert(t, row(i), 0, 64);
            }
            t.commit();
            assertEquals(0, pruneXid(c, pool, c.sync()), "inserts leave no prune xid");

            final long[] out = new long[2];
            final Transaction u1 = s.begin(Isolation.READ_COMMITTED, false);
            u1.newStatement();
            assertEquals(Outcome.OK, h.updateHot(u1, tids[3], row(1003), 0, 64, WaitPolicy.BLOCK, out));
            u1.commit();
            final Transaction u2 = s.begin(Isolation.READ_COMMITTED, false);
            u2.newStatement();
            assertEquals(Outcome.OK, h.delete(u2, tids[5], WaitPolicy.BLOCK, out));
            u2.commit();
            assertEquals(u1.xid(), pruneXid(c, pool, c.sync()), "the smallest xid that updated or deleted a version");

            assertTrue(s.vacuum(h, new BTreeIndex[0]) >= 1, "VACUUM removed the dead versions");
            assertEquals(0, pruneXid(c, pool, c.sync()), "nothing left to prune");
        }
    }
}
