package io.stratum.mvcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.local.LocalWalService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agrona.DirectBuffer;
import io.stratum.wal.codec.WalRecordEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** When the WAL writer sends its batches: on demand, at the flush size, after the linger; never lost. */
@Timeout(60)
class SinkWalWriterTest {
    static final TenantId TENANT = new TenantId(7, 7);
    static final TimelineId MAIN = new TimelineId(7, 7);
    static final long START = 0x100_0000L;

    @TempDir
    Path dir;

    /** The real local WAL service's sink, with every append's length recorded (a decorator, not a mock). */
    static final class RecordingSink implements WalSink {
        final WalSink inner;
        final List<Integer> appends = new CopyOnWriteArrayList<>();

        RecordingSink(final WalSink inner) {
            this.inner = inner;
        }

        @Override
        public CompletableFuture<Long> append(final long startLsn, final DirectBuffer buffer, final int offset,
                                              final int length) {
            appends.add(length);
            return inner.append(startLsn, buffer, offset, length);
        }

        @Override
        public long endLsn() {
            return inner.endLsn();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private final UnsafeBuffer rec = new UnsafeBuffer(new byte[8192]);
    private final WalRecordEncoder enc = new WalRecordEncoder();

    /** A well-formed WAL record with a payload of {@code payload} bytes; appended, it returns its end. */
    private long append(final SinkWalWriter w, final int payload) {
        final int len = enc.wrap(rec, 0, rec.capacity()).begin(16, 0, 1).payload(new byte[payload], 0, payload).finish();
        return w.append(rec, 0, len);
    }

    @Test
    void aTransactionsRecordsAndItsCommitTravelInOneAppend() {
        try (LocalWalService wal = new LocalWalService(dir.resolve("wal"), 16 << 20)) {
            wal.createTimeline(TENANT, MAIN, START);
            final RecordingSink sink = new RecordingSink(wal.writer(TENANT, MAIN));
            try (SinkWalWriter w = new SinkWalWriter(sink, 1 << 20, 256 << 10, Duration.ofMinutes(5))) {
                append(w, 100);
                append(w, 200);
                final long commit = append(w, 50);
                assertEquals(List.of(), sink.appends, "nothing is sent before anyone waits");
                w.awaitDurable(commit);
                assertEquals(List.of((int) (commit - START)), sink.appends);
                assertEquals(commit, w.durableLsn());
                assertEquals(commit, sink.endLsn());
            }
        }
    }

    @Test
    void aFullBatchIsSentWithoutAnyoneWaiting() {
        try (LocalWalService wal = new LocalWalService(dir.resolve("wal"), 16 << 20)) {
            wal.createTimeline(TENANT, MAIN, START);
            final RecordingSink sink = new RecordingSink(wal.writer(TENANT, MAIN));
            try (SinkWalWriter w = new SinkWalWriter(sink, 1 << 20, 4096, Duration.ofMinutes(5))) {
                for (int i = 0; i < 5; i++) {
                    append(w, 1000);
                }
                awaitCondition(() -> w.durableLsn() >= START + 4000);
                assertTrue(sink.appends.get(0) >= 4096, "sent at the flush size: " + sink.appends);
            }
        }
    }

    @Test
    void recordsNobodyWaitsForLeaveAfterTheLinger() {
        try (LocalWalService wal = new LocalWalService(dir.resolve("wal"), 16 << 20)) {
            wal.createTimeline(TENANT, MAIN, START);
            final RecordingSink sink = new RecordingSink(wal.writer(TENANT, MAIN));
            try (SinkWalWriter w = new SinkWalWriter(sink, 1 << 20, 256 << 10, Duration.ofMillis(2))) {
                final long end = append(w, 10);
                awaitCondition(() -> w.durableLsn() == end);
                assertEquals(List.of((int) (end - START)), sink.appends);
            }
        }
    }

    @Test
    void closeSendsWhatIsBuffered() {
        try (LocalWalService wal = new LocalWalService(dir.resolve("wal"), 16 << 20)) {
            wal.createTimeline(TENANT, MAIN, START);
            final RecordingSink sink = new RecordingSink(wal.writer(TENANT, MAIN));
            final SinkWalWriter w = new SinkWalWriter(sink, 1 << 20, 256 << 10, Duration.ofMinutes(5));
            final long end = append(w, 64);
            w.close();
            assertEquals(end, w.durableLsn());
            assertEquals(List.of((int) (end - START)), sink.appends);
        }
    }

    @Test
    void badSettingsNameTheField() {
        try (LocalWalService wal = new LocalWalService(dir.resolve("wal"), 16 << 20)) {
            wal.createTimeline(TENANT, MAIN, START);
            final WalSink sink = wal.writer(TENANT, MAIN);
            final StratumException flush = assertThrows(StratumException.class,
                () -> new SinkWalWriter(sink, 1 << 20, 0, Duration.ofMillis(1)));
            assertTrue(flush.getMessage().contains("flushBytes"), flush.getMessage());
            final StratumException linger = assertThrows(StratumException.class,
                () -> new SinkWalWriter(sink, 1 << 20, 1024, Duration.ZERO));
            assertTrue(linger.getMessage().contains("linger"), linger.getMessage());
        }
    }

    private static void awaitCondition(final java.util.function.BooleanSupplier c) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in 20 s");
            Thread.onSpinWait();
        }
    }
}
