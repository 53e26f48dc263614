package io.stratum.mvcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.key.PageKey;
import io.stratum.mvcc.heap.HeapPage;
import io.stratum.mvcc.pool.ClockBufferPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A heap page's tuple area has no holes (tuples fill {@code [upper, 8192)} exactly, because every operation
 * that frees tuple bytes compacts), so {@link HeapPage#freeTotal} can answer from the header: after random
 * inserts, updates (HOT and not) and deletes of random lengths, aborted transactions, prunes and VACUUMs,
 * every heap page's free space by the header equals the sum over its line pointers (rows of up to 700
 * bytes fill pages, so updates that find no room prune them).
 */
class HeapSpaceTest {
    private static final int REL = 1500;

    @Provide
    Arbitrary<List<int[]>> ops() {
        // op: 0 insert, 1 HOT update, 2 update, 3 delete, 4 vacuum; row index; length; abort (1 in 5)
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 59),
                Arbitraries.integers().between(1, 700), Arbitraries.integers().between(0, 4))
            .as((op, row, len, abort) -> new int[] {op, row, len, abort}).list().ofMinSize(20).ofMaxSize(250);
    }

    @Property(tries = 40, seed = "20261202")
    void freeSpaceFromTheHeaderEqualsTheSumOverTheLinePointers(@ForAll("ops") final List<int[]> ops)
        throws Exception {
        final Path dir = Files.createTempDirectory("heapspace");
        try (Cluster c = new Cluster(dir, 4 << 20)) {
            final MvccStore s = c.store;
            final ClockBufferPool pool = (ClockBufferPool) s.bufferPool();
            Transaction t = s.begin(Isolation.READ_COMMITTED, false);
            t.newStatement();
            final HeapTable h = s.createHeap(t, REL);
            t.commit();
            final List<Long> rows = new ArrayList<>();
            final long[] out = new long[2];
            final UnsafeBuffer data = new UnsafeBuffer(new byte[700]);
            int checked = 0;
            for (final int[] op : ops) {
                if (op[0] == 4) {
                    s.vacuum(h, new BTreeIndex[0]);
                    checked += checkPages(pool);
                    continue;
                }
                t = s.begin(Isolation.READ_COMMITTED, false);
                t.newStatement();
                final int i = rows.isEmpty() ? -1 : op[1] % rows.size();
                long made = -1;
                if (op[0] == 0 || i < 0) {
                    made = h.insert(t, data, 0, op[2]);
                } else if (op[0] == 3) {
                    assertEquals(Outcome.OK, h.delete(t, rows.get(i), WaitPolicy.BLOCK, out));
                } else {
                    final Outcome r = op[0] == 1 ? h.updateHot(t, rows.get(i), data, 0, op[2], WaitPolicy.BLOCK, out)
                        : h.update(t, rows.get(i), data, 0, op[2], WaitPolicy.BLOCK, out);
                    assertEquals(Outcome.OK, r);
                    made = out[0];
                }
                if (op[3] == 0) {
                    t.rollback();
                } else {
                    t.commit();
                    if (made >= 0 && i >= 0 && op[0] != 0) {
                        rows.set(i, made);
                    } else if (made >= 0) {
                        rows.add(made);
                    } else if (i >= 0) {
                        rows.remove(i);
                    }
                }
                checked += checkPages(pool);
            }
            assertTrue(checked > 0, "heap pages were checked");
        } finally {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int checkPages(final ClockBufferPool pool) {
        final int[] pages = {0};
        pool.forEachCached((hi, lo, page, offset) -> {
            if (PageKey.kind(hi) != PageKey.KIND_RELATION || PageKey.relation(hi, lo) != REL || PageKey.fork(lo) != 0
                || !HeapPage.initialised(page, offset)) {
                return;
            }
            pages[0]++;
            final int n = HeapPage.nslots(page, offset);
            int used = 0;
            for (int s = 0; s < n; s++) {
                if (HeapPage.lpOffset(page, offset, s) != 0) {
                    used += HeapPage.lpLength(page, offset, s);
                }
            }
            assertEquals(HeapPage.PAGE - HeapPage.HEADER - n * HeapPage.LP - used, HeapPage.freeTotal(page, offset),
                "free space of block " + PageKey.block(lo) + " with " + n + " slots");
        });
        return pages[0];
    }
}
