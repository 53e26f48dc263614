package io.stratum.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.io.FaultInjectingFileIo;
import io.stratum.wal.io.FaultTally;
import io.stratum.wal.io.FaultTries;
import io.stratum.wal.io.FileIo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Storage-fault campaign of the Raft state machine's WAL copy, as {@code raft}'s WalStateMachine uses a
 * {@link WalLog}: entries of the (durable) Raft log are applied with {@code appendAt} and written out
 * without a sync for readers; a snapshot flushes the copy and records (entry index, end LSN); a persisted
 * report flushes and truncates below it. A fault (power cut at a random mutating call, failed fsync or
 * directory fsync, full disk, a plain power loss, or a process crash then a snapshot then a power loss) stops the node (fail-stop); after the crash the copy
 * is reopened over the same files and the Raft log is replayed from the snapshot exactly as
 * {@code applyAppend} does (append, append the rest of an entry a crash cut at a record boundary, skip
 * what the copy holds, reset when it ends short). Asserted: the reopened copy ends at or past the
 * snapshot's end LSN (or the node would have reset away what the snapshot promised), and after replay
 * it holds every entry's records from its begin LSN, byte for byte; an fsync failure or a full disk
 * latches the copy FAILED. CI runs 100 tries (seed 18); {@code -Dstratum.fault.tries=N} for more.
 */
@AddLifecycleHook(FaultTries.class)
class WalCopyFaultCampaignProperties {
    static final FaultTally TALLY = new FaultTally();
    private static final long START = WalConfig.DEFAULT_START_LSN;

    enum Fault { POWER_CUT, FSYNC, DIRECTORY_FSYNC, DISK_FULL, POWER_LOSS, PROCESS_CRASH }

    /** The Raft log: entries (records end to end) with their start LSNs; and the latest snapshot. */
    static final class RaftLog {
        final List<byte[]> entries = new ArrayList<>();
        final List<Long> starts = new ArrayList<>();
        int snapIndex;
        long snapEnd = START;

        long end() {
            return entries.isEmpty() ? START : starts.get(starts.size() - 1) + entries.get(entries.size() - 1).length;
        }
    }

    @Property(tries = 100, seed = "18")
    void theCopyCatchesUpAfterAnyFault(@ForAll final long seed, @ForAll @IntRange(min = 0, max = 5) final int fault,
        @ForAll final boolean reorder) throws Exception {
        final Fault kind = Fault.values()[fault];
        final Random r = new Random(seed);
        final Path dir = Files.createTempDirectory("wal-copy-fault");
        final FaultInjectingFileIo io = new FaultInjectingFileIo(FileIo.real());
        io.modelDirectories(true);
        final WalConfig config = WalConfig.builder(dir).segmentSize(64 << 10).fileIo(io).preallocate(false)
            .writeBufferSize(32 << 10).maxRecordLength(16 << 10).startLsn(START).build();
        final RaftLog raft = new RaftLog();
        WalLog log = WalLog.open(config);
        try {
            final int warm = r.nextInt(60);
            for (int i = 0; i < warm; i++) {
                step(log, raft, r);
            }
            if (kind == Fault.PROCESS_CRASH) {
                // the node's process dies with the copy's tail unsynced; the restarted node replays, takes a
                // snapshot (Ratis may purge its log up to it), and then the power goes
                log.writeOut(log.endLsn());
                log.closeQuietly();
                log = WalLog.open(config);
                for (int i = raft.snapIndex; i < raft.entries.size(); i++) {
                    apply(log, raft, i);
                }
                log.flush();
                raft.snapIndex = raft.entries.size();
                raft.snapEnd = raft.end();
            }
            arm(io, kind, r);
            StratumException thrown = null;
            final int limit = kind == Fault.POWER_LOSS ? r.nextInt(30) : kind == Fault.PROCESS_CRASH ? 0 : 300;
            for (int i = 0; i < limit && io.counts().faults() == 0; i++) {
                try {
                    step(log, raft, r);
                } catch (final StratumException e) {
                    thrown = e; // the state machine fails the node: it stops here
                    break;
                }
            }
            if (kind == Fault.POWER_LOSS || kind == Fault.PROCESS_CRASH) {
                assertEquals(0, io.counts().faults());
            } else {
                assertTrue(io.counts().faults() >= 1, "the armed fault never fired: " + kind);
                if (kind != Fault.POWER_CUT) {
                    assertTrue(thrown != null && thrown.code() == ErrorCode.IO_ERROR, String.valueOf(thrown));
                    final WalLog failed = log;
                    final byte[] rec = WalTestSupport.record(1, 10, 0);
                    final StratumException again = org.junit.jupiter.api.Assertions.assertThrows(StratumException.class,
                        () -> failed.appendAt(failed.endLsn(), new UnsafeBuffer(rec), 0, rec.length));
                    assertEquals(ErrorCode.FAILED, again.code());
                    assertEquals(0, io.counts().retriedForces());
                }
            }
            TALLY.add("cases " + kind, 1);
            log.closeQuietly();
            io.disarm();
            io.crash(r, reorder);
            TALLY.add(io.counts());
            log = WalLog.open(config);
            assertTrue(log.endLsn() >= raft.snapEnd, "the copy lost what its snapshot made durable: ends at "
                + Lsn.format(log.endLsn()) + " below " + Lsn.format(raft.snapEnd));
            TALLY.add("entries replayed", raft.entries.size() - raft.snapIndex);
            for (int i = raft.snapIndex; i < raft.entries.size(); i++) {
                apply(log, raft, i);
            }
            holdsAll(log, raft);
            for (int i = 0; i < 10; i++) {
                step(log, raft, r);
            }
            log.close();
            log = WalLog.open(config);
            holdsAll(log, raft);
            TALLY.add("entries", raft.entries.size());
        } finally {
            log.closeQuietly();
            WalTestSupport.deleteTree(dir);
        }
    }

