package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.io.FaultInjectingFileIo;
import io.stratum.wal.io.FaultTally;
import io.stratum.wal.io.FaultTries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Storage-fault campaign of the page server through the file facade. After random ingest, flushes,
 * compactions, image creation, GC and branches ({@link EngineModel}), one fault is armed just before an
 * operation of the chosen kind (flush: delta layer, time index, timeline metadata; compaction; image
 * creation; GC: metadata update and deletions; branch creation: metadata; tenant creation: marker),
 * repeated until it fires: a
 * power cut at a random mutating call, a failed fsync or directory fsync at a random one, or a full disk.
 * Then:
 * <ul>
 * <li>a failed fsync or a full disk gives an error naming the file, latches the timeline FAILED (ingest,
 *     flush, compaction, image creation and GC refused; reads of what it ingested still right), and no
 *     fsync is retried;</li>
 * <li>with the disk still full, a restart opens or fails naming the file, and refuses to flush;</li>
 * <li>after a crash (unsynced writes kept, dropped or torn, in order or reordered; directory changes not
 *     fsynced reverted) and with space freed, a fresh page server over a fresh FileIo opens; every
 *     tenant and timeline whose creation returned exists; each timeline's disk-consistent LSN is at or above every
 *     LSN it reported persisted (the WAL service truncates below those, so the WAL is re-ingested only
 *     from there); and every key reads back exactly, against the model, at every retained LSN of every
 *     timeline. It then ingests, flushes and restarts again as before.</li>
 * </ul>
 * CI runs 80 tries (seed 18); {@code -Dstratum.fault.tries=N} runs a long campaign.
 */
@AddLifecycleHook(FaultTries.class)
class EngineFaultCampaignProperties {
    static final FaultTally TALLY = new FaultTally();

    enum Target { FLUSH, COMPACT, IMAGES, GC, BRANCH, TENANT }

    enum Fault { POWER_CUT, FSYNC, DIRECTORY_FSYNC, DISK_FULL }

