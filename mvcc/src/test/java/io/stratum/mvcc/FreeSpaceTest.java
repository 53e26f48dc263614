package io.stratum.mvcc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Room freed by VACUUM and by in-page pruning is used again: the heap does not grow. */
class FreeSpaceTest {
    @TempDir
    Path dir;

    @Test
    void vacuumedAndPrunedSpaceIsReused() {
        try (Cluster c = new Cluster(dir, 8 << 20)) {
            final MvccStore s = c.store;
            final UnsafeBuffer row = new UnsafeBuffer(new byte[500]);
            Transaction t = s.begin(Isolation.READ_COMMITTED, false);
            t.newStatement();
            final HeapTable h = s.createHeap(t, 1500);
            final List<Long> tids = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                tids.add(h.insert(t, row, 0, 500));
            }
            t.commit();
            final long blocks = h.blocks();
            final long[] out = new long[1];
            for (int round = 0; round < 3; round++) {
                t = s.begin(Isolation.READ_COMMITTED, false);
                t.newStatement();
                for (final long tid : tids) {
                    assertEquals(Outcome.OK, h.delete(t, tid, WaitPolicy.BLOCK, out));
                }
                t.commit();
                assertEquals(2_000, s.vacuum(h, new BTreeIndex[0]));
                t = s.begin(Isolation.READ_COMMITTED, false);
                t.newStatement();
                tids.clear();
                for (int i = 0; i < 2_000; i++) {
                    tids.add(h.insert(t, row, 0, 500));
                }
                t.commit();
                assertTrue(h.blocks() <= blocks + 1, "round " + round + ": " + h.blocks() + " blocks, was " + blocks);
            }
            // UPDATE t SET ... (a scan, then an update of each row): the scan prunes the pages it passes
            // once no snapshot needs the old versions, and the updates reuse that room
            for (int round = 0; round < 5; round++) {
                t = s.begin(Isolation.READ_COMMITTED, false);
                t.newStatement();
                assertEquals(2_000, HeapBasicsTest.scan(h, t).size());
                final List<Long> next = new ArrayList<>();
                for (final long tid : tids) {
                    assertEquals(Outcome.OK, h.update(t, tid, row, 0, 500, WaitPolicy.BLOCK, out));
                    next.add(out[0]);
                }
                t.commit();
                tids.clear();
                tids.addAll(next);
            }
            assertTrue(h.blocks() <= 3 * blocks, "five rounds of updates of every row: " + h.blocks() + " blocks, was " + blocks);
            t = s.begin(Isolation.READ_COMMITTED, true);
            t.newStatement();
            assertEquals(2_000, HeapBasicsTest.scan(h, t).size());
            t.commit();
        }
    }
}
