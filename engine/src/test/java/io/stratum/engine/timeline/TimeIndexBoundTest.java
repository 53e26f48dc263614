package io.stratum.engine.timeline;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.wal.io.FileIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index thins its old half at its bound, and its file is rewritten rather than growing. */
class TimeIndexBoundTest {
    @TempDir
    Path dir;

    @Test
    void theIndexAndItsFileStayBounded() throws IOException {
        final int max = 64;
        final TimeIndex times = new TimeIndex(1, max);
        final TimeIndexFile file = new TimeIndexFile(FileIo.real(), dir);
        for (int i = 1; i <= 10_000; i++) {
            times.add(10L * i, i);
            if (i % 100 == 0) {
                file.persist(times, Long.MAX_VALUE);
                file.committed();
                assertTrue(times.size() <= max, "entries " + times.size());
                assertTrue(Files.size(file.path(file.generation())) <= 16 + 16L * max + 8L * 2,
                    "file of " + Files.size(file.path(file.generation())) + " bytes for " + times.size() + " entries");
            }
        }
        assertEquals(100_000L, times.lsnAt(10_000), "the newest entry is exact");
        long prev = -1;
        for (long t = 1; t <= 10_000; t += 37) {
            final long lsn = times.lsnAt(t);
            assertTrue(lsn <= 10 * t, "the LSN at " + t + " is at or before the exact one: " + lsn);
            assertTrue(lsn >= prev, "monotone in time");
            prev = lsn;
        }
        final TimeIndex reloaded = new TimeIndex(1, max);
        final TimeIndexFile again = new TimeIndexFile(FileIo.real(), dir);
        again.load(file.generation(), file.length(), reloaded);
        assertEquals(times.size(), reloaded.size());
        for (long t = 1; t <= 10_000; t += 37) {
            assertEquals(times.lsnAt(t), reloaded.lsnAt(t), "at " + t);
        }
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "older generations are deleted");
        }
    }
}
