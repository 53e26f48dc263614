package io.stratum.mvcc;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans, fetches, inserts and updates allocate nothing per row once warm. */
class HeapAllocationTest {
    @TempDir
    Path dir;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void scansFetchesInsertsAndUpdatesDoNotAllocatePerRow() {
        try (Cluster c = new Cluster(dir, 32 << 20)) {
            final MvccStore s = c.store;
            final UnsafeBuffer row = new UnsafeBuffer(new byte[100]);
            Transaction t = s.begin(Isolation.READ_COMMITTED, false);
            t.newStatement();
            final HeapTable h = s.createHeap(t, 1300);
            for (int i = 0; i < 5_000; i++) { // warm up
                row.putInt(0, i);
                h.insert(t, row, 0, 100);
            }
            long before = allocated();
            for (int i = 0; i < 20_000; i++) {
                row.putInt(0, i);
                h.insert(t, row, 0, 100);
            }
            final long insertBytes = allocated() - before;
            t.commit();

            final Transaction r = s.begin(Isolation.REPEATABLE_READ, false);
            r.newStatement();
            final TupleFetch f = h.newFetch();
            final long[] out = new long[1];
            long sum = 0;
            for (int round = 0; round < 3; round++) {
                before = allocated();
                try (HeapScan scan = h.scan(r)) {
                    while (scan.next()) {
                        sum += scan.tuple().buffer().getInt(scan.tuple().offset());
                        if (h.fetch(r, scan.tuple().tid(), f)) {
                            sum++;
                        }
                    }
                }
            }
            final long scanBytes = allocated() - before;
            for (int round = 0; round < 2; round++) {
                before = allocated();
                update(h, r, row, out);
            }
            final long updateBytes = allocated() - before;
            r.commit();
            assertTrue(sum > 0);
            assertTrue(insertBytes < 256 * 1024, "20,000 inserts allocated " + insertBytes + " bytes");
            assertTrue(scanBytes < 64 * 1024, "a scan + fetch of 25,000 rows allocated " + scanBytes + " bytes");
            assertTrue(updateBytes < 64 * 1024, "5,000 updates allocated " + updateBytes + " bytes");
        }
    }

    private static void update(final HeapTable h, final Transaction r, final UnsafeBuffer row, final long[] out) {
        r.newStatement();
        try (HeapScan scan = h.scan(r)) {
                for (int i = 0; i < 5_000 && scan.next(); i++) {
                    row.putInt(0, -i);
                    if (h.update(r, scan.tuple().tid(), row, 0, 100, WaitPolicy.BLOCK, out) != Outcome.OK) {
                        throw new AssertionError("update failed");
                    }
                }
        }
    }
}
