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
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Model-based test: random sequences of append / flush / crash (unsynced tail dropped or torn at a random
 * byte through the file facade) / clean reopen / truncate / read, checked against a list of records.
 * After every reopen every flushed record is there byte for byte, LSNs are contiguous, and nothing that
 * was not appended appears.
 */
class WalLogModelProperties {

    sealed interface Op permits Append, Flush, FailedFlush, Crash, Reopen, Read, Truncate {
    }

    record Append(long seed, int payload, int blocks) implements Op {
    }

    record Flush() implements Op {
    }

    /** The fsync fails: the written data is on its way but not durable; the log must refuse further use. */
    record FailedFlush(long seed) implements Op {
    }

    record Crash(long seed, boolean reorder) implements Op {
    }

    record Reopen() implements Op {
    }

    record Read() implements Op {
    }

    record Truncate(int fraction) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        final Arbitrary<Op> append = Arbitraries.longs().flatMap(seed ->
            Arbitraries.integers().between(0, 9000).flatMap(payload ->
                Arbitraries.integers().between(0, 4).map(blocks -> new Append(seed, payload, blocks))));
        final Arbitrary<Op> op = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(12, append),
            net.jqwik.api.Tuple.of(2, Arbitraries.just(new Flush())),
            net.jqwik.api.Tuple.of(2, Arbitraries.longs().flatMap(seed -> Arbitraries.of(true, false)
                .map(reorder -> new Crash(seed, reorder)))),
            net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(FailedFlush::new)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(new Reopen())),
            net.jqwik.api.Tuple.of(2, Arbitraries.just(new Read())),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 100).map(Truncate::new)));
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 200)
    void behavesLikeTheModel(@ForAll("ops") @Size(min = 1) final List<Op> ops, @ForAll final boolean preallocate)
        throws Exception {
        final Path dir = Files.createTempDirectory("wal-model");
        final FaultInjectingFileIo io = new FaultInjectingFileIo(FileIo.real());
        final WalConfig config = WalConfig.builder(dir).segmentSize(64 << 10).fileIo(io).preallocate(preallocate)
            .writeBufferSize(32 << 10).maxRecordLength(16 << 10).build();
        WalLog log = WalLog.open(config);
        final List<byte[]> model = new ArrayList<>(); // records from the begin LSN on
        int flushed = 0; // how many of them are durable
        try {
            for (final Op op : ops) {
                if (op instanceof Append a) {
                    final byte[] rec = WalTestSupport.record(a.seed(), a.payload(), a.blocks());
                    final long before = log.endLsn();
                    final long end = WalTestSupport.append(log, rec);
                    assertEquals(before + rec.length, end);
                    model.add(rec);
                } else if (op instanceof Flush) {
                    log.flush();
                    flushed = model.size();
                } else if (op instanceof Crash || op instanceof FailedFlush) {
                    final long seed = op instanceof Crash c ? c.seed() : ((FailedFlush) op).seed();
                    final boolean reorder = op instanceof Crash c && c.reorder();
                    if (op instanceof FailedFlush && log.endLsn() > log.flushedLsn()) {
                        io.failNextForces(1, p -> p.toString().endsWith(".seg"));
                        final WalLog failing = log;
                        assertEquals(ErrorCode.IO_ERROR, assertThrows(StratumException.class, failing::flush).code());
                        assertEquals(ErrorCode.FAILED, assertThrows(StratumException.class,
                            () -> WalTestSupport.append(failing, WalTestSupport.record(1, 10, 0))).code());
                        io.failNextForces(0);
                    }
                    log.closeQuietly();
                    io.crash(new Random(seed), reorder);
                    log = WalLog.open(config);
                    final List<byte[]> got = WalTestSupport.readAll(log);
                    assertTrue(got.size() >= flushed, "lost flushed records: " + got.size() + " < " + flushed);
                    assertTrue(got.size() <= model.size(), "records appeared that were never appended");
                    assertPrefix(model, got);
                    Statistics.label("crash").collect(got.size() > flushed ? "some unsynced records survived"
                        : model.size() > flushed ? "all unsynced records lost" : "nothing unsynced");
                    Statistics.label("torn tail cut").collect(log.tailBytes() > 0);
                    model.subList(got.size(), model.size()).clear();
                    flushed = got.size();
                } else if (op instanceof Reopen) {
                    log.close();
                    log = WalLog.open(config);
                    flushed = model.size();
                    assertEquals(model.size(), assertPrefix(model, WalTestSupport.readAll(log)));
                } else if (op instanceof Read) {
                    final List<byte[]> got = WalTestSupport.readAll(log);
                    assertTrue(got.size() >= flushed);
                    assertPrefix(model, got);
                } else if (op instanceof Truncate t) {
                    final int k = flushed * t.fraction() / 100;
                    long lsn = log.beginLsn();
                    for (int i = 0; i < k; i++) {
                        lsn += model.get(i).length;
                    }
                    log.truncateBelow(lsn);
                    model.subList(0, k).clear();
                    flushed -= k;
                    assertEquals(lsn, log.beginLsn());
                }
            }
            log.close();
            log = WalLog.open(config);
            assertEquals(model.size(), assertPrefix(model, WalTestSupport.readAll(log)));
        } finally {
            log.close();
            WalTestSupport.deleteTree(dir);
        }
    }

    private static int assertPrefix(final List<byte[]> model, final List<byte[]> got) {
        for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(model.get(i), got.get(i), "record " + i + " differs");
        }
        return got.size();
    }
}
