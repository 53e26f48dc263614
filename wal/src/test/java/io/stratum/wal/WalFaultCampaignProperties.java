package io.stratum.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.stratum.wal.io.FaultInjectingFileIo;
import io.stratum.wal.io.FaultTally;
import io.stratum.wal.io.FaultTries;
import io.stratum.wal.io.FileIo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Storage-fault campaign of the local WAL ({@link WalLog}) through the file facade: after random appends,
 * flushes, truncations and clean reopens, one fault is armed at a write point (a power cut at the n-th
 * mutating call on a segment, on a segment being created, on {@code wal.meta}, or on the directory; a
 * failed fsync of a segment or of {@code wal.meta}; a failed directory fsync; a full disk) and the log is
 * driven until it fires. Then:
 * <ul>
 * <li>an fsync failure or a full disk leaves the log refusing appends, write-outs and truncations with
 *     FAILED, the error that fired names the file or directory, and no fsync is retried;</li>
 * <li>a reopen while the disk is still full either works or fails with an error naming the directory;</li>
 * <li>after the crash (unsynced writes kept, dropped or torn, in order or reordered; directory changes not
 *     fsynced reverted) and with the space freed, the log opens and holds every record a flush had
 *     acknowledged, byte for byte, followed by nothing that was never appended; it takes writes again.</li>
 * </ul>
 * CI runs 120 tries (seed 18); {@code -Dstratum.fault.tries=N} runs a long campaign.
 */
@AddLifecycleHook(FaultTries.class)
class WalFaultCampaignProperties {
    static final FaultTally TALLY = new FaultTally();

    enum Point { CUT_SEGMENT, CUT_SEGMENT_CREATE, CUT_META, CUT_DIRECTORY, FSYNC_SEGMENT, FSYNC_META, FSYNC_DIRECTORY,
        DISK_FULL, PROCESS_CRASH }

    @Property(tries = 120, seed = "18")
    void everyAcknowledgedRecordSurvivesAFault(@ForAll final long seed, @ForAll @IntRange(min = 0, max = 8) final int point,
        @ForAll final boolean preallocate, @ForAll final boolean reorder) throws Exception {
        final Point target = Point.values()[point];
        final Random r = new Random(seed);
        final Path dir = Files.createTempDirectory("wal-fault");
        final FaultInjectingFileIo io = new FaultInjectingFileIo(FileIo.real());
        io.modelDirectories(true);
        final WalConfig config = WalConfig.builder(dir).segmentSize(64 << 10).fileIo(io).preallocate(preallocate)
            .writeBufferSize(32 << 10).maxRecordLength(16 << 10).build();
        final Model m = new Model();
        WalLog log = WalLog.open(config);
        try {
            m.begin = log.beginLsn();
            final int warm = r.nextInt(40);
            for (int i = 0; i < warm; i++) {
                log = step(log, config, m, r);
            }
            if (target == Point.PROCESS_CRASH) {
                log = processCrash(log, config, m, r, io);
            }
            arm(io, target, r, dir);
            StratumException thrown = null;
            for (int i = 0; i < 400 && io.counts().faults() == 0 && target != Point.PROCESS_CRASH; i++) {
                try {
                    log = step(log, config, m, r);
                } catch (final StratumException e) {
                    thrown = e;
                }
            }
            if (target == Point.DISK_FULL) {
                assertTrue(io.counts().noSpace() >= 1, "the disk never filled up"); // the disk stays full
            } else {
                assertEquals(target == Point.PROCESS_CRASH ? 0 : 1, io.counts().faults(),
                    "the armed fault did not fire (or another did): " + target);
            }
            if (thrown == null && io.counts().powerCuts() == 0 && target != Point.PROCESS_CRASH) {
                // fired in the preallocation thread, which only logs: the next write creates the segment anew
                for (int i = 0; i < 20 && thrown == null; i++) {
                    try {
                        log = step(log, config, m, r);
                    } catch (final StratumException e) {
                        thrown = e;
                    }
                }
            }
            Statistics.label("point").collect(target);
            TALLY.add("cases " + target, 1);
            if (thrown != null && target.ordinal() >= Point.FSYNC_SEGMENT.ordinal() && !m.noLog) {
                assertRefusesWrites(log, thrown);
                assertEquals(0, io.counts().retriedForces(), "an fsync was retried after it failed");
            }
            log.closeQuietly();
            if (target == Point.DISK_FULL) {
                TALLY.add("reopen while full " + reopenWhileFull(config, m), 1);
            }
            io.disarm();
            io.crash(r, reorder);
            log = WalLog.open(config);
            recovered(log, m, "after " + target + (thrown == null ? "" : " (" + thrown.getMessage() + ")"));
            for (int i = 0; i < 3; i++) {
                final byte[] rec = WalTestSupport.record(r.nextLong(), r.nextInt(3000), 1);
                WalTestSupport.append(log, rec);
                m.records.add(rec);
            }
            log.flush();
            m.flushed = m.records.size();
            log.close();
            log = WalLog.open(config);
            recovered(log, m, "clean reopen after recovery");
            assertEquals(m.records.size(), WalTestSupport.readAll(log).size());
            TALLY.add(io.counts());
            TALLY.add("records acknowledged", m.flushed);
        } finally {
            log.closeQuietly();
            WalTestSupport.deleteTree(dir);
        }
    }

