package io.stratum.wal;

import static io.stratum.wal.WalTestSupport.append;
import static io.stratum.wal.WalTestSupport.readAll;
import static io.stratum.wal.WalTestSupport.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.io.FaultInjectingFileIo;
import io.stratum.wal.io.FileIo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crashes during {@link WalLog#truncateAbove}: for every I/O step n of the cut, a power cut at step n (then
 * a crash that keeps, drops or tears unsynced writes, in order or reordered, and reverts directory changes
 * not synced), or a failed fsync of the n-th file fsync, or of the n-th directory fsync (then the same
 * crash). Each time the fault must really fire and fail the log; the reopened log must open (no CORRUPT),
 * hold a prefix of the records that had reached the disk, and at least every record below the cut that
 * was durable; the outcome is the old end, the cut LSN, or a record boundary between. A second
 * truncateAbove after the reopen finishes the cut, and what is appended next survives a clean reopen.
 * The step after the last one is run without a fault: the cut then survives a crash exactly.
 */
class WalTruncateAboveCrashTest {
    private static final long START = WalConfig.DEFAULT_START_LSN;

    enum Fault { POWER_CUT, FSYNC, DIRECTORY_FSYNC }

    /** Where the records stand before the cut. */
    enum Shape {
        /** Every record flushed, over several segments; the cut in the second (later ones deleted). */
        DURABLE_ACROSS_SEGMENTS,
        /** Flushed, written-unsynced and buffered records; the cut among the flushed ones, segments apart. */
        MIXED,
        /** Every record flushed; the cut in the last segment (only a preallocated one after it). */
        LAST_SEGMENT
    }

    static Stream<Arguments> cases() {
        final List<Arguments> out = new ArrayList<>();
        for (final Shape s : Shape.values()) {
            for (final Fault f : Fault.values()) {
                out.add(Arguments.of(s, f, true));
                out.add(Arguments.of(s, f, false));
            }
        }
        return out.stream();
    }

    /** The log before the cut. */
    private record Setup(List<byte[]> records, int keep, int durable, int onDisk) {
        long lsn(final int k) {
            long lsn = START;
            for (int i = 0; i < k; i++) {
                lsn += records.get(i).length;
            }
            return lsn;
        }
    }

    private static Setup build(final WalLog log, final Shape shape) {
        final List<byte[]> recs = new ArrayList<>();
        final int n = shape == Shape.LAST_SEGMENT ? 40 : 100;
        for (int i = 0; i < n; i++) {
            recs.add(record(i, 200 + i * 389 % 6000, i % 3));
            append(log, recs.get(i));
        }
        log.flush();
        int onDisk = recs.size();
        if (shape == Shape.MIXED) {
            for (int i = 0; i < 40; i++) {
                recs.add(record(1000 + i, 3000, 1));
                append(log, recs.get(recs.size() - 1));
            }
            log.writeOut(log.endLsn());
            onDisk = recs.size();
            for (int i = 0; i < 4; i++) {
                recs.add(record(2000 + i, 1000, 0));
                append(log, recs.get(recs.size() - 1));
            }
        }
        final int keep = shape == Shape.LAST_SEGMENT ? 38 : shape == Shape.MIXED ? n + 3 : 20;
        return new Setup(recs, keep, n, onDisk);
    }

