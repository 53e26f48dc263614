package io.stratum.mvcc.btree;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.mvcc.IndexCursor;
import java.lang.management.ManagementFactory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Point lookups, range scans and inserts (splits included) allocate nothing per operation once warm. */
class BTreeAllocationTest {
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static void fill(final UnsafeBuffer k, final long v) {
        k.putLong(0, Long.reverseBytes(v * 0x9E3779B97F4A7C15L));
        k.putLong(8, v);
    }

    @Test
    void lookupsScansAndInsertsDoNotAllocate() {
        final Fixture f = new Fixture(4096, true, null, false);
        final TestHeap heap = new TestHeap(0);
        final UnsafeBuffer k = new UnsafeBuffer(new byte[16]);
        for (int i = 0; i < 40_000; i++) {
            fill(k, i);
            f.tree.insert(null, heap, k, 0, 16, i);
        }
        long sum = 0;
        for (int round = 0; round < 2; round++) {
            final long before = allocated();
            for (int i = 0; i < 20_000; i++) {
                fill(k, i);
                try (IndexCursor c = f.tree.scan(null, k, 0, 16, true, k, 0, 16, true, false, (i & 1) == 0)) {
                    while (c.next()) {
                        sum += c.tid();
                    }
                }
            }
            final long lookups = allocated() - before;
            if (round == 1) {
                assertTrue(lookups < 4096, "20,000 lookups allocated " + lookups + " bytes");
            }
        }
        long before = allocated();
        int rows = 0;
        for (int i = 0; i < 200; i++) {
            fill(k, i);
            try (IndexCursor c = f.tree.scan(null, k, 0, 16, true, null, 0, 0, true, false, (i & 1) == 0)) {
                for (int n = 0; n < 500 && c.next(); n++) {
                    rows++;
                }
            }
        }
        final long scans = allocated() - before;
        assertTrue(rows > 50_000, "rows " + rows);
        assertTrue(scans < 4096, rows + " scanned rows allocated " + scans + " bytes");
        before = allocated();
        for (int i = 40_000; i < 60_000; i++) {
            fill(k, i);
            f.tree.insert(null, heap, k, 0, 16, i);
        }
        final long inserts = allocated() - before;
        assertTrue(inserts < 4096, "20,000 inserts allocated " + inserts + " bytes");
        assertTrue(sum > 0);
        f.assertNothingHeld();
    }
}