    /** The model: records from the begin LSN on, how many a flush acknowledged, and a pending truncation. */
    static final class Model {
        final List<byte[]> records = new ArrayList<>();
        long begin;
        int flushed;
        long truncating = -1;
        /** A clean reopen closed the log and the open failed: there is no log to refuse writes. */
        boolean noLog;
    }

    private static WalLog step(final WalLog log, final WalConfig config, final Model m, final Random r) {
        final int op = r.nextInt(100);
        if (op < 62) {
            final byte[] rec = WalTestSupport.record(r.nextLong(), r.nextInt(r.nextInt(8) == 0 ? 12000 : 2500),
                r.nextInt(3));
            WalTestSupport.append(log, rec);
            m.records.add(rec);
        } else if (op < 82) {
            log.flush();
            m.flushed = m.records.size();
        } else if (op < 90) {
            log.writeOut(log.endLsn());
        } else if (op < 96) {
            final int k = m.flushed == 0 ? 0 : r.nextInt(m.flushed + 1);
            long lsn = m.begin;
            for (int i = 0; i < k; i++) {
                lsn += m.records.get(i).length;
            }
            m.truncating = lsn;
            log.truncateBelow(lsn);
            m.truncating = -1;
            m.records.subList(0, k).clear();
            m.flushed -= k;
            m.begin = lsn;
        } else {
            m.noLog = true;
            log.close();
            m.flushed = m.records.size();
            final WalLog again = WalLog.open(config);
            m.noLog = false;
            return again;
        }
        return log;
    }

    /**
     * The process dies (no power loss) with written but unsynced records in the page cache; the restarted
     * log finds them and calls them flushed. They must then really be durable: a power loss after the
     * restart may not take them away.
     */
    private static WalLog processCrash(final WalLog log, final WalConfig config, final Model m, final Random r,
        final FaultInjectingFileIo io) {
        for (int i = 0; i < 1 + r.nextInt(6); i++) {
            final byte[] rec = WalTestSupport.record(r.nextLong(), r.nextInt(2500), 1);
            WalTestSupport.append(log, rec);
            m.records.add(rec);
        }
        log.writeOut(log.endLsn());
        assertTrue(io.unsyncedBytes() > 0, "nothing unsynced at the process crash");
        log.closeQuietly();
        final WalLog again = WalLog.open(config);
        assertEquals(again.endLsn(), again.flushedLsn());
        recovered(again, m, "process crash");
        TALLY.add("process crash records found unsynced", m.records.size());
        return again;
    }