    @ParameterizedTest(name = "{0} {1} preallocate={2}")
    @MethodSource("cases")
    void everyStepOfTheCutCanCrash(final Shape shape, final Fault fault, final boolean preallocate) throws Exception {
        final TreeMap<String, Integer> outcomes = new TreeMap<>();
        int step = 0;
        for (; ; step++) {
            final Path dir = Files.createTempDirectory("wal-cut-crash");
            final FaultInjectingFileIo io = new FaultInjectingFileIo(FileIo.real());
            io.modelDirectories(true);
            final WalConfig config = WalConfig.builder(dir).segmentSize(64 << 10).fileIo(io).preallocate(preallocate)
                .writeBufferSize(32 << 10).maxRecordLength(16 << 10).build();
            try {
                final WalLog log = WalLog.open(config);
                final Setup s = build(log, shape);
                assertEquals(s.lsn(s.durable()), log.flushedLsn());
                final long lsn = s.lsn(s.keep());
                assertEquals(shape == Shape.LAST_SEGMENT, (lsn & -(64 << 10)) == (log.endLsn() & -(64 << 10)),
                    "the cut lies in the last segment for LAST_SEGMENT only");
                log.files.awaitPrealloc(); // no preallocation running: the steps are the cut's own
                // the durable mark moves with syncs only, to the start of the segment written last: above
                // the cut when flushed records reach later segments (the cut lowers it in wal.meta first);
                // at or below it when the cut lies in the last segment, or in MIXED, whose records past
                // the cut's segment were only handed to the OS (no wal.meta write in the cut)
                assertEquals(shape == Shape.DURABLE_ACROSS_SEGMENTS, WalMeta.read(io, dir).durableMark() > lsn,
                    "durable mark " + WalMeta.read(io, dir).durableMark() + " against the cut " + lsn);
                final AtomicInteger n = new AtomicInteger();
                final int target = step;
                switch (fault) {
                    case POWER_CUT -> io.powerCutAfter(target, p -> true);
                    case FSYNC -> io.failNextForces(1, p -> n.getAndIncrement() == target);
                    default -> io.failNextDirectorySyncs(1, p -> n.getAndIncrement() == target);
                }
                boolean fired;
                try {
                    log.truncateAbove(lsn);
                    fired = false;
                } catch (final StratumException e) {
                    assertEquals(ErrorCode.IO_ERROR, e.code(), e.getMessage());
                    assertTrue(e.getMessage().contains("dir=") || e.getMessage().contains("file="), e.getMessage());
                    fired = true;
                    assertEquals(ErrorCode.FAILED,
                        assertThrows(StratumException.class, () -> append(log, record(7, 10, 0))).code());
                    assertEquals(ErrorCode.FAILED,
                        assertThrows(StratumException.class, () -> log.truncateAbove(START)).code());
                }
                final FaultInjectingFileIo.Counts c = io.counts();
                assertEquals(fired ? 1 : 0, fault == Fault.POWER_CUT ? c.powerCuts()
                    : fault == Fault.FSYNC ? c.forceFailures() : c.dirSyncFailures(), "the fault at step " + step);
                assertEquals(fired ? 1 : 0, c.faults(), "another fault fired");
                log.closeQuietly();
                io.disarm();
                io.crash(new Random(step * 31L + fault.ordinal()), step % 2 == 1);
                final String outcome = reopenAndCheck(config, s, fired);
                outcomes.merge(outcome, 1, Integer::sum);
                if (!fired) {
                    assertEquals("at the cut", outcome, "a cut that returned did not survive the crash");
                    break;
                }
            } finally {
                WalTestSupport.deleteTree(dir);
            }
        }
        final boolean last = shape == Shape.LAST_SEGMENT;
        final boolean mixed = shape == Shape.MIXED;
        // a cut of later segments: wal.meta (create, truncate, write, fsync, rename, directory fsync) when
        // the durable mark lies above the cut, a deletion per later segment, a directory fsync, the zeroing
        // (or truncation) and the fsync
        final int minSteps = switch (fault) {
            case POWER_CUT -> last ? (preallocate ? 4 : 2) : mixed ? 4 : 10;
            case FSYNC -> last || mixed ? 1 : 2;
            default -> last ? (preallocate ? 1 : 0) : mixed ? 1 : 2;
        };
        assertTrue(step >= minSteps, "only " + step + " faulted steps: " + outcomes);
        System.out.println("truncateAbove crash " + shape + " " + fault + " preallocate=" + preallocate + ": "
            + step + " steps, outcomes " + outcomes);
    }

    /** Reopens after the crash, checks the outcome, finishes the cut, appends and reopens cleanly. */
    private static String reopenAndCheck(final WalConfig config, final Setup s, final boolean fired) {
        final List<byte[]> model = new ArrayList<>(s.records());
        final String outcome;
        try (WalLog again = WalLog.open(config)) {
            final List<byte[]> got = readAll(again);
            assertTrue(got.size() <= s.onDisk(), "records appeared that never reached the disk: " + got.size());
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(model.get(i), got.get(i), "record " + i + " differs after the crash");
            }
            assertTrue(got.size() >= Math.min(s.keep(), s.durable()),
                "lost durable records: " + got.size() + " < " + Math.min(s.keep(), s.durable()));
            outcome = got.size() == s.keep() ? "at the cut" : got.size() == s.onDisk() ? "at the old end"
                : got.size() > s.keep() ? "between" : "below the cut (unsynced records lost)";
            if (!fired) {
                return outcome;
            }
            model.subList(got.size(), model.size()).clear();
            if (got.size() > s.keep()) {
                again.truncateAbove(s.lsn(s.keep()));
                model.subList(s.keep(), model.size()).clear();
            }
            for (int i = 0; i < 5; i++) {
                final byte[] r = record(5000 + i, 2500, 1);
                append(again, r);
                model.add(r);
            }
        }
        try (WalLog third = WalLog.open(config)) {
            final List<byte[]> got = readAll(third);
            assertEquals(model.size(), got.size());
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(model.get(i), got.get(i), "record " + i + " differs after the second cut");
            }
        }
        return outcome;
    }
}
