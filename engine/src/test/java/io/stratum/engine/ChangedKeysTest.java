package io.stratum.engine;

import static io.stratum.engine.PageServerTest.DEV;
import static io.stratum.engine.PageServerTest.MAIN;
import static io.stratum.engine.PageServerTest.TENANT;
import static io.stratum.engine.PageServerTest.hi;
import static io.stratum.engine.PageServerTest.lo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.ChangedKeys;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChangedKeys} against a model of what was written where: random page writes on main and on a branch,
 * flushed to delta layers and compacted at random points; for random key ranges and LSN ranges the answer is
 * exactly the keys the model wrote there, on that timeline only; with image layers it is a superset.
 */
class ChangedKeysTest {
    @TempDir
    Path dir;

    private record Write(long hi, long lo, long lsn) {
    }

    private EngineConfig config(final Path d) {
        return EngineConfig.builder(d).backgroundThreads(0).inMemoryLayerBytes(64 << 10).blockBytes(4096)
            .compactionThreshold(3).imageThreshold(1000).targetLayerBytes(32 << 10).build();
    }

    @Test
    void answersExactlyTheKeysWrittenInTheRangeOnThatTimeline() {
        for (int seed = 1; seed <= 12; seed++) {
            runSeed(seed, dir.resolve("s" + seed));
        }
    }

    private void runSeed(final int seed, final Path d) {
        final Random r = new Random(seed);
        try (PageServer ps = PageServer.open(config(d))) {
            ps.createTenant(TENANT);
            final Timeline main = ps.createTimeline(TENANT, MAIN, TimelineHistoryTest.START);
            final TestWal wal = new TestWal(TimelineHistoryTest.START);
            final List<Write> mainWrites = new ArrayList<>();
            write(r, main, wal, mainWrites, 20 + r.nextInt(60));
            final long fork = main.lastRecordLsn();
            final Timeline dev = ps.createBranch(TENANT, DEV, MAIN, fork);
            final TestWal devWal = new TestWal(fork);
            final List<Write> devWrites = new ArrayList<>();
            write(r, dev, devWal, devWrites, 1 + r.nextInt(40));
            write(r, main, wal, mainWrites, r.nextInt(40));
            for (int q = 0; q < 20; q++) {
                final Timeline t = r.nextBoolean() ? dev : main;
                final List<Write> w = t == dev ? devWrites : mainWrites;
                final long start = t.ancestorLsn() > 0 ? t.ancestorLsn() : TimelineHistoryTest.START;
                final long from = start + (long) (r.nextDouble() * (t.lastRecordLsn() - start));
                final long to = from + (long) (r.nextDouble() * (t.lastRecordLsn() - from));
                final int relA = 1 + r.nextInt(3);
                final int relB = relA + r.nextInt(3);
                final long sHi = hi(relA);
                final long sLo = lo(relA, r.nextInt(10));
                final long eHi = hi(relB);
                final long eLo = lo(relB, r.nextInt(20));
                final TreeSet<String> want = new TreeSet<>();
                for (final Write x : w) {
                    if (x.lsn() > from && x.lsn() <= to && PageKey.compare(x.hi(), x.lo(), sHi, sLo) >= 0
                        && PageKey.compare(x.hi(), x.lo(), eHi, eLo) < 0) {
                        want.add(PageKey.hex(x.hi(), x.lo()));
                    }
                }
                final boolean reversed = PageKey.compare(sHi, sLo, eHi, eLo) > 0;
                if (reversed) {
                    assertThrows(StratumException.class, () -> ChangedKeys.of(t, sHi, sLo, eHi, eLo, from, to, 10_000));
                    continue;
                }
                final long[] got = ChangedKeys.of(t, sHi, sLo, eHi, eLo, from, to, 10_000);
                final TreeSet<String> gotSet = new TreeSet<>();
                for (int i = 0; i < got.length; i += 2) {
                    gotSet.add(PageKey.hex(got[i], got[i + 1]));
                    if (i > 0) {
                        assertTrue(PageKey.compare(got[i - 2], got[i - 1], got[i], got[i + 1]) < 0, "sorted, distinct");
                    }
                }
                assertEquals(want, gotSet, "seed " + seed + " query " + q + " on " + (t == dev ? "dev" : "main"));
            }
        }
    }

    private static void write(final Random r, final Timeline t, final TestWal wal, final List<Write> out, final int n) {
        for (int i = 0; i < n; i++) {
            final int rel = 1 + r.nextInt(4);
            final int blk = r.nextInt(20);
            final long lsn = r.nextInt(4) == 0 ? wal.patch(hi(rel), lo(rel, blk), r.nextInt(100), new byte[] {(byte) i})
                : wal.fullPage(hi(rel), lo(rel, blk), i);
            out.add(new Write(hi(rel), lo(rel, blk), lsn));
            if (r.nextInt(8) == 0) {
                wal.ingestInto(t);
            }
            if (r.nextInt(15) == 0) {
                wal.ingestInto(t);
                t.flush();
            }
            if (r.nextInt(30) == 0) {
                wal.ingestInto(t);
                t.flush();
                t.compact();
            }
        }
        wal.ingestInto(t);
    }

