package io.stratum.engine.ingest;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRecords;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalBatchHandler;
import io.stratum.wal.WalSource;
import io.stratum.wal.WalStream;
import io.stratum.wal.codec.WalRecordEncoder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Permanent ingest errors fail the timeline and stop the receiver; transient ones back off exponentially. */
class WalReceiverFailureTest {
    private static final long START = 0x100_0000L;
    private static final TenantId TENANT = new TenantId(1, 1);
    private static final TimelineId TIMELINE = new TimelineId(2, 2);

    @TempDir
    Path dir;

    /** A source whose every stream serves one batch at START, then idles; {@code failPolls} polls throw first. */
    private static final class ScriptedSource implements WalSource {
        final UnsafeBuffer batch;
        final int length;
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger failPolls;
        final List<Long> openedAtNanos = new CopyOnWriteArrayList<>();

        ScriptedSource(final UnsafeBuffer batch, final int length, final int failPolls) {
            this.batch = batch;
            this.length = length;
            this.failPolls = new AtomicInteger(failPolls);
        }

        @Override
        public WalStream stream(final TenantId tenant, final TimelineId timeline, final long startLsn) {
            opened.incrementAndGet();
            openedAtNanos.add(System.nanoTime());
            return new WalStream() {
                long pos = startLsn;

                @Override
                public int poll(final WalBatchHandler handler, final long timeoutNanos) {
                    if (failPolls.getAndDecrement() > 0) {
                        throw StratumException.of(ErrorCode.UNAVAILABLE, "WAL node went away (scripted)");
                    }
                    if (pos >= START + length) {
                        LockSupport.parkNanos(Math.min(timeoutNanos, 2_000_000L));
                        return 0;
                    }
                    handler.onBatch(START, batch, 0, length);
                    pos = START + length;
                    return length;
                }

                @Override
                public long position() {
                    return pos;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void reportPersisted(final TenantId tenant, final TimelineId timeline, final long lsn) {
        }
    }

    private static void await(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            LockSupport.parkNanos(1_000_000L);
        }
    }

    @Test
    void unknownResourceManagerFailsTheTimelineOnceAndStops() {
        final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 16));
        final int len = new WalRecordEncoder().wrap(buf, 0, buf.capacity()).begin(200, 0, 7)
            .addBlock(PageKey.relHi(1, 1), PageKey.relLo(1, 0, 0), 0).finish(16);
        final ScriptedSource source = new ScriptedSource(buf, len, 0);
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).backgroundThreads(0).build())) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, TIMELINE, START);
            try (WalReceiver r = WalReceiver.start(source, t)) {
                await(r::stopped, "the receiver stops on a record it can never ingest");
                assertEquals(1, source.opened.get(), "a permanent error is not retried");
                assertEquals(0, r.reconnects());
                assertNotNull(r.failure());
                assertTrue(r.failure().contains("rmgr=200"), r.failure());
                assertEquals("Failed", ps.listTimelines(TENANT).get(0).state());
                assertTrue(ps.listTimelines(TENANT).get(0).failure().contains("rmgr=200"));
                final StratumException e = assertThrows(StratumException.class, () -> t.ingest(START, buf, 0, len));
                assertEquals(ErrorCode.FAILED, e.code());
            }
        }
    }

    @Test
    void transientStreamErrorsAreRetriedWithGrowingBackoff() {
        final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 16));
        final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
        page.setMemory(0, PageKey.PAGE_SIZE, (byte) 0x44);
        final int len = EngineRecords.fullPage(new WalRecordEncoder(), buf, 0, PageKey.relHi(1, 1),
            PageKey.relLo(1, 0, 0), page, 0);
        // each stream opens fine and then fails on its first poll: the back-off must still grow
        final ScriptedSource source = new ScriptedSource(buf, len, 3);
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).backgroundThreads(0).build())) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, TIMELINE, START);
            try (WalReceiver r = WalReceiver.start(source, t)) {
                assertEquals(START + len, t.waitForLsn(START + len, 10_000));
                assertEquals(3, r.reconnects());
                assertNull(r.failure());
                assertFalse(r.stopped());
                assertEquals("Active", ps.listTimelines(TENANT).get(0).state());
                final List<Long> at = source.openedAtNanos;
                assertEquals(4, at.size());
                long expect = WalReceiver.MIN_BACKOFF_MILLIS;
                for (int i = 1; i < at.size(); i++) {
                    final long gapMillis = TimeUnit.NANOSECONDS.toMillis(at.get(i) - at.get(i - 1));
                    assertTrue(gapMillis >= expect, "reconnect " + i + " after " + gapMillis + " ms, expected at least "
                        + expect + " ms (exponential back-off)");
                    expect = WalReceiver.nextBackoff(expect);
                }
            }
        }
    }

    @Test
    void backoffDoublesAndIsBounded() {
        long b = WalReceiver.MIN_BACKOFF_MILLIS;
        for (int i = 0; i < 20; i++) {
            final long n = WalReceiver.nextBackoff(b);
            assertTrue(n == Math.min(2 * b, WalReceiver.MAX_BACKOFF_MILLIS), "from " + b + " to " + n);
            b = n;
        }
        assertEquals(WalReceiver.MAX_BACKOFF_MILLIS, b);
        assertEquals(WalReceiver.MIN_BACKOFF_MILLIS, WalReceiver.nextBackoff(0));
    }

    @Test
    void anAlreadyFailedTimelineStopsTheReceiver() {
        final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 16));
        final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
        final int len = EngineRecords.fullPage(new WalRecordEncoder(), buf, 0, PageKey.relHi(1, 1),
            PageKey.relLo(1, 0, 0), page, 0);
        final ScriptedSource source = new ScriptedSource(buf, len, 0);
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).backgroundThreads(0).build())) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, TIMELINE, START);
            t.fail("disk full (test)", null);
            try (WalReceiver r = WalReceiver.start(source, t)) {
                await(r::stopped, "the receiver stops on a FAILED timeline");
                assertEquals(1, source.opened.get());
                assertTrue(r.failure().contains("disk full (test)"), r.failure());
            }
        }
    }
}