    private static void step(final WalLog log, final RaftLog raft, final Random r) {
        final int op = r.nextInt(100);
        if (op < 65) {
            final int n = 1 + r.nextInt(3);
            final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < n; i++) {
                b.writeBytes(WalTestSupport.record(r.nextLong(), r.nextInt(r.nextInt(6) == 0 ? 9000 : 1500), r.nextInt(3)));
            }
            raft.starts.add(raft.end());
            raft.entries.add(b.toByteArray());
            apply(log, raft, raft.entries.size() - 1);
        } else if (op < 80) {
            log.writeOut(log.endLsn()); // a reader streaming the committed WAL
        } else if (op < 92) {
            log.flush(); // takeSnapshot: flush, then the snapshot names (index, end)
            raft.snapIndex = raft.entries.size();
            raft.snapEnd = raft.end();
        } else if (raft.snapIndex > 0) {
            final int k = r.nextInt(raft.snapIndex + 1); // a persisted report at an entry boundary
            final long lsn = k == raft.entries.size() ? raft.end() : raft.starts.get(k);
            log.flush(lsn);
            log.truncateBelow(lsn);
        }
    }

    /** WalStateMachine.applyAppend's handling of the local copy. */
    private static void apply(final WalLog log, final RaftLog raft, final int i) {
        final byte[] e = raft.entries.get(i);
        final long start = raft.starts.get(i);
        final UnsafeBuffer view = new UnsafeBuffer(e);
        final long physical = log.endLsn();
        if (physical == start) {
            log.appendAt(start, view, 0, e.length);
        } else if (physical < start) {
            log.resetTo(start);
            log.appendAt(start, view, 0, e.length);
        } else if (physical < start + e.length) {
            final int kept = (int) (physical - start);
            log.appendAt(physical, view, kept, e.length - kept);
        }
    }

    private static void arm(final FaultInjectingFileIo io, final Fault kind, final Random r) {
        final int[] skip = {r.nextInt(3)};
        switch (kind) {
            case POWER_CUT -> io.powerCutAfter(r.nextInt(20), p -> true);
            case FSYNC -> io.failNextForces(1, p -> skip[0]-- <= 0);
            case DIRECTORY_FSYNC -> io.failNextDirectorySyncs(1, p -> skip[0]-- <= 0);
            case DISK_FULL -> io.setSpaceLeft(r.nextInt(40 << 10));
            default -> { }
        }
    }

    /** Every entry's records from the copy's begin LSN on, byte for byte, and nothing after. */
    private static void holdsAll(final WalLog log, final RaftLog raft) {
        log.writeOut(log.endLsn()); // as TimelineState does before it reads
        final long begin = log.beginLsn();
        int i = 0;
        while (i < raft.entries.size() && raft.starts.get(i) < begin) {
            i++;
        }
        assertTrue(i == raft.entries.size() ? begin == raft.end() : raft.starts.get(i) == begin,
            "the copy begins inside an entry: " + Lsn.format(begin));
        try (WalReader rd = log.readerOfWritten(begin)) {
            for (; i < raft.entries.size(); i++) {
                final byte[] e = raft.entries.get(i);
                int at = 0;
                while (at < e.length) {
                    assertTrue(rd.next(), "the copy ends early at " + Lsn.format(raft.starts.get(i) + at));
                    assertEquals(raft.starts.get(i) + at, rd.lsn());
                    final WalRecordDecoder d = rd.record();
                    final byte[] got = new byte[d.length()];
                    d.buffer().getBytes(d.offset(), got);
                    assertArrayEquals(java.util.Arrays.copyOfRange(e, at, at + got.length), got);
                    at += got.length;
                }
            }
            assertFalse(rd.next(), "the copy holds records no entry has");
        }
    }

    @AfterContainer
    static void report() {
        System.out.println("WAL copy storage-fault campaign: " + TALLY);
        if (TALLY.cases() < 60) {
            return; // too few tries (-Dstratum.fault.tries) to expect every kind
        }
        for (final Fault f : Fault.values()) {
            assertTrue(TALLY.get("cases " + f) > 0, "no case of " + f);
        }
    }
}