    @Property(tries = 80, seed = "18")
    void acknowledgedHistorySurvivesAFault(@ForAll final long seed, @ForAll @IntRange(min = 0, max = 5) final int op,
        @ForAll @IntRange(min = 0, max = 3) final int fault, @ForAll final boolean reorder) throws Exception {
        final Target target = Target.values()[op];
        final Fault kind = Fault.values()[fault];
        final Random r = new Random(seed);
        final Path dir = Files.createTempDirectory("engine-fault");
        final EngineModel m = new EngineModel(dir, true);
        try {
            warm(m, r, 30 + r.nextInt(60));
            StratumException thrown = null;
            int tl = 0;
            boolean fired = false;
            for (int round = 0; round < 16 && !fired; round++) {
                tl = r.nextInt(m.tls.size());
                prepare(m, r, target, tl);
                final long before = m.fio.counts().faults();
                arm(m.fio, kind, r);
                thrown = null;
                try {
                    run(m, r, target, tl);
                } catch (final StratumException e) {
                    thrown = e;
                }
                fired = m.fio.counts().faults() > before;
                m.fio.disarm();
            }
            assertTrue(fired, "the armed fault never fired: " + kind + " at " + target);
            final Path at = m.fio.lastFaultPath();
            TALLY.add("cases " + target + " " + kind, 1);
            TALLY.add("fault hit " + fileKind(at), 1);
            if (kind != Fault.POWER_CUT) {
                assertNotNull(thrown, "a " + kind + " at " + at + " was not reported");
                assertTrue(thrown.code() == ErrorCode.IO_ERROR || thrown.code() == ErrorCode.FAILED, thrown.toString());
                assertTrue(thrown.getMessage().contains(at.getFileName().toString()),
                    "the error does not name " + at.getFileName() + ": " + thrown.getMessage());
                if (target != Target.BRANCH && target != Target.TENANT) {
                    assertRefusesWrites(m.timeline(tl));
                }
                assertEquals(0, m.fio.counts().retriedForces(), "an fsync was retried after it failed");
                assertNull(checkAll(m), () -> "reads after the failure: " + checkAll(m));
                if (kind == Fault.DISK_FULL) {
                    TALLY.add("restart while full " + restartWhileFull(m, r), 1);
                }
            }
            restartAfterCrash(m, r, reorder, "after " + kind + " at " + target + " on " + at.getFileName()
                + (thrown == null ? "" : " (" + thrown.getMessage() + ")"));
            warm(m, r, 20);
            for (int i = 0; i < m.tls.size(); i++) {
                m.timeline(i).flush();
            }
            restartAfterCrash(m, r, reorder, "a crash after recovery");
            TALLY.add("LSNs checked", lsnCount(m));
        } finally {
            m.close();
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void warm(final EngineModel m, final Random r, final int ops) {
        for (int i = 0; i < ops; i++) {
            final int tl = r.nextInt(m.tls.size());
            final int op = r.nextInt(100);
            if (op < 60) {
                write(m, r, tl);
            } else if (op < 72) {
                m.timeline(tl).flush();
            } else if (op < 80) {
                m.timeline(tl).compact();
            } else if (op < 85) {
                m.timeline(tl).createImages();
            } else if (op < 95) {
                m.clock.addAndGet(r.nextInt(50_000));
                m.timeline(tl).gc();
            } else if (m.tls.size() < 5) {
                final List<Long> lsns = m.readableLsns(tl);
                m.branch(tl, lsns.get(r.nextInt(lsns.size())));
            }
        }
    }

    private static void write(final EngineModel m, final Random r, final int tl) {
        final int k = r.nextInt(10);
        final int kind = k < 3 ? 0 : k < 7 ? 1 : k < 8 ? 2 : 3;
        final int c = r.nextInt(1 << 20);
        m.write(tl, new EngineModel.Change(c % EngineModel.KEYS, kind, c >> 3, (c >> 4) % 8188));
    }

    /** Gives the operation something to do (before the fault is armed). */
    private static void prepare(final EngineModel m, final Random r, final Target target, final int tl) {
        final int writes = target == Target.BRANCH || target == Target.TENANT ? 0 : 1 + r.nextInt(10);
        for (int i = 0; i < writes; i++) {
            write(m, r, tl);
        }
        if (target == Target.COMPACT || target == Target.IMAGES || target == Target.GC) {
            m.timeline(tl).flush();
        }
        if (target == Target.COMPACT) {
            write(m, r, tl);
            m.timeline(tl).flush();
        }
        if (target == Target.GC) {
            m.timeline(tl).createImages();
            write(m, r, tl);
            m.timeline(tl).flush();
        }
    }

    private static void run(final EngineModel m, final Random r, final Target target, final int tl) {
        final Timeline t = m.timeline(tl);
        switch (target) {
            case FLUSH -> t.flush();
            case COMPACT -> t.compact();
            case IMAGES -> t.createImages();
            case GC -> {
                m.clock.addAndGet(r.nextInt(100_000));
                t.gc();
            }
            case BRANCH -> {
                final List<Long> lsns = m.readableLsns(tl);
                m.branch(tl, lsns.get(r.nextInt(lsns.size())));
            }
            default -> {
                final TenantId id = new TenantId(9, TENANTS.incrementAndGet());
                m.ps.createTenant(id);
                m.tenants.add(id);
            }
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong TENANTS = new java.util.concurrent.atomic.AtomicLong();

    private static void arm(final FaultInjectingFileIo io, final Fault kind, final Random r) {
        final int[] skip = {r.nextInt(3)};
        switch (kind) {
            case POWER_CUT -> io.powerCutAfter(r.nextInt(16), p -> true);
            case FSYNC -> io.failNextForces(1, p -> skip[0]-- <= 0);
            case DIRECTORY_FSYNC -> io.failNextDirectorySyncs(1, p -> skip[0]-- <= 0);
            default -> io.setSpaceLeft(r.nextInt(r.nextBoolean() ? 40 : 4096)); // layers of few keys compress well
        }
    }

    static String fileKind(final Path p) {
        final String n = p.getFileName().toString();
        if (n.startsWith("timeindex.")) {
            return "time index";
        }
        if (n.endsWith(".meta") || n.endsWith(".meta.tmp")) {
            return "timeline metadata";
        }
        if (n.endsWith(".tenant") || n.endsWith(".tenant.tmp")) {
            return "tenant marker";
        }
        if (n.startsWith("layer-") || n.contains("__")) {
            return "layer file";
        }
        return Files.isDirectory(p) || !n.contains(".") ? "directory" : "other file " + n;
    }

    /** A timeline latched FAILED refuses ingest and every kind of maintenance, naming the failure. */
    private static void assertRefusesWrites(final Timeline t) {
        final TestWal w = new TestWal(0);
        w.resetTo(t.lastRecordLsn());
        w.fullPage(EngineModel.keyHi(0), EngineModel.keyLo(0), 9);
        for (final Runnable write : List.<Runnable>of(() -> w.ingestInto(t), t::flush, t::compact, t::createImages,
            t::gc)) {
            final StratumException e = assertThrows(StratumException.class, write::run);
            assertEquals(ErrorCode.FAILED, e.code(), e.toString());
            assertTrue(e.getMessage().contains("timeline failed"), e.getMessage());
        }
        assertNotNull(t.failureReason());
    }

    /**
     * The process restarts with the disk still full (same FileIo, nothing lost): it opens or fails naming
     * what it could not write; opened, it takes the WAL again and refuses to flush it.
     */
    private static String restartWhileFull(final EngineModel m, final Random r) {
        m.ps.close();
        m.fio.setSpaceLeft(0);
        try {
            m.open(m.fio);
        } catch (final StratumException e) {
            assertEquals(ErrorCode.IO_ERROR, e.code(), e.toString());
            return "refused";
        }
        for (int i = 0; i < m.tls.size(); i++) {
            if (!reingest(m, i, "restart while full", false)) {
                i--;
            }
        }
        final int tl = r.nextInt(m.tls.size());
        try {
            final Timeline t = m.timeline(tl);
            for (final Map.Entry<Long, byte[]> e : m.tls.get(tl).wal.tailMap(m.tls.get(tl).reported, true).entrySet()) {
                t.ingest(e.getKey(), new UnsafeBuffer(e.getValue()), 0, e.getValue().length);
            }
            write(m, r, tl);
            t.flush();
            fail("a flush on a full disk succeeded");
            return null;
        } catch (final StratumException e) {
            assertEquals(ErrorCode.IO_ERROR, e.code(), e.toString());
            assertRefusesWrites(m.timeline(tl));
            return "opened, flush refused";
        } finally {
            m.fio.disarm();
        }
    }

    /** The power fails; a fresh page server over a fresh FileIo must hold everything acknowledged. */
    private static void restartAfterCrash(final EngineModel m, final Random r, final boolean reorder,
        final String when) throws Exception {
        m.fio.disarm();
        m.fio.crash(r, reorder);
        TALLY.add(m.fio.counts());
        m.ps.close();
        try {
            m.open();
        } catch (final StratumException e) {
            fail(when + ": the page server does not open again: " + e.getMessage(), e);
        }
        for (int i = 0; i < m.tls.size(); i++) {
            if (!reingest(m, i, when, true)) {
                i--;
            }
        }
        assertTrue(m.ps.tenants().containsAll(m.tenants), when + ": a tenant whose creation returned is lost");
        assertNull(checkAll(m), () -> when + ": " + checkAll(m));
    }

    /**
     * Checks timeline {@code i} survived with its persisted LSN and re-ingests its WAL from there, as the
     * WAL receiver does; returns false when it was dropped from the model (a failed creation that did not
     * commit).
     */
    private static boolean reingest(final EngineModel m, final int i, final String when, final boolean ingest) {
        final EngineModel.Tl tl = m.tls.get(i);
        final Timeline t;
        try {
            t = m.timeline(i);
        } catch (final StratumException e) {
            if (tl.unsure && e.code() == ErrorCode.NOT_FOUND) {
                assertEquals(m.tls.size() - 1, i, "a failed branch has branches");
                m.tls.remove(i);
                return false;
            }
            throw new AssertionError(when + ": timeline " + tl.id + " is lost: " + e.getMessage(), e);
        }
        tl.unsure = false;
        if (t.diskConsistentLsn() < tl.reported) {
            fail(when + ": timeline " + tl.id + " reported " + Long.toHexString(tl.reported)
                + " persisted but came back at " + Long.toHexString(t.diskConsistentLsn()));
        }
        for (final Map.Entry<Long, byte[]> e : tl.wal.tailMap(tl.reported, true).entrySet()) {
            if (!ingest) {
                break; // the disk is full: a layer filling up would flush
            }
            t.ingest(e.getKey(), new UnsafeBuffer(e.getValue()), 0, e.getValue().length);
        }
        m.listen(i);
        return true;
    }

    /** {@link EngineModel#checkAll()} over the timelines whose creation returned. */
    private static String checkAll(final EngineModel m) {
        for (int i = 0; i < m.tls.size(); i++) {
            if (m.tls.get(i).unsure) {
                continue;
            }
            for (final long lsn : m.readableLsns(i)) {
                for (int k = 0; k < EngineModel.KEYS; k++) {
                    final String mismatch = m.check(i, k, lsn);
                    if (mismatch != null) {
                        return mismatch;
                    }
                }
            }
        }
        return null;
    }

    private static long lsnCount(final EngineModel m) {
        long n = 0;
        for (int i = 0; i < m.tls.size(); i++) {
            n += m.readableLsns(i).size();
        }
        return n;
    }

    @AfterContainer
    static void report() {
        System.out.println("Engine storage-fault campaign: " + TALLY);
        if (TALLY.cases() < 60) {
            return; // too few tries (-Dstratum.fault.tries) to expect every kind
        }
        for (final Target t : Target.values()) {
            long n = 0;
            for (final Fault f : Fault.values()) {
                n += TALLY.get("cases " + t + " " + f);
            }
            assertTrue(n > 0, "no case at " + t);
        }
    }
}