    private static void arm(final FaultInjectingFileIo io, final Point target, final Random r, final Path dir) {
        final Path d = dir.toAbsolutePath().normalize();
        final Predicate<Path> seg = p -> p.getFileName().toString().endsWith(".seg");
        final Predicate<Path> segTmp = p -> p.getFileName().toString().endsWith(".seg.tmp") || p.equals(d);
        final Predicate<Path> meta = p -> p.getFileName().toString().startsWith(WalMeta.FILE);
        switch (target) {
            case CUT_SEGMENT -> io.powerCutAfter(r.nextInt(12), seg);
            case CUT_SEGMENT_CREATE -> io.powerCutAfter(r.nextInt(6), segTmp);
            case CUT_META -> io.powerCutAfter(r.nextInt(8), meta);
            case CUT_DIRECTORY -> io.powerCutAfter(r.nextInt(3), p -> p.equals(d));
            case FSYNC_SEGMENT -> io.failNextForces(1, seg.or(p -> p.getFileName().toString().endsWith(".seg.tmp")));
            case FSYNC_META -> io.failNextForces(1, meta);
            case FSYNC_DIRECTORY -> io.failNextDirectorySyncs(1, p -> p.equals(d));
            case DISK_FULL -> io.setSpaceLeft(r.nextInt(48 << 10));
            default -> { }
        }
    }

    /** The error that fired names what failed, and the log refuses every write from then on. */
    private static void assertRefusesWrites(final WalLog log, final StratumException thrown) {
        assertTrue(thrown.code() == ErrorCode.IO_ERROR || thrown.code() == ErrorCode.FAILED, thrown.toString());
        final String msg = thrown.getMessage();
        assertTrue(msg.contains("segment=") || msg.contains("file=") || msg.contains("dir="), msg);
        final byte[] rec = WalTestSupport.record(1, 10, 0);
        for (final Runnable write : List.<Runnable>of(() -> WalTestSupport.append(log, rec),
            () -> log.appendAt(log.endLsn(), new org.agrona.concurrent.UnsafeBuffer(rec), 0, rec.length),
            () -> log.truncateBelow(log.beginLsn()))) {
            final StratumException e = assertThrows(StratumException.class, write::run);
            assertEquals(ErrorCode.FAILED, e.code(), e.toString());
            assertTrue(e.getMessage().contains("refuses use after an earlier I/O error"), e.getMessage());
        }
    }

    /** Opening while the disk is still full: recovery needs no space, or fails naming the directory. */
    private static String reopenWhileFull(final WalConfig config, final Model m) {
        try {
            final WalLog log = WalLog.open(config);
            try {
                final List<byte[]> got = WalTestSupport.readAll(log);
                assertTrue(got.size() >= Math.min(m.flushed, m.records.size()) || m.truncating >= 0);
                return "opened";
            } finally {
                log.closeQuietly();
            }
        } catch (final StratumException e) {
            assertTrue(e.getMessage().contains("dir=") || e.getMessage().contains("file=")
                || e.getMessage().contains("segment="), e.getMessage());
            return "refused";
        }
    }

    /** The reopened log holds every acknowledged record, then a prefix of the rest, then nothing. */
    private static void recovered(final WalLog log, final Model m, final String when) {
        if (log.beginLsn() != m.begin) {
            assertEquals(m.truncating, log.beginLsn(), when + ": the log begins at an LSN no truncation asked for");
            long lsn = m.begin;
            int k = 0;
            while (lsn < log.beginLsn()) {
                lsn += m.records.get(k++).length;
            }
            m.records.subList(0, k).clear();
            m.flushed = Math.max(0, m.flushed - k);
            m.begin = lsn;
        }
        m.truncating = -1;
        final List<byte[]> got = WalTestSupport.readAll(log);
        if (got.size() < m.flushed) {
            fail(when + ": lost acknowledged records: " + got.size() + " < " + m.flushed);
        }
        assertTrue(got.size() <= m.records.size(), when + ": records appeared that were never appended");
        for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(m.records.get(i), got.get(i), when + ": record " + i + " differs");
        }
        m.records.subList(got.size(), m.records.size()).clear();
        m.flushed = got.size();
    }

    @AfterContainer
    static void report() {
        System.out.println("WAL storage-fault campaign: " + TALLY);
        if (TALLY.cases() < 60) {
            return; // too few tries (-Dstratum.fault.tries) to expect every kind
        }
        for (final Point p : Point.values()) {
            assertTrue(TALLY.get("cases " + p) > 0, "no case at " + p);
        }
    }
}
