package io.stratum.engine.http;

import static org.junit.jupiter.api.Assertions.*;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.stratum.engine.BlockingFileIo;
import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRecords;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.codec.WalRecordEncoder;
import io.stratum.wal.io.FileIo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the management server never interrupts a worker inside file I/O (which would close shared channels). */
class ManagementServerCloseTest {
    private static final TenantId TENANT = new TenantId(1, 1);
    private static final TimelineId TIMELINE = new TimelineId(1, 1);

    @TempDir
    Path dir;

    @Test
    void closeWaitsForAWorkerInFileIoAndReadersKeepWorking() throws Exception {
        final BlockingFileIo io = new BlockingFileIo(FileIo.real());
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).fileIo(io).backgroundThreads(0)
            .autoCompact(false).compactionThreshold(2).pageCacheBytes(1).build())) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, TIMELINE, 0x100_0000L);
            final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(64 << 10));
            final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
            final WalRecordEncoder enc = new WalRecordEncoder();
            long lsn = 0x100_0000L;
            for (int i = 0; i < 2; i++) {
                page.setMemory(0, PageKey.PAGE_SIZE, (byte) (0x20 + i));
                final int len = EngineRecords.fullPage(enc, buf, 0, PageKey.relHi(1, 1), PageKey.relLo(1, 0, i), page, 0);
                t.ingest(lsn, buf, 0, len);
                lsn += len;
                t.flush();
            }
            final long end = lsn;
            final ManagementServer api = ManagementServer.start("127.0.0.1", 0, null, ps, ManagementHooks.NONE,
                EngineMetrics.register(new PrometheusRegistry(), ps, null, List::of));
            final HttpClient http = HttpClient.newHttpClient();
            io.arm();
            http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v1/tenant/" + TENANT
                + "/timeline/" + TIMELINE + "/compact")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
            assertTrue(io.awaitEntered(), "the compact request reads a layer file");
            final AtomicReference<Throwable> closeFailure = new AtomicReference<>();
            final Thread closer = new Thread(() -> {
                try {
                    api.close();
                } catch (final Throwable e) {
                    closeFailure.set(e);
                }
            }, "test-closer");
            closer.start();
            // release the worker only once close() is done or waiting for the workers, so an interrupt
            // (what close() used to send) would have reached it
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (closer.isAlive() && !waitingForWorkers(closer)) {
                assertTrue(System.nanoTime() < deadline, "close() neither finished nor waited for its workers");
                LockSupport.parkNanos(1_000_000L);
            }
            io.release();
            closer.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(closer.isAlive(), "close() returns once the worker is done");
            assertNull(closeFailure.get());
            assertFalse(io.interrupted(), "close() interrupted a worker inside file I/O");
            for (int i = 0; i < 2; i++) {
                t.getPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i), end, page, 0);
                assertEquals(0x20 + i, page.getByte(100), "a reader of the shared layer files after close()");
            }
        }
    }

    private static boolean waitingForWorkers(final Thread t) {
        for (final StackTraceElement e : t.getStackTrace()) {
            if (e.getMethodName().equals("awaitTermination")) {
                return true;
            }
        }
        return false;
    }
}
