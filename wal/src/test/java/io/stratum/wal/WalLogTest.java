package io.stratum.wal;

import static io.stratum.wal.WalTestSupport.append;
import static io.stratum.wal.WalTestSupport.readAll;
import static io.stratum.wal.WalTestSupport.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.io.FaultInjectingFileIo;
import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.ForwardingFileIo;
import io.stratum.wal.io.IoFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WalLogTest {
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("wal-test");
    }

    @AfterEach
    void tearDown() {
        WalTestSupport.deleteTree(dir);
    }

    private WalConfig.Builder small() {
        return WalConfig.builder(dir).segmentSize(64 << 10).maxRecordLength(16 << 10).writeBufferSize(32 << 10);
    }

    /** Writes n records of varied sizes, closes cleanly, returns them. */
    private List<byte[]> writeClosed(final int n) {
        final List<byte[]> recs = new ArrayList<>();
        try (WalLog log = WalLog.open(small().build())) {
            for (int i = 0; i < n; i++) {
                final byte[] r = record(i, 100 + (i * 997) % 9000, i % 3);
                recs.add(r);
                append(log, r);
            }
        }
        return recs;
    }

    @Test
    void recordsSpanSegmentsAndSurviveReopen() {
        final List<byte[]> recs = writeClosed(200);
        try (WalLog log = WalLog.open(small().build())) {
            final List<byte[]> got = readAll(log);
            assertEquals(recs.size(), got.size());
            for (int i = 0; i < recs.size(); i++) {
                assertArrayEquals(recs.get(i), got.get(i));
            }
            assertTrue(log.segmentCount() > 10, "expected many 64 KiB segments, got " + log.segmentCount());
        }
    }

    @Test
    void bitFlipInAFlushedRecordIsDetectedOnOpen() throws IOException {
        writeClosed(50);
        // flip one bit in the middle of the first segment: a bad record followed by good ones
        flipByte(dir.resolve("0000000001000000.seg"), Segment.HEADER + 20_000);
        final StratumException e = assertThrows(StratumException.class, () -> WalLog.open(small().build()));
        assertEquals(ErrorCode.CORRUPT, e.code());
        assertTrue(e.getMessage().contains("0000000001000000.seg"), e.getMessage());
    }

    @Test
    void bitFlipInTheDurablePartIsDetectedAfterACrashToo() throws IOException {
        final WalLog log = WalLog.open(small().build());
        for (int i = 0; i < 60; i++) {
            append(log, record(i, 100 + (i * 997) % 9000, i % 3));
        }
        log.flush();
        log.closeQuietly(); // a crash: no clean end recorded
        flipByte(dir.resolve("0000000001000000.seg"), Segment.HEADER + 20_000);
        final StratumException e = assertThrows(StratumException.class, () -> WalLog.open(small().build()));
        assertEquals(ErrorCode.CORRUPT, e.code());
        assertTrue(e.getMessage().contains("durable part") && e.getMessage().contains("0000000001000000.seg"),
            e.getMessage());
    }

    @Test
    void aFailureAfterBufferedRecordsLeftMemoryFailsTheLog() {
        final FaultInjectingFileIo io = new FaultInjectingFileIo(FileIo.real());
        final WalConfig config = small().fileIo(io).preallocate(false).build();
        final WalLog log = WalLog.open(config);
        append(log, record(1, 100, 0));
        log.flush();
        final long durable = log.flushedLsn();
        io.failOpens(p -> p.getFileName().toString().startsWith("0000000001010000")); // the second segment
        final StratumException first = assertThrows(StratumException.class, () -> {
            for (int i = 0; i < 10; i++) {
                append(log, record(i + 2, 9000, 0)); // a full buffer is written out here, or at the flush
            }
            log.flush();
        });
        assertEquals(ErrorCode.IO_ERROR, first.code());
        assertEquals(durable, log.flushedLsn(), "nothing past the failure may count as durable");
        assertEquals(ErrorCode.FAILED, assertThrows(StratumException.class, log::flush).code());
        log.close();
        io.failOpens(p -> false);
        try (WalLog again = WalLog.open(config)) {
            assertTrue(readAll(again).size() >= 1);
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        try (WalLog log = WalLog.open(small().build())) {
            final StratumException e = assertThrows(StratumException.class, () -> WalLog.open(small().build()));
            assertEquals(ErrorCode.CONFLICT, e.code());
            append(log, record(1, 10, 0));
            assertEquals(log.endLsn(), log.flush(log.endLsn() + 1_000_000), "flush past the end flushes what there is");
        }
    }

    @Test
    void bitFlipInTheLastRecordOfACleanlyClosedLogIsDetected() throws IOException {
        final List<byte[]> recs = writeClosed(3);
        final long lastStart = WalConfig.DEFAULT_START_LSN + recs.get(0).length + recs.get(1).length;
        flipByte(dir.resolve("0000000001000000.seg"), Segment.HEADER + (lastStart - WalConfig.DEFAULT_START_LSN) + 30);
        final StratumException e = assertThrows(StratumException.class, () -> WalLog.open(small().build()));
        assertEquals(ErrorCode.CORRUPT, e.code());
        assertTrue(e.getMessage().contains("closed cleanly"), e.getMessage());
    }

    @Test
    void readOnlyOpenReportsCorruptionAndChangesNothing() throws IOException {
        writeClosed(20);
        final Path seg = dir.resolve("0000000001000000.seg");
        flipByte(seg, Segment.HEADER + 5_000);
        final byte[] before = Files.readAllBytes(seg);
        assertThrows(StratumException.class, () -> WalLog.openReadOnly(dir, FileIo.real(), 16 << 10));
        assertArrayEquals(before, Files.readAllBytes(seg));
    }

    @Test
    void readerRefusesAnLsnInsideARecord() {
        writeClosed(5);
        try (WalLog log = WalLog.open(small().build())) {
            final StratumException e = assertThrows(StratumException.class,
                () -> log.reader(WalConfig.DEFAULT_START_LSN + 7).next());
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertEquals(ErrorCode.OUT_OF_RANGE,
                assertThrows(StratumException.class, () -> log.reader(WalConfig.DEFAULT_START_LSN - 1)).code());
        }
    }

    @Test
    void appendAtTheWrongLsnIsAConflict() {
        try (WalLog log = WalLog.open(small().build())) {
            final byte[] r = record(1, 10, 0);
            final long end = log.appendAt(log.endLsn(), new UnsafeBuffer(r), 0, r.length);
            final StratumException e = assertThrows(StratumException.class,
                () -> log.appendAt(end - 1, new UnsafeBuffer(r), 0, r.length));
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertEquals(end, log.endLsn());
        }
    }

    @Test
    void garbageAndOversizedRecordsAreRefusedWithoutChangingTheLog() {
        try (WalLog log = WalLog.open(small().build())) {
            final byte[] good = record(1, 10, 0);
            final byte[] bad = good.clone();
            bad[25] ^= 1;
            assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(StratumException.class, () -> append(log, bad)).code());
            final byte[] big = record(2, 20 << 10, 0);
            assertEquals(ErrorCode.LIMIT_EXCEEDED,
                assertThrows(StratumException.class, () -> append(log, big)).code());
            assertEquals(WalConfig.DEFAULT_START_LSN, log.endLsn());
        }
    }

    /**
     * Regression (found by {@code WalFaultCampaignProperties}, PROCESS_CRASH): the process died with
     * written but unsynced records in the page cache; the restarted log reported them flushed without an
     * fsync, so a power loss after the restart took back records it had called durable.
     */
    @Test
    void aRestartMakesTheRecoveredTailDurableBeforeCallingItFlushed() throws IOException {
        final FaultInjectingFileIo io = new FaultInjectingFileIo(FileIo.real());
        final WalConfig config = small().fileIo(io).preallocate(false).build();
        final WalLog log = WalLog.open(config);
        append(log, record(1, 100, 0));
        log.flush();
        append(log, record(2, 3000, 1));
        append(log, record(3, 5000, 2));
        log.writeOut(log.endLsn());
        assertTrue(io.unsyncedBytes() > 0);
        log.closeQuietly(); // the process dies; the machine does not
        try (WalLog again = WalLog.open(config)) {
            assertEquals(again.endLsn(), again.flushedLsn());
            assertEquals(3, readAll(again).size());
            assertEquals(0, io.unsyncedBytes(), "records reported flushed are not durable");
            again.closeQuietly();
            io.crash(new java.util.Random(1)); // then the power goes
        }
        try (WalLog third = WalLog.open(config)) {
            assertEquals(3, readAll(third).size());
        }
    }

    /**
     * Regression (found by {@code WalTruncateAboveCrashTest}): a record that starts below the durable mark
     * and ends above it, in a segment not yet synced, loses its tail in a crash while later records in that
     * segment reach the disk (writeback in any order). Its bad CRC is a torn write, not damage to durable
     * data: the open cuts it and what follows instead of failing with CORRUPT.
     */
    @Test
    void aTornRecordThatStraddlesTheDurableMarkIsATornTail() throws IOException {
        final WalConfig config = small().preallocate(false).build();
        final WalLog log = WalLog.open(config);
        final List<byte[]> recs = new ArrayList<>();
        long straddler = -1;
        for (int i = 0; log.endLsn() < WalConfig.DEFAULT_START_LSN + (64 << 10) + 20_000; i++) {
            final byte[] r = record(i, 3000, 1);
            final long start = log.endLsn();
            if (start < WalConfig.DEFAULT_START_LSN + (64 << 10) && start + r.length > WalConfig.DEFAULT_START_LSN
                + (64 << 10) + 16) {
                straddler = start;
            }
            recs.add(r);
            append(log, r);
        }
        assertTrue(straddler > 0, "no record straddles the segment boundary");
        log.writeOut(log.endLsn()); // the first segment is synced when the second is entered; the second is not
        log.closeQuietly();
        // the crash lost the straddling record's tail (the first bytes of the second segment), kept the rest
        try (IoFile f = FileIo.real().open(dir.resolve("0000000001010000.seg"), false)) {
            f.write(ByteBuffer.allocate(16), Segment.HEADER);
        }
        try (WalLog again = WalLog.open(config)) {
            assertEquals(straddler, again.endLsn());
            assertTrue(again.tailBytes() > 0);
            final List<byte[]> got = readAll(again);
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(recs.get(i), got.get(i));
            }
        }
    }

    @Test
    void fullDiskFailsTheLogUntilReopened() {
        final FaultInjectingFileIo io = new FaultInjectingFileIo(FileIo.real());
        final WalConfig config = small().fileIo(io).preallocate(false).build();
        final WalLog log = WalLog.open(config);
        append(log, record(1, 100, 0));
        log.flush();
        io.setSpaceLeft(10);
        append(log, record(2, 100, 0));
        assertEquals(ErrorCode.IO_ERROR, assertThrows(StratumException.class, log::flush).code());
        assertEquals(ErrorCode.FAILED, assertThrows(StratumException.class, () -> append(log, record(3, 1, 0))).code());
        log.close();
        io.setSpaceLeft(Long.MAX_VALUE);
        try (WalLog again = WalLog.open(config)) {
            assertEquals(1, readAll(again).size());
            append(again, record(4, 100, 0));
            again.flush();
            assertEquals(2, readAll(again).size());
        }
    }

    @Test
    void truncateBelowDropsWholeSegmentsOnly() {
        final List<byte[]> recs = writeClosed(100);
        try (WalLog log = WalLog.open(small().build())) {
            long lsn = log.beginLsn();
            for (int i = 0; i < 60; i++) {
                lsn += recs.get(i).length;
            }
            final int before = log.segmentCount();
            log.truncateBelow(lsn);
            assertTrue(log.segmentCount() < before);
            assertEquals(lsn, log.beginLsn());
            assertEquals(40, readAll(log).size());
            assertEquals(ErrorCode.OUT_OF_RANGE,
                assertThrows(StratumException.class, () -> log.truncateBelow(log.endLsn() + 100)).code());
        }
        try (WalLog log = WalLog.open(small().build())) {
            assertEquals(40, readAll(log).size());
        }
    }

    @Test
    void concurrentWritersShareFsyncs() throws Exception {
        final AtomicInteger forces = new AtomicInteger();
        final FileIo counting = new CountingIo(FileIo.real(), forces);
        final int writers = 16;
        final int each = 50;
        try (WalLog log = WalLog.open(WalConfig.builder(dir).fileIo(counting).build())) {
            final CountDownLatch go = new CountDownLatch(1);
            final List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                final int id = w;
                final Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (final InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        final long end = append(log, record(id * 1000L + i, 100, 0));
                        assertTrue(log.flush(end) >= end);
                    }
                });
                t.start();
                threads.add(t);
            }
            final int base = forces.get();
            go.countDown();
            for (final Thread t : threads) {
                t.join();
            }
            final int used = forces.get() - base;
            assertTrue(used < writers * each, "group commit shared no fsync: " + used + " for " + writers * each);
            assertEquals(writers * each, readAll(log).size());
        }
    }

    @Test
    void readerFollowsTheLogAsItGrows() {
        try (WalLog log = WalLog.open(small().build())) {
            final WalReader r = log.reader(log.beginLsn());
            assertFalse(r.next());
            append(log, record(1, 10, 0));
            assertFalse(r.next(), "unflushed records are not visible");
            log.flush();
            assertTrue(r.next());
            assertEquals(WalConfig.DEFAULT_START_LSN, r.lsn());
            assertFalse(r.next());
        }
    }

    @Test
    void writtenRecordsAreReadableWithoutASyncAndTheNextFlushSyncsThem() {
        final AtomicInteger forces = new AtomicInteger();
        try (WalLog log = WalLog.open(WalConfig.builder(dir).fileIo(new CountingIo(FileIo.real(), forces)).build())) {
            final List<byte[]> recs = new ArrayList<>();
            long end = 0;
            for (int i = 0; i < 20; i++) {
                recs.add(record(i, 200, 1));
                end = append(log, recs.get(i));
            }
            final WalReader written = log.readerOfWritten(log.beginLsn());
            assertFalse(written.next(), "nothing handed to the OS yet");
            final int before = forces.get();
            assertEquals(end, log.writeOut(end));
            assertEquals(before, forces.get(), "writeOut does not sync");
            assertTrue(log.flushedLsn() < end);
            assertEquals(log.flushedLsn(), log.beginLsn());
            assertFalse(log.reader(log.beginLsn()).next(), "a durable reader still sees only synced records");
            for (final byte[] r : recs) {
                assertTrue(written.next());
                final byte[] got = new byte[written.record().length()];
                written.record().buffer().getBytes(written.record().offset(), got);
                assertArrayEquals(r, got);
            }
            assertFalse(written.next());
            assertEquals(end, log.flush(end));
            assertTrue(forces.get() > before, "the flush syncs what writeOut wrote");
            assertEquals(end, log.writtenLsn());
            assertEquals(20, readAll(log).size());
            assertThrows(StratumException.class, () -> log.readerOfWritten(log.writtenLsn() + 8));
        }
    }

    @Test
    void configNamesTheBadField() {
        final StratumException e = assertThrows(StratumException.class,
            () -> WalConfig.builder(dir).segmentSize(1000).build());
        assertTrue(e.getMessage().contains("segmentSize"), e.getMessage());
    }

    private static void flipByte(final Path file, final long offset) throws IOException {
        try (IoFile f = FileIo.real().open(file, false)) {
            final ByteBuffer b = ByteBuffer.allocate(1);
            f.read(b, offset);
            b.flip();
            b.put(0, (byte) (b.get(0) ^ 0x10));
            f.write(b, offset);
        }
    }

    /** Counts fsyncs of segment files. */
    private static final class CountingIo extends ForwardingFileIo {
        private final AtomicInteger forces;

        CountingIo(final FileIo delegate, final AtomicInteger forces) {
            super(delegate);
            this.forces = forces;
        }

        @Override
        public IoFile open(final Path path, final boolean create) throws IOException {
            return new ForwardingIoFile(delegate.open(path, create)) {
                @Override
                public void force() throws IOException {
                    if (path.toString().endsWith(".seg")) {
                        forces.incrementAndGet();
                    }
                    super.force();
                }
            };
        }
    }
}
