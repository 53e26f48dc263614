package io.stratum.engine.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRecords;
import io.stratum.engine.service.EnginePageServiceBackend;
import io.stratum.engine.service.PageClient;
import io.stratum.engine.service.PageClientConfig;
import io.stratum.engine.service.PageService;
import io.stratum.engine.service.PageServiceConfig;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.codec.WalRecordEncoder;
import io.stratum.wal.local.LocalWalService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WAL written to a WAL service streams into the page server through the receiver, and pages read back
 * over the page service at many LSNs match a model, before and after a page server restart.
 */
class ReceiverServiceTest {
    static final TenantId TENANT = TenantId.parse("0000000000000000000000000000000a");
    static final TimelineId MAIN = TimelineId.parse("000000000000000000000000000000b0");
    static final long START = 0x1000000L;

    @TempDir
    Path dir;

    /** One patch: 8 bytes at {@code offset} of page {@code block} become {@code value}. */
    record Write(long endLsn, int block, int offset, long value) {
    }

    private static byte[] expected(final List<Write> writes, final int block, final long lsn) {
        final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
        for (final Write w : writes) {
            if (w.endLsn() <= lsn && w.block() == block) {
                page.putLong(w.offset(), w.value());
            }
        }
        return page.byteArray();
    }

    @Test
    void walFlowsFromTheWalServiceToPageReadsAndSurvivesRestart() throws Exception {
        final List<Write> writes = new ArrayList<>();
        try (LocalWalService wal = new LocalWalService(dir.resolve("wal"), 64 << 10)) {
            wal.createTimeline(TENANT, MAIN, START);
            final EngineConfig config = EngineConfig.builder(dir.resolve("ps")).inMemoryLayerBytes(256 << 10).build();
            PageServer ps = PageServer.open(config);
            ps.createTenant(TENANT);
            Timeline tl = ps.createTimeline(TENANT, MAIN, START);
            WalReceiver receiver = WalReceiver.start(wal, tl);
            PageService service = PageService.start(PageServiceConfig.builder().port(0).build(),
                new EnginePageServiceBackend(ps));
            final int port = service.port();
            try (PageClient client = pageClient(port, 2, 30_000)) {
                final WalSink sink = wal.writer(TENANT, MAIN);
                final UnsafeBuffer buf = new UnsafeBuffer(new byte[64 << 10]);
                final UnsafeBuffer value = new UnsafeBuffer(new byte[8]);
                final WalRecordEncoder enc = new WalRecordEncoder();
                final long hi = PageKey.relHi(1, 100);
                long lsn = START;
                for (int batch = 0; batch < 60; batch++) {
                    int len = 0;
                    final long batchStart = lsn;
                    for (int i = 0; i < 40; i++) {
                        final int n = batch * 40 + i;
                        final int block = n % 13;
                        final int offset = (n * 8) % 8000;
                        value.putLong(0, n * 1_000_003L);
                        final int rl = EngineRecords.patch(enc, buf, len, hi, PageKey.relLo(100, 0, block), offset,
                            value, 0, 8);
                        len += rl;
                        lsn += rl;
                        writes.add(new Write(lsn, block, offset, n * 1_000_003L));
                    }
                    assertEquals(lsn, sink.append(batchStart, buf, 0, len).get());
                }
                final long end = lsn;
                assertEquals(end, client.waitForLsn(TENANT, MAIN, end, 20_000));
                checkReads(client, writes, hi, end);

                // the page server persists a layer; the WAL service may then drop what it no longer needs
                tl.flush();
                final Timeline flushed = tl;
                awaitTrue(() -> wal.log(TENANT, MAIN).beginLsn() == flushed.diskConsistentLsn(),
                    "persisted LSN was not reported back to the WAL service");
                assertTrue(wal.log(TENANT, MAIN).beginLsn() > START);

                // restart the page server: everything is read back, and ingest resumes
                receiver.close();
                service.close();
                ps.close();
                ps = PageServer.open(config);
                tl = ps.timeline(TENANT, MAIN);
                receiver = WalReceiver.start(wal, tl);
                service = PageService.start(PageServiceConfig.builder().port(port).build(),
                    new EnginePageServiceBackend(ps));
                assertEquals(end, client.waitForLsn(TENANT, MAIN, end, 20_000));
                checkReads(client, writes, hi, end);
            } finally {
                receiver.close();
                service.close();
                ps.close();
            }
        }
    }

    private static void checkReads(final PageClient client, final List<Write> writes, final long hi, final long end) {
        final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
        final Map<Long, Boolean> seen = new HashMap<>();
        for (int i = 0; i < writes.size(); i += 37) {
            final long lsn = writes.get(i).endLsn();
            for (int block = 0; block < 13; block += 4) {
                client.getPage(TENANT, MAIN, hi, PageKey.relLo(100, 0, block), lsn, page, 0);
                assertArrayEquals(expected(writes, block, lsn), page.byteArray(), "block " + block + " at " + lsn);
                seen.put(lsn, true);
            }
        }
        client.getPage(TENANT, MAIN, hi, PageKey.relLo(100, 0, 5), end, page, 0);
        assertArrayEquals(expected(writes, 5, end), page.byteArray());
        assertTrue(seen.size() > 50);
    }

    private static void awaitTrue(final BooleanSupplier c, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            Thread.sleep(10);
        }
    }

    /** A page client of the service on loopback {@code port}. */
    static PageClient pageClient(final int port, final int connections, final long timeoutMillis) {
        return PageClient.connect(PageClientConfig.builder("127.0.0.1", port).connections(connections)
            .requestTimeout(Duration.ofMillis(timeoutMillis)).build());
    }
}