    @Test
    void imageLayersGiveASupersetAndTheLimitIsEnforced() {
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).backgroundThreads(0).imageThreshold(1).build())) {
            ps.createTenant(TENANT);
            final Timeline main = ps.createTimeline(TENANT, MAIN, TimelineHistoryTest.START);
            final TestWal wal = new TestWal(TimelineHistoryTest.START);
            for (int b = 0; b < 10; b++) {
                wal.fullPage(hi(1), lo(1, b), b);
            }
            wal.ingestInto(main);
            final long mid = main.lastRecordLsn();
            wal.fullPage(hi(1), lo(1, 3), 99);
            wal.ingestInto(main);
            final long[] before = ChangedKeys.of(main, hi(1), lo(1, 0), hi(2), lo(2, 0), mid, main.lastRecordLsn(), 100);
            assertEquals(2, before.length, "one key changed above mid");
            main.flush();
            main.createImages();
            final long[] after = ChangedKeys.of(main, hi(1), lo(1, 0), hi(2), lo(2, 0), mid, main.lastRecordLsn(), 100);
            final TreeSet<String> got = new TreeSet<>();
            for (int i = 0; i < after.length; i += 2) {
                got.add(PageKey.hex(after[i], after[i + 1]));
            }
            assertTrue(got.contains(PageKey.hex(hi(1), lo(1, 3))), "the changed key is still there: " + got);
            final StratumException e = assertThrows(StratumException.class,
                () -> ChangedKeys.of(main, hi(1), lo(1, 0), hi(2), lo(2, 0), TimelineHistoryTest.START,
                    main.lastRecordLsn(), 5));
            assertEquals(ErrorCode.OUT_OF_RANGE, e.code());
            assertEquals(0, ChangedKeys.of(main, hi(1), lo(1, 0), hi(2), lo(2, 0), mid, mid, 5).length);
        }
    }

    /** A FULL_PAGE record by transaction {@code xid} of relation 1's blocks {@code blocks}. */
    private static void record(final TestWal wal, final long xid, final int... blocks) {
        final org.agrona.concurrent.UnsafeBuffer pages = new org.agrona.concurrent.UnsafeBuffer(
            new byte[blocks.length * PageKey.PAGE_SIZE]);
        wal.enc.wrap(wal.buf, wal.len, wal.buf.capacity() - wal.len).begin(io.stratum.engine.redo.EngineRmgr.FULL_PAGE,
            0, xid);
        for (final int b : blocks) {
            wal.enc.addBlock(hi(1), lo(1, b), io.stratum.wal.codec.WalRecord.BLOCK_WILL_INIT);
        }
        final int n = wal.enc.payload(pages, 0, pages.capacity()).finish();
        wal.len += n;
        wal.next += n;
    }

    private static TreeSet<Integer> blocks(final long[] keys) {
        final TreeSet<Integer> out = new TreeSet<>();
        for (int i = 0; i < keys.length; i += 2) {
            out.add((int) PageKey.block(keys[i + 1]));
        }
        return out;
    }

    @Test
    void anXidFilterCountsOnlyThatTransactionsRecordsInMemoryAndInLayerFiles() {
        try (PageServer ps = PageServer.open(config(dir))) {
            ps.createTenant(TENANT);
            final Timeline main = ps.createTimeline(TENANT, MAIN, TimelineHistoryTest.START);
            final TestWal wal = new TestWal(TimelineHistoryTest.START);
            wal.fullPage(hi(1), lo(1, 9), 1); // below the range asked
            wal.ingestInto(main);
            final long from = main.lastRecordLsn();
            record(wal, 7, 2, 5, 8); // stored once under block 2, blocks 5 and 8 refer to it
            record(wal, 9, 1, 5);
            record(wal, 9, 3);
            record(wal, 7, 0, 10); // its record lives under block 0, before the range asked below
            record(wal, 9, 0, 11);
            wal.ingestInto(main);
            final long to = main.lastRecordLsn();
            for (int round = 0; round < 3; round++) {
                final String where = round == 0 ? "in memory" : round == 1 ? "flushed" : "compacted";
                assertEquals(new TreeSet<>(List.of(0, 2, 5, 8, 10)), blocks(ChangedKeys.of(main, hi(1), lo(1, 0), hi(2),
                    lo(2, 0), from, to, 100, x -> x == 7)), where);
                assertEquals(new TreeSet<>(List.of(0, 1, 3, 5, 11)), blocks(ChangedKeys.of(main, hi(1), lo(1, 0), hi(2),
                    lo(2, 0), from, to, 100, x -> x == 9)), where);
                assertEquals(new TreeSet<>(List.of(0, 1, 2, 3, 5, 8, 10, 11)), blocks(ChangedKeys.of(main, hi(1),
                    lo(1, 0), hi(2), lo(2, 0), from, to, 100, null)), where);
                final TreeSet<Integer> after = blocks(ChangedKeys.of(main, hi(1), lo(1, 1), hi(2), lo(2, 0), from, to,
                    100, x -> x == 7));
                // a reference to a record under a key before the range counts whoever wrote it: a superset
                assertTrue(after.containsAll(List.of(2, 5, 8, 10)) && !after.contains(1) && !after.contains(3),
                    where + ": " + after);
                assertEquals(0, ChangedKeys.of(main, hi(1), lo(1, 0), hi(2), lo(2, 0), from, to, 100, x -> x == 8).length,
                    where + ": no record of xid 8");
                if (round == 0) {
                    main.flush();
                } else {
                    main.flush();
                    main.compact();
                }
            }
        }
    }
}
