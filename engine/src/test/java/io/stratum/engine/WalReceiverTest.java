package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.ingest.WalReceiver;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalBatchHandler;
import io.stratum.wal.WalSource;
import io.stratum.wal.WalStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalReceiverTest {
    @TempDir
    Path dir;

    @Test
    void ingestsFromSourceAndReportsPersisted() {
        final long start = 0x100_0000L;
        final TestWal wal = new TestWal(start);
        final long end = wal.fullPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, 0), 0x33);
        final AtomicLong reported = new AtomicLong();
        final WalSource source = new WalSource() {
            @Override
            public WalStream stream(final TenantId tenant, final TimelineId timeline, final long startLsn) {
                assertEquals(start, startLsn);
                return new WalStream() {
                    long pos = startLsn;

                    @Override
                    public int poll(final WalBatchHandler handler, final long timeoutNanos) {
                        if (pos >= end) {
                            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(timeoutNanos, 5_000_000L));
                            return 0;
                        }
                        handler.onBatch(pos, wal.buf, 0, wal.len);
                        pos = end;
                        return wal.len;
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
                reported.set(lsn);
            }
        };
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).backgroundThreads(0).build())) {
            ps.createTenant(new TenantId(1, 1));
            final Timeline t = ps.createTimeline(new TenantId(1, 1), new TimelineId(1, 1), start);
            try (WalReceiver r = WalReceiver.start(source, t)) {
                assertEquals(end, t.waitForLsn(end, 10_000));
                t.flush();
                final long deadline = System.nanoTime() + 10_000_000_000L;
                while (reported.get() != end && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertEquals(end, reported.get(), "the persisted LSN is reported back to the source");
                assertEquals(wal.len, r.bytesIngested());
            }
            final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
            t.getPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, 0), end, out, 0);
            assertEquals(0x33, out.getByte(8191));
        }
    }
}
