package io.stratum.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalStream;
import io.stratum.wal.codec.WalRecordEncoder;
import io.stratum.wal.local.LocalWalService;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backpressure from ingest: an append that starts too far beyond what the page server has ingested waits
 * for ingest, is sent intact and in order, and a page server that does not move (or cannot be asked)
 * stops holding appends. The sink is the real local WAL service; the page server's ingest is a counter
 * the test advances, behaving as {@code PageClient.waitForLsn} does (it blocks until the LSN is there or
 * the wait runs out with TIMEOUT).
 */
@Timeout(60)
class IngestBackpressureTest {
    static final TenantId TENANT = new TenantId(7, 7);
    static final TimelineId MAIN = new TimelineId(7, 7);
    static final long START = 0x100_0000L;
    static final long LAG = 1000;

    @TempDir
    Path dir;

    /** The page server's ingest as the test drives it. */
    static final class Ingest implements IngestBackpressure.Probe {
        private long lsn;
        private RuntimeException failure;
        final AtomicInteger asked = new AtomicInteger();

        Ingest(final long lsn) {
            this.lsn = lsn;
        }

        synchronized void advanceTo(final long v) {
            lsn = v;
            notifyAll();
        }

        synchronized void fail(final RuntimeException e) {
            failure = e;
            notifyAll();
        }

        @Override
        public synchronized long waitIngested(final long target, final long waitMillis) {
            asked.incrementAndGet();
            notifyAll();
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (lsn < target && failure == null) {
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw StratumException.of(ErrorCode.TIMEOUT, "timed out waiting for WAL to be ingested");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (final InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return lsn;
        }

        /** Blocks until the sink has asked at least {@code n} times in all. */
        synchronized void awaitAsked(final int n) throws InterruptedException {
            while (asked.get() < n) {
                wait();
            }
        }
    }

    private final UnsafeBuffer rec = new UnsafeBuffer(new byte[4096]);
    private final WalRecordEncoder enc = new WalRecordEncoder();

    /** Encodes a record whose payload is {@code size} copies of {@code fill} into {@link #rec}; returns its length. */
    private int record(final int size, final int fill) {
        final byte[] payload = new byte[size];
        java.util.Arrays.fill(payload, (byte) fill);
        return enc.wrap(rec, 0, rec.capacity()).begin(16, 0, 1).payload(payload, 0, size).finish();
    }

    private static byte[] readBack(final LocalWalService wal, final long end) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WalStream s = wal.stream(TENANT, MAIN, START)) {
            while (s.position() < end) {
                s.poll((start, b, off, len) -> {
                    final byte[] bytes = new byte[len];
                    b.getBytes(off, bytes);
                    out.write(bytes, 0, len);
                }, TimeUnit.SECONDS.toNanos(5));
            }
        }
        return out.toByteArray();
    }

    @Test
    void anAppendTooFarAheadOfIngestWaitsForItAndArrivesIntact() throws Exception {
        try (LocalWalService wal = new LocalWalService(dir.resolve("wal"), 16 << 20)) {
            wal.createTimeline(TENANT, MAIN, START);
            final Ingest ingest = new Ingest(START);
            final IngestBackpressure.Stats stats = new IngestBackpressure.Stats();
            final ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (IngestBackpressure sink = new IngestBackpressure(wal.writer(TENANT, MAIN), ingest, LAG, 30_000, stats,
                "main")) {
                int len = record(1500, 1);
                expected.write(rec.byteArray(), 0, len);
                final long first = sink.append(START, rec, 0, len).get(10, TimeUnit.SECONDS);
                assertEquals(0, ingest.asked.get(), "an append within the lag goes straight through");

                len = record(1500, 2);
                expected.write(rec.byteArray(), 0, len);
                final CompletableFuture<Long> held = sink.append(first, rec, 0, len);
                record(1500, 9); // the caller reuses its buffer once append returns
                ingest.awaitAsked(1);
                assertFalse(held.isDone(), "held while ingest is more than the lag behind");
                assertEquals(first, wal.writer(TENANT, MAIN).endLsn(), "nothing reached the WAL service");

                ingest.advanceTo(first - LAG - 1);
                ingest.awaitAsked(2);
                assertFalse(held.isDone(), "still one byte short of the lag");
                ingest.advanceTo(first - LAG);
                final long second = held.get(10, TimeUnit.SECONDS);
                assertEquals(first + len, second);
                assertEquals(1, stats.held.sum());
                assertEquals(0, stats.stalls.sum());
                assertArrayEquals(expected.toByteArray(), readBack(wal, second));
            }
        }
    }

    @Test
    void ingestThatMakesNoProgressStopsHoldingAppends() throws Exception {
        try (LocalWalService wal = new LocalWalService(dir.resolve("wal"), 16 << 20)) {
            wal.createTimeline(TENANT, MAIN, START);
            final Ingest ingest = new Ingest(START);
            final IngestBackpressure.Stats stats = new IngestBackpressure.Stats();
            try (IngestBackpressure sink = new IngestBackpressure(wal.writer(TENANT, MAIN), ingest, LAG, 300, stats,
                "main")) {
                final long first = sink.append(START, rec, 0, record(1500, 1)).get(10, TimeUnit.SECONDS);
                final long second = sink.append(first, rec, 0, record(1500, 2)).get(10, TimeUnit.SECONDS);
                assertEquals(1, stats.stalls.sum(), "let through after the stall time");
                final int asked = ingest.asked.get();
                sink.append(second, rec, 0, record(1500, 3)).get(10, TimeUnit.SECONDS);
                assertEquals(asked, ingest.asked.get(), "not held again right after a stall");
                assertEquals(1, stats.stalls.sum());
            }
        }
    }

    @Test
    void aPageServerThatCannotBeAskedDoesNotHoldWrites() throws Exception {
        try (LocalWalService wal = new LocalWalService(dir.resolve("wal"), 16 << 20)) {
            wal.createTimeline(TENANT, MAIN, START);
            final Ingest ingest = new Ingest(START);
            ingest.fail(StratumException.of(ErrorCode.UNAVAILABLE, "connection refused"));
            final IngestBackpressure.Stats stats = new IngestBackpressure.Stats();
            try (IngestBackpressure sink = new IngestBackpressure(wal.writer(TENANT, MAIN), ingest, LAG, 30_000, stats,
                "main")) {
                final long first = sink.append(START, rec, 0, record(1500, 1)).get(10, TimeUnit.SECONDS);
                final long t0 = System.nanoTime();
                sink.append(first, rec, 0, record(1500, 2)).get(10, TimeUnit.SECONDS);
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "not held for the stall time");
                assertEquals(1, stats.stalls.sum());
            }
        }
    }

    @Test
    void closeSendsAHeldAppend() throws Exception {
        try (LocalWalService wal = new LocalWalService(dir.resolve("wal"), 16 << 20)) {
            wal.createTimeline(TENANT, MAIN, START);
            final Ingest ingest = new Ingest(START);
            final IngestBackpressure sink = new IngestBackpressure(wal.writer(TENANT, MAIN), ingest, LAG, 30_000,
                new IngestBackpressure.Stats(), "main");
            final long first = sink.append(START, rec, 0, record(1500, 1)).get(10, TimeUnit.SECONDS);
            final int len = record(1500, 2);
            final CompletableFuture<Long> held = sink.append(first, rec, 0, len);
            ingest.awaitAsked(1);
            sink.close();
            assertEquals(first + len, held.get(10, TimeUnit.SECONDS));
        }
    }
}
