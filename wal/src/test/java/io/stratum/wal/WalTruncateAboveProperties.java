package io.stratum.wal;

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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Model-based test of {@link WalLog#truncateAbove}: random sequences of append / flush / write-out /
 * truncateAbove (at a random record boundary, or refused inside a record) / truncateBelow / clean reopen /
 * crash, against a list of records. After every step the log's end, written and flushed LSNs match the
 * model, both readers return exactly the model's records, and a reader kept open across the steps returns
 * the model's records in order (or OUT_OF_RANGE once a cut took records it had returned). After a crash
 * the log holds every flushed record and then a prefix of the rest: never a record that was cut.
 */
class WalTruncateAboveProperties {

    sealed interface Op permits Append, Flush, WriteOut, Cut, CutInside, TruncateBelow, Reopen, Crash, Follow {
    }

    record Append(long seed, int payload, int blocks) implements Op {
    }

    record Flush() implements Op {
    }

    record WriteOut() implements Op {
    }

    record Cut(int fraction) implements Op {
    }

    record CutInside(int fraction, int offset) implements Op {
    }

    record TruncateBelow(int fraction) implements Op {
    }

    record Reopen() implements Op {
    }

    record Crash(long seed, boolean reorder) implements Op {
    }

    /** The kept reader reads what there is. */
    record Follow() implements Op {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        final Arbitrary<Op> append = Arbitraries.longs().flatMap(seed -> Arbitraries.integers().between(0, 9000)
            .flatMap(payload -> Arbitraries.integers().between(0, 3).map(blocks -> new Append(seed, payload, blocks))));
        final Arbitrary<Integer> fraction = Arbitraries.integers().between(0, 100);
        final Arbitrary<Op> op = Arbitraries.frequencyOf(
            Tuple.of(14, append),
            Tuple.of(3, Arbitraries.just(new Flush())),
            Tuple.of(3, Arbitraries.just(new WriteOut())),
            Tuple.of(4, fraction.map(Cut::new)),
            Tuple.of(1, fraction.flatMap(f -> Arbitraries.integers().between(1, 19).map(o -> new CutInside(f, o)))),
            Tuple.of(1, fraction.map(TruncateBelow::new)),
            Tuple.of(1, Arbitraries.just(new Reopen())),
            Tuple.of(1, Arbitraries.longs().flatMap(s -> Arbitraries.of(true, false).map(r -> new Crash(s, r)))),
            Tuple.of(3, Arbitraries.just(new Follow())));
        return op.list().ofMinSize(1).ofMaxSize(70);
    }

    /** The model: records from the begin LSN on, how many are flushed and written, and the kept reader. */
    private static final class Model {
        final List<byte[]> records = new ArrayList<>();
        long begin;
        int flushed;
        int written;
        WalReader follower;
        /** Records the follower has returned (index into records), or -1 once a cut made it stale. */
        int followed;

        long lsnOf(final int k) {
            long lsn = begin;
            for (int i = 0; i < k; i++) {
                lsn += records.get(i).length;
            }
            return lsn;
        }

        void follow(final WalLog log) {
            follower = log.readerOfWritten(begin);
            followed = 0;
        }
    }

    @Property(tries = 150)
    void truncateAboveBehavesLikeTheModel(@ForAll("ops") @Size(min = 1) final List<Op> ops,
        @ForAll final boolean preallocate) throws Exception {
        final Path dir = Files.createTempDirectory("wal-cut-model");
        final FaultInjectingFileIo io = new FaultInjectingFileIo(FileIo.real());
        io.modelDirectories(true);
        final WalConfig config = WalConfig.builder(dir).segmentSize(64 << 10).fileIo(io).preallocate(preallocate)
            .writeBufferSize(32 << 10).maxRecordLength(16 << 10).build();
        WalLog log = WalLog.open(config);
        final Model m = new Model();
        m.begin = log.beginLsn();
        m.follow(log);
        try {
            for (final Op op : ops) {
                log = apply(op, log, config, io, m);
                check(log, m, op);
            }
            log.close();
            log = WalLog.open(config);
            m.flushed = m.records.size();
            m.written = m.flushed;
            m.follow(log);
            check(log, m, new Reopen());
        } finally {
            log.close();
            WalTestSupport.deleteTree(dir);
        }
    }

    private static WalLog apply(final Op op, final WalLog log, final WalConfig config, final FaultInjectingFileIo io,
        final Model m) throws Exception {
        if (op instanceof Append a) {
            final byte[] rec = WalTestSupport.record(a.seed(), a.payload(), a.blocks());
            assertEquals(log.endLsn() + rec.length, WalTestSupport.append(log, rec));
            m.records.add(rec);
        } else if (op instanceof Flush) {
            log.flush();
            m.flushed = m.records.size();
            m.written = m.flushed;
        } else if (op instanceof WriteOut) {
            log.writeOut(log.endLsn());
            m.written = m.records.size();
        } else if (op instanceof Cut c) {
            final int k = m.records.size() * c.fraction() / 100;
            log.truncateAbove(m.lsnOf(k));
            Statistics.label("cut").collect(k == m.records.size() ? "at the end" : k >= m.written ? "buffered"
                : k >= m.flushed ? "written" : "flushed");
            m.records.subList(k, m.records.size()).clear();
            m.flushed = Math.min(m.flushed, k);
            m.written = Math.min(m.written, k);
            if (m.followed > k) {
                final StratumException e = assertThrows(StratumException.class, m.follower::next);
                assertEquals(ErrorCode.OUT_OF_RANGE, e.code(), e.getMessage());
                m.follow(log);
            }
        } else if (op instanceof CutInside c && !m.records.isEmpty()) {
            final int k = Math.min(m.records.size() - 1, m.records.size() * c.fraction() / 100);
            final long end = log.endLsn();
            final StratumException e = assertThrows(StratumException.class,
                () -> log.truncateAbove(m.lsnOf(k) + c.offset()));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
            assertEquals(end, log.endLsn());
        } else if (op instanceof TruncateBelow t) {
            final int k = m.flushed * t.fraction() / 100;
            final long lsn = m.lsnOf(k);
            log.truncateBelow(lsn);
            m.records.subList(0, k).clear();
            m.flushed -= k;
            m.written -= k;
            m.begin = lsn;
            m.follow(log); // the old one may now lie below the begin
        } else if (op instanceof Reopen) {
            log.close();
            final WalLog again = WalLog.open(config);
            m.flushed = m.records.size();
            m.written = m.flushed;
            m.follow(again);
            return again;
        } else if (op instanceof Crash c) {
            log.closeQuietly();
            io.crash(new Random(c.seed()), c.reorder());
            final WalLog again = WalLog.open(config);
            final List<byte[]> got = WalTestSupport.readAll(again);
            assertTrue(got.size() >= m.flushed, "lost flushed records: " + got.size() + " < " + m.flushed);
            assertTrue(got.size() <= m.records.size(), "records appeared that were never appended (or were cut)");
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(m.records.get(i), got.get(i), "record " + i + " differs after the crash");
            }
            m.records.subList(got.size(), m.records.size()).clear();
            m.flushed = got.size();
            m.written = got.size();
            m.follow(again);
            return again;
        } else if (op instanceof Follow) {
            while (m.follower.next()) {
                final byte[] got = new byte[m.follower.record().length()];
                m.follower.record().buffer().getBytes(m.follower.record().offset(), got);
                assertTrue(m.followed < m.written, "the kept reader read past the written records");
                assertArrayEquals(m.records.get(m.followed), got, "kept reader, record " + m.followed);
                assertEquals(m.lsnOf(m.followed), m.follower.lsn());
                m.followed++;
            }
            assertEquals(m.written, m.followed, "the kept reader stopped early");
        }
        return log;
    }

    private static void check(final WalLog log, final Model m, final Op after) {
        final String when = "after " + after;
        assertEquals(m.lsnOf(m.records.size()), log.endLsn(), when + ": end");
        assertEquals(m.lsnOf(m.written), log.writtenLsn(), when + ": written");
        assertEquals(m.lsnOf(m.flushed), log.flushedLsn(), when + ": flushed");
        assertEquals(m.begin, log.beginLsn(), when + ": begin");
        final List<byte[]> durable = WalTestSupport.readAll(log);
        assertEquals(m.flushed, durable.size(), when + ": durable records");
        for (int i = 0; i < durable.size(); i++) {
            assertArrayEquals(m.records.get(i), durable.get(i), when + ": record " + i);
        }
        try (WalReader r = log.readerOfWritten(m.begin)) {
            int i = 0;
            while (r.next()) {
                final byte[] got = new byte[r.record().length()];
                r.record().buffer().getBytes(r.record().offset(), got);
                assertArrayEquals(m.records.get(i), got, when + ": written record " + i);
                i++;
            }
            assertEquals(m.written, i, when + ": written records");
        }
    }
}
