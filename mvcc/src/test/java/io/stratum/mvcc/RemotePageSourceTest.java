package io.stratum.mvcc;

import static io.stratum.mvcc.HeapBasicsTest.insert;
import static io.stratum.mvcc.HeapBasicsTest.scan;
import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.service.EnginePageServiceBackend;
import io.stratum.engine.service.PageClient;
import io.stratum.engine.service.PageClientConfig;
import io.stratum.engine.service.PageService;
import io.stratum.engine.service.PageServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compute's wiring: a store over the page service (loopback, port 0) and a SinkWalWriter. */
class RemotePageSourceTest {
    @TempDir
    Path dir;

    @Test
    void storeRunsOverThePageService() {
        try (Cluster c = new Cluster(dir, 1 << 20);
             PageService service = PageService.start(PageServiceConfig.builder().port(0).build(),
                 new EnginePageServiceBackend(c.ps));
             PageClient client = pageClient(service.port(), 2, 30_000)) {
            final RemotePageSource pages = new RemotePageSource(client, Cluster.TENANT, Cluster.MAIN);
            c.store.close();
            c.writer.close();
            try (SinkWalWriter wal = new SinkWalWriter(c.wal.writer(Cluster.TENANT, Cluster.MAIN))) {
                try (MvccStore store = MvccStore.open(MvccConfig.builder(pages).wal(wal).bufferPoolBytes(64 * 8192).build())) {
                    final Transaction t = store.begin(Isolation.READ_COMMITTED, false);
                    t.newStatement();
                    final HeapTable h = store.createHeap(t, 1400);
                    for (int i = 0; i < 500; i++) {
                        insert(h, t, "row " + i + " ".repeat(200));
                    }
                    final long lsn = t.commit();
                    final Transaction r = store.begin(Isolation.READ_COMMITTED, true);
                    r.newStatement();
                    assertEquals(500, scan(h, r).size(), "pages evicted from a 64-page pool come back over the wire");
                    assertTrue(store.bufferPool().misses() > 0);
                    client.waitForLsn(Cluster.TENANT, Cluster.MAIN, lsn, 20_000);
                    try (MvccStore ro = MvccStore.open(MvccConfig.builder(pages).readOnlyAt(lsn).build())) {
                        final Transaction q = ro.begin(Isolation.REPEATABLE_READ, true);
                        q.newStatement();
                        assertEquals(500, scan(ro.heap(1400), q).size());
                        assertTrue(pages.lastRecordLsn() >= lsn);
                    }
                }
            }
            c.writer = new SinkWalWriter(c.wal.writer(Cluster.TENANT, Cluster.MAIN));
            c.store = MvccStore.open(MvccConfig.builder(c.timeline).wal(c.writer).bufferPoolBytes(1 << 20).build());
        }
    }

    @Test
    void aSequentialScanFetchesPagesInBatches() {
        try (Cluster c = new Cluster(dir, 4 << 20);
             PageService service = PageService.start(PageServiceConfig.builder().port(0).build(),
                 new EnginePageServiceBackend(c.ps));
             PageClient client = pageClient(service.port(), 2, 30_000)) {
            final Transaction t = c.store.begin(Isolation.READ_COMMITTED, false);
            t.newStatement();
            final HeapTable h = c.store.createHeap(t, 1500);
            for (int i = 0; i < 4000; i++) {
                insert(h, t, "row " + i + " ".repeat(200));
            }
            final long lsn = t.commit();
            final long blocks = h.blocks();
            assertTrue(blocks > 100, "blocks: " + blocks);
            c.sync();
            final RemotePageSource pages = new RemotePageSource(client, Cluster.TENANT, Cluster.MAIN);
            try (MvccStore ro = MvccStore.open(MvccConfig.builder(pages).readOnlyAt(lsn).bufferPoolBytes(64 * 8192).build())) {
                final Transaction q = ro.begin(Isolation.REPEATABLE_READ, true);
                q.newStatement();
                final long before = pages.pageRequests();
                final java.util.List<String> rows = scan(ro.heap(1500), q);
                assertEquals(4000, rows.size());
                for (int i = 0; i < 4000; i++) {
                    assertEquals("row " + i + " ".repeat(200), rows.get(i));
                }
                final long requests = pages.pageRequests() - before;
                assertTrue(requests < blocks / 4, requests + " requests for " + blocks + " blocks");
                assertTrue(pages.prefetchHits() > blocks / 2, "prefetched: " + pages.prefetchHits());
            }
        }
    }

    /** A page client of the service on loopback {@code port}. */
    static PageClient pageClient(final int port, final int connections, final long timeoutMillis) {
        return PageClient.connect(PageClientConfig.builder("127.0.0.1", port).connections(connections)
            .requestTimeout(Duration.ofMillis(timeoutMillis)).build());
    }
}
