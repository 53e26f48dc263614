package io.stratum.wal;

import static io.stratum.wal.WalTestSupport.append;
import static io.stratum.wal.WalTestSupport.readAll;
import static io.stratum.wal.WalTestSupport.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.io.FaultInjectingFileIo;
import io.stratum.wal.io.FileIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link WalLog#truncateAbove}: cuts in the buffer, in written and in synced records, across segments. */
class WalTruncateAboveTest {
    private static final long START = WalConfig.DEFAULT_START_LSN;
    private static final int SEGMENT = 64 << 10;
    private Path dir;
    private FaultInjectingFileIo io;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("wal-cut");
        io = new FaultInjectingFileIo(FileIo.real());
        io.modelDirectories(true);
    }

    @AfterEach
    void tearDown() {
        WalTestSupport.deleteTree(dir);
    }

    private WalConfig config(final boolean preallocate) {
        return WalConfig.builder(dir).segmentSize(SEGMENT).maxRecordLength(16 << 10).writeBufferSize(32 << 10)
            .preallocate(preallocate).fileIo(io).build();
    }

    /** Appends {@code n} records of varied sizes (seeds from {@code seed}), returns them. */
    private static List<byte[]> appendMany(final WalLog log, final int n, final long seed) {
        final List<byte[]> recs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final byte[] r = record(seed + i, 100 + (int) ((seed + i) * 997 % 7000), i % 3);
            recs.add(r);
            append(log, r);
        }
        return recs;
    }

    private static long lsnAfter(final long begin, final List<byte[]> recs, final int k) {
        long lsn = begin;
        for (int i = 0; i < k; i++) {
            lsn += recs.get(i).length;
        }
        return lsn;
    }

    private static void assertRecords(final List<byte[]> expected, final List<byte[]> got) {
        assertEquals(expected.size(), got.size(), "record count");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), got.get(i), "record " + i + " differs");
        }
    }

    /**
     * Cuts {@code recs} back to {@code keep} records, appends new ones and reads back; then crashes
     * (unsynced writes torn or reordered, directory changes not synced reverted) and reopens: the cut
     * was durable, the new records are there, nothing cut comes back.
     */
    private void cutAppendAndReopen(final WalLog log, final WalConfig config, final List<byte[]> recs,
        final int keep) throws IOException {
        final long lsn = lsnAfter(START, recs, keep);
        log.truncateAbove(lsn);
        assertEquals(lsn, log.endLsn());
        assertTrue(log.flushedLsn() <= lsn && log.writtenLsn() <= lsn);
        final List<byte[]> model = new ArrayList<>(recs.subList(0, keep));
        log.flush();
        assertEquals(lsn, log.flushedLsn());
        assertRecords(model, readAll(log));
        log.closeQuietly();
        io.crash(new Random(keep), true); // the cut is durable once truncateAbove returns
        WalLog again = WalLog.open(config);
        try {
            assertEquals(lsn, again.endLsn(), "the cut did not survive a crash");
            assertRecords(model, readAll(again));
            final byte[] r = record(9999, 300, 1);
            assertEquals(lsn + r.length, again.appendAt(lsn, new UnsafeBuffer(r), 0, r.length));
            model.add(r);
            model.addAll(appendMany(again, 12, 5000));
            again.flush();
            assertRecords(model, readAll(again));
            again.close();
            again = WalLog.open(config);
            assertRecords(model, readAll(again));
            assertEquals(0, again.tailBytes(), "recovery found bytes past the end");
        } finally {
            again.close();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void cutInTheWriteBuffer(final boolean preallocate) throws IOException {
        final WalConfig config = config(preallocate);
        final WalLog log = WalLog.open(config);
        final List<byte[]> recs = appendMany(log, 3, 1);
        log.flush();
        recs.addAll(appendMany(log, 4, 10)); // buffered only
        assertEquals(lsnAfter(START, recs, 3), log.writtenLsn());
        cutAppendAndReopen(log, config, recs, 5);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void cutInWrittenButUnsyncedRecords(final boolean preallocate) throws IOException {
        final WalConfig config = config(preallocate);
        final WalLog log = WalLog.open(config);
        final List<byte[]> recs = appendMany(log, 3, 1);
        log.flush();
        recs.addAll(appendMany(log, 6, 10));
        log.writeOut(log.endLsn());
        assertTrue(log.flushedLsn() < log.writtenLsn());
        assertTrue(io.unsyncedBytes() > 0);
        cutAppendAndReopen(log, config, recs, 5);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void cutInSyncedRecords(final boolean preallocate) throws IOException {
        final WalConfig config = config(preallocate);
        final WalLog log = WalLog.open(config);
        final List<byte[]> recs = appendMany(log, 8, 1);
        log.flush();
        cutAppendAndReopen(log, config, recs, 2);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void cutAcrossSeveralSegmentsDeletesTheLaterOnes(final boolean preallocate) throws IOException {
        final WalConfig config = config(preallocate);
        final WalLog log = WalLog.open(config);
        final List<byte[]> recs = appendMany(log, 120, 1); // about 6 segments
        log.flush();
        recs.addAll(appendMany(log, 3, 500)); // and some in the buffer
        assertTrue(log.segmentCount() >= 5, "segments: " + log.segmentCount());
        final long lsn = lsnAfter(START, recs, 15);
        assertEquals(START, lsn & -SEGMENT, "the cut lies in the first segment");
        cutAppendAndReopenChecked(log, config, recs, 15);
    }

    private void cutAppendAndReopenChecked(final WalLog log, final WalConfig config, final List<byte[]> recs,
        final int keep) throws IOException {
        final long lsn = lsnAfter(START, recs, keep);
        log.truncateAbove(lsn);
        assertEquals(1, log.segmentCount());
        assertEquals(List.of(Segment.name(lsn & -SEGMENT)), segmentFiles(), "later segment files were not deleted");
        cutAppendAndReopen(log, config, recs, keep);
    }

    /** Records of exactly 8 KiB, so that a record boundary falls on a segment boundary. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void cutAtASegmentBoundary(final boolean preallocate) throws IOException {
        final WalConfig config = config(preallocate);
        final WalLog log = WalLog.open(config);
        final List<byte[]> recs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            final byte[] r = record(i, 8192 - WalRecord.HEADER_LENGTH, 0);
            assertEquals(8192, r.length);
            recs.add(r);
            append(log, r);
        }
        log.flush();
        final long lsn = lsnAfter(START, recs, 8);
        assertEquals(START + SEGMENT, lsn);
        log.truncateAbove(lsn);
        assertEquals(lsn, log.endLsn());
        assertEquals(2, log.segmentCount(), "the segment starting at the cut stays, empty");
        cutAppendAndReopen(log, config, recs, 8);
    }

    @Test
    void refusesLsnsInsideARecordBelowTheBeginAndAboveTheEnd() {
        final WalConfig config = config(false);
        try (WalLog log = WalLog.open(config)) {
            final List<byte[]> recs = appendMany(log, 40, 1);
            log.flush();
            recs.addAll(appendMany(log, 3, 100));
            final long end = log.endLsn();
            final long begin = lsnAfter(START, recs, 20);
            log.truncateBelow(begin);
            assertTrue(log.beginLsn() > START);
            final long inDurable = lsnAfter(START, recs, 25) + 7;
            final long inBuffer = lsnAfter(START, recs, 41) + 30;
            for (final long inside : new long[] {inDurable, inBuffer, lsnAfter(START, recs, 30) + 1}) {
                final StratumException e = assertThrows(StratumException.class, () -> log.truncateAbove(inside));
                assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
                assertTrue(e.getMessage().contains("inside a WAL record") && e.getMessage().contains(Lsn.format(inside)),
                    e.getMessage());
            }
            final StratumException below = assertThrows(StratumException.class, () -> log.truncateAbove(begin - 1));
            assertEquals(ErrorCode.OUT_OF_RANGE, below.code());
            assertTrue(below.getMessage().contains("begin=" + Lsn.format(begin)), below.getMessage());
            final StratumException above = assertThrows(StratumException.class, () -> log.truncateAbove(end + 1));
            assertEquals(ErrorCode.OUT_OF_RANGE, above.code());
            assertTrue(above.getMessage().contains("end=" + Lsn.format(end)), above.getMessage());
            log.truncateAbove(end); // the end: nothing to cut
            assertEquals(end, log.endLsn());
            log.flush();
            assertRecords(recs.subList(20, recs.size()), readAll(log));
            log.truncateAbove(begin); // down to the begin: empty
            assertEquals(begin, log.endLsn());
            assertEquals(0, readAll(log).size());
        }
        try (WalLog log = WalLog.open(config)) {
            assertEquals(log.beginLsn(), log.endLsn());
        }
    }

    /**
     * A reader below the cut had read ahead into the records that are cut: it must return the new records
     * appended at the cut, not the stale bytes it buffered. A reader past the cut is refused.
     */
    @Test
    void readersBelowTheCutSeeTheNewRecordsAndReadersAboveItAreRefused() {
        try (WalLog log = WalLog.open(config(true))) {
            final List<byte[]> recs = appendMany(log, 30, 1);
            log.flush();
            final WalReader below = log.reader(START);
            assertTrue(below.next()); // buffers everything flushed
            final long above = lsnAfter(START, recs, 12);
            final WalReader past = log.reader(above);
            assertTrue(past.next());
            final WalReader atCut = log.readerOfWritten(lsnAfter(START, recs, 10));
            log.truncateAbove(lsnAfter(START, recs, 10));
            final List<byte[]> fresh = appendMany(log, 25, 700);
            log.flush();
            final List<byte[]> expected = new ArrayList<>(recs.subList(1, 10));
            expected.addAll(fresh);
            assertRecords(expected, drain(below));
            assertRecords(fresh, drain(atCut));
            final StratumException e = assertThrows(StratumException.class, past::next);
            assertEquals(ErrorCode.OUT_OF_RANGE, e.code());
            assertTrue(e.getMessage().contains(Lsn.format(lsnAfter(START, recs, 10))), e.getMessage());
            assertEquals(ErrorCode.OUT_OF_RANGE, assertThrows(StratumException.class, past::next).code());
        }
    }

    @Test
    void aCutThenAFlushOfTheOldEndReturnsTheNewEnd() {
        try (WalLog log = WalLog.open(config(false))) {
            final List<byte[]> recs = appendMany(log, 10, 1);
            final long oldEnd = log.endLsn();
            final long lsn = lsnAfter(START, recs, 4);
            log.truncateAbove(lsn);
            assertEquals(lsn, log.flush(oldEnd));
            assertFalse(log.reader(lsn).next());
        }
    }

    @Test
    void anIoErrorDuringTheCutFailsTheLog() throws IOException {
        final WalConfig config = config(true);
        final WalLog log = WalLog.open(config);
        final List<byte[]> recs = appendMany(log, 10, 1);
        log.flush();
        io.failNextForces(1, p -> p.getFileName().toString().endsWith(".seg"));
        final long lsn = lsnAfter(START, recs, 4);
        final StratumException e = assertThrows(StratumException.class, () -> log.truncateAbove(lsn));
        assertEquals(ErrorCode.IO_ERROR, e.code());
        assertTrue(e.getMessage().contains("segment=" + Segment.name(START)), e.getMessage());
        assertEquals(1, io.counts().forceFailures());
        assertEquals(ErrorCode.FAILED, assertThrows(StratumException.class, () -> append(log, record(1, 10, 0))).code());
        assertEquals(ErrorCode.FAILED, assertThrows(StratumException.class, () -> log.truncateAbove(START)).code());
        log.close();
        io.crash(new Random(3), true);
        try (WalLog again = WalLog.open(config)) {
            final List<byte[]> got = readAll(again);
            assertTrue(got.size() >= 4 && got.size() <= 10, "records: " + got.size());
            assertRecords(recs.subList(0, got.size()), got);
        }
    }

    /**
     * Appenders that flush after every record, a reader following the written records and a thread that
     * cuts the log back to its flushed LSN, all at once: every flush returns (one waiting for records a
     * cut took returns the lower flushed LSN instead of syncing until the log grows past it again), the
     * reader is refused only when a cut went below it, and the log ends consistent and reopens.
     */
    @Test
    void cutsRaceWithAppendsFlushesAndAReader() throws Exception {
        final WalConfig config = config(true);
        final int writers = 4;
        final int each = 150;
        final List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.atomic.AtomicInteger cuts = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        try (WalLog log = WalLog.open(config)) {
            final List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                final int id = w;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        final long end = append(log, record(id * 10_000L + i, 50 + i * 31 % 2000, i % 2));
                        final long flushed = log.flush(end);
                        if (flushed < end && cuts.get() == 0) {
                            throw new AssertionError("a flush returned short without a cut");
                        }
                    }
                }));
            }
            threads.add(new Thread(() -> {
                for (int i = 0; i < 40; i++) {
                    final long lsn = log.flushedLsn(); // a record start: only this thread cuts
                    cuts.incrementAndGet();
                    log.truncateAbove(lsn);
                    assertTrue(log.endLsn() >= lsn);
                }
            }));
            final Thread reader = new Thread(() -> {
                WalReader r = log.readerOfWritten(log.beginLsn());
                long at = log.beginLsn();
                while (true) {
                    final boolean finished = done.get();
                    try {
                        if (r.next()) {
                            assertEquals(at, r.lsn());
                            at = r.endLsn();
                            continue;
                        }
                    } catch (final StratumException e) {
                        assertEquals(ErrorCode.OUT_OF_RANGE, e.code(), e.getMessage());
                        refused.incrementAndGet();
                        r = log.readerOfWritten(log.beginLsn());
                        at = log.beginLsn();
                        continue;
                    }
                    if (finished) {
                        return;
                    }
                }
            });
            for (final Thread t : threads) {
                t.setUncaughtExceptionHandler((x, e) -> errors.add(e));
                t.start();
            }
            reader.setUncaughtExceptionHandler((x, e) -> errors.add(e));
            reader.start();
            for (final Thread t : threads) {
                t.join(60_000);
                assertFalse(t.isAlive(), "a thread hangs: " + t);
            }
            done.set(true);
            reader.join(60_000);
            assertFalse(reader.isAlive(), "the reader hangs");
            assertEquals(List.of(), errors);
            assertEquals(40, cuts.get());
            log.flush();
            assertEquals(log.endLsn(), log.flushedLsn());
            final List<byte[]> all = readAll(log);
            log.close();
            try (WalLog again = WalLog.open(config)) {
                assertRecords(all, readAll(again));
            }
        }
    }

    private static List<byte[]> drain(final WalReader r) {
        final List<byte[]> out = new ArrayList<>();
        while (r.next()) {
            final byte[] b = new byte[r.record().length()];
            r.record().buffer().getBytes(r.record().offset(), b);
            out.add(b);
        }
        return out;
    }

    private List<String> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(Segment.SUFFIX)).sorted().toList();
        }
    }
}
