package io.stratum.wal;

import static io.stratum.wal.WalTestSupport.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed reader gives its direct read buffer back at once, not when the GC gets to it.
 *
 * <p>The JVM's direct pool is shared by every thread, so the test turns preallocation off (its daemon thread
 * allocates a zero buffer while a segment is prepared) and asserts the drop at {@code close()} itself: a cleaner
 * run by a GC in that window only adds to the drop.
 */
class WalReaderCloseTest {

    private static long directBytes() {
        for (final BufferPoolMXBean p : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (p.getName().equals("direct")) {
                return p.getMemoryUsed();
            }
        }
        throw new AssertionError("no direct buffer pool");
    }

    @Test
    void closeFreesTheReadBufferAndTheReaderRefusesUseAfterwards(@TempDir final Path dir) {
        try (WalLog log = WalLog.open(WalConfig.builder(dir).maxRecordLength(1 << 20).preallocate(false).build())) {
            final UnsafeBuffer rec = new UnsafeBuffer(record(1, 200, 1));
            final long start = log.endLsn();
            log.append(rec, 0, rec.capacity());
            log.flush();
            final long before = directBytes();
            final WalReader r = log.reader(start);
            final long held = directBytes() - before;
            assertTrue(held >= 2L << 20, "a reader holds twice the largest record: " + held);
            assertTrue(r.next());
            assertEquals(rec.capacity(), r.record().length());
            final long atClose = directBytes();
            r.close();
            final long freed = atClose - directBytes();
            assertTrue(freed >= held, "closing the reader freed its buffer: held " + held + ", freed " + freed);
            final StratumException e = assertThrows(StratumException.class, r::next);
            assertEquals(ErrorCode.CLOSED, e.code());
            final long afterClose = directBytes();
            r.close(); // twice is harmless: nothing is freed a second time
            assertTrue(directBytes() <= afterClose, "a second close allocates nothing");
        }
    }
}
