package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flush, compaction, image creation and GC interrupted at random points (a write runs out of space or
 * an fsync fails, then the machine "crashes" and unsynced bytes are lost or torn), and single flipped
 * bytes in layer files: every retained page still reads correctly, or a CORRUPT error names the file.
 */
class CrashAndCorruptionTest {
    @TempDir
    Path tmp;

    private static void populate(final EngineModel m, final Random r, final int writes) {
        for (int i = 0; i < writes; i++) {
            final int tl = r.nextInt(m.tls.size());
            final int kind = r.nextInt(10) < 3 ? 0 : r.nextInt(10) < 8 ? 1 : 3;
            m.write(tl, new EngineModel.Change(r.nextInt(EngineModel.KEYS), kind, r.nextInt(1 << 16), r.nextInt(8188)));
            if (r.nextInt(8) == 0) {
                m.timeline(tl).flush();
            }
            if (m.tls.size() < 3 && r.nextInt(40) == 0) {
                final List<Long> lsns = m.readableLsns(tl);
                m.branch(tl, lsns.get(r.nextInt(lsns.size())));
            }
        }
    }

    @Test
    void interruptedMaintenanceNeverLosesRetainedPages() throws Exception {
        int interrupted = 0;
        for (int seed = 0; seed < 40; seed++) {
            final Random r = new Random(seed);
            final Path dir = Files.createDirectory(tmp.resolve("s" + seed));
            try (EngineModel m = new EngineModel(dir)) {
                populate(m, r, 60);
                for (int round = 0; round < 3; round++) {
                    populate(m, r, 20);
                    final int tl = r.nextInt(m.tls.size());
                    final Timeline t = m.timeline(tl);
                    switch (r.nextInt(4)) {
                        case 0 -> m.fio.setSpaceLeft(r.nextInt(64 << 10));
                        case 1 -> m.fio.failNextForces(1);
                        case 2 -> m.tripwire.failDeleteAfter(r.nextInt(4));
                        default -> m.tripwire.failRenameAfter(r.nextInt(4));
                    }
                    m.clock.addAndGet(r.nextInt(100_000));
                    try {
                        switch (r.nextInt(4)) {
                            case 0 -> t.flush();
                            case 1 -> t.compact();
                            case 2 -> t.createImages();
                            default -> t.gc();
                        }
                    } catch (final StratumException e) {
                        assertTrue(e.code() == ErrorCode.IO_ERROR || e.code() == ErrorCode.FAILED, e.toString());
                        interrupted++;
                    }
                    m.tripwire.disarm();
                    m.restart(new Random(seed * 31 + round));
                    final String mismatch = m.checkAll();
                    assertNull(mismatch, "seed " + seed + " round " + round + ": " + mismatch);
                }
            }
        }
        assertTrue(interrupted > 20, "faults interrupted only " + interrupted + " operations");
    }

    @Test
    void flippedByteIsReportedNeverReturned() throws Exception {
        final Path dir = tmp.resolve("c");
        final Random r = new Random(42);
        final List<Path> files = new ArrayList<>();
        final EngineModel m = new EngineModel(dir);
        try {
            populate(m, r, 120);
            m.timeline(0).flush();
            m.timeline(0).createImages();
            for (int i = 0; i < m.tls.size(); i++) {
                m.timeline(i).flush();
            }
            m.ps.close();
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> p.toString().endsWith(".delta") || p.toString().endsWith(".image")).sorted().forEach(files::add);
            }
            assertFalse(files.isEmpty());
            int reported = 0;
            for (final Path f : files) {
                final long size = Files.size(f);
                for (int flip = 0; flip < 6; flip++) {
                    final long pos = flip == 0 ? size - 1 : flip == 1 ? size - 60 : (long) (r.nextDouble() * size);
                    flip(f, pos);
                    m.open();
                    try {
                        for (int i = 0; i < m.tls.size(); i++) {
                            for (final long lsn : m.readableLsns(i)) {
                                for (int k = 0; k < EngineModel.KEYS; k++) {
                                    try {
                                        assertNull(m.check(i, k, lsn), "wrong page after flipping " + f + "@" + pos);
                                    } catch (final StratumException e) {
                                        assertEquals(ErrorCode.CORRUPT, e.code(), e.toString());
                                        assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
                                        reported++;
                                    }
                                }
                            }
                        }
                    } finally {
                        m.ps.close();
                        flip(f, pos);
                    }
                }
            }
            assertTrue(reported > 0);
            m.open();
        } finally {
            m.close();
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void flip(final Path f, final long pos) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(pos);
            final int b = raf.read();
            raf.seek(pos);
            raf.write(b ^ 0x10);
        }
    }
}
