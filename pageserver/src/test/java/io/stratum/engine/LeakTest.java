package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.stratum.engine.http.EngineMetrics;
import io.stratum.engine.http.ManagementHooks;
import io.stratum.engine.http.ManagementServer;
import io.stratum.engine.ingest.WalReceiver;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.service.EnginePageServiceBackend;
import io.stratum.engine.service.PageClient;
import io.stratum.engine.service.PageClientConfig;
import io.stratum.engine.service.PageService;
import io.stratum.engine.service.PageServiceConfig;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalBatchHandler;
import io.stratum.wal.WalSource;
import io.stratum.wal.WalStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing every component the engine module offers (page server, WAL receiver, page service, page
 * client, management server) frees its direct memory, closes its file descriptors and stops every
 * thread it started.
 */
class LeakTest {
    @TempDir
    Path dir;

    private static long direct() {
        for (final BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                return b.getMemoryUsed();
            }
        }
        return 0;
    }

    /**
     * Open file descriptors that can be the components': sockets and files under the data directory (not
     * the jars the class loader opens lazily, nor the JDK's own).
     */
    private long openFds() throws IOException {
        final String data = dir.toRealPath().toString();
        long n = 0;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (final Path fd : s.toList()) {
                final String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (final IOException e) {
                    continue; // closed while listing (the listing's own descriptor)
                }
                if (target.startsWith("socket:") || target.startsWith(data)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    /** A source that never has WAL (the receiver's thread idles in poll). */
    private static final WalSource IDLE = new WalSource() {
        @Override
        public WalStream stream(final TenantId tenant, final TimelineId timeline, final long startLsn) {
            return new WalStream() {
                @Override
                public int poll(final WalBatchHandler handler, final long timeoutNanos) {
                    LockSupport.parkNanos(Math.min(timeoutNanos, 5_000_000L));
                    return 0;
                }

                @Override
                public long position() {
                    return startLsn;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void reportPersisted(final TenantId tenant, final TimelineId timeline, final long lsn) {
        }
    };

    private static String httpGet(final int port, final String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            final OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void closeReleasesDirectMemoryFilesAndEveryThread() throws Exception {
        final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
        final TestWal wal = new TestWal(0x100_0000L);
        final TenantId tenant = new TenantId(1, 1);
        final Set<Thread> threadsBefore = liveThreads();
        final long fdsBefore = openFds();
        final long before = direct();
        final Set<String> started = new HashSet<>();
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).inMemoryLayerBytes(256 << 10)
            .compactionThreshold(2).imageThreshold(2).pageCacheBytes(4 << 20).build())) {
            ps.createTenant(tenant);
            final Timeline t = ps.createTimeline(tenant, new TimelineId(1, 1), 0x100_0000L);
            for (int i = 0; i < 300; i++) { // small batches: frozen layers go to the background thread
                wal.fullPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i % 40), i);
                if (i % 10 == 9) {
                    wal.ingestInto(t);
                }
            }
            t.flush();
            t.compact();
            try (WalReceiver receiver = WalReceiver.start(IDLE, t);
                 PageService service = PageService.start(PageServiceConfig.builder().port(0).build(),
                     new EnginePageServiceBackend(ps));
                 PageClient client = pageClient(service.port(), 2, 10_000);
                 ManagementServer api = ManagementServer.start("127.0.0.1", 0, null, ps, ManagementHooks.NONE,
                     EngineMetrics.register(new PrometheusRegistry(), ps, service, () -> List.of(receiver)))) {
                for (int i = 0; i < 40; i++) {
                    t.getPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i), t.lastRecordLsn(), out, 0);
                    client.getPage(tenant, t.id(), PageKey.relHi(1, 1), PageKey.relLo(1, 0, i), t.lastRecordLsn(),
                        out, 0);
                }
                assertTrue(httpGet(api.port(), "/v1/status").contains("\"tenants\":1"));
                assertTrue(httpGet(api.port(), "/metrics").contains("stratum_getpage_requests"));
                assertTrue(direct() > before);
                assertTrue(openFds() > fdsBefore, "layer files and sockets are open");
                for (final Thread th : liveThreads()) {
                    if (!threadsBefore.contains(th)) {
                        started.add(th.getName().replaceAll("-?\\d+$", ""));
                    }
                }
            }
        }
        // every kind of thread the components start was seen, so the check below covers each of them
        for (final String kind : List.of("stratum-engine-bg", "stratum-walreceiver", "stratum-pagesvc-accept",
            "stratum-pagesvc", "stratum-pageclient", "stratum-http")) {
            assertTrue(started.stream().anyMatch(n -> n.startsWith(kind)), "no " + kind + " thread among " + started);
        }
        // threads and sockets end asynchronously after close (the JDK HTTP server's timer, a connection
        // thread seeing its socket closed): wait for that, with a generous bound
        final long deadline = System.nanoTime() + 10_000_000_000L;
        Set<Thread> left = liveThreads();
        left.removeAll(threadsBefore);
        while ((!left.isEmpty() || openFds() != fdsBefore) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000L);
            left = liveThreads();
            left.removeAll(threadsBefore);
        }
        assertTrue(left.isEmpty(), "threads left running: " + left.stream().map(Thread::getName).toList());
        assertEquals(fdsBefore, openFds(), "file descriptors left open");
        // The JDK keeps a per-thread cache of temporary direct buffers for I/O on heap buffers (small here);
        // anything of ours left behind (a 256 KiB layer chunk, a ~200 KiB read context, the 4 MiB cache) is more.
        assertTrue(direct() - before < 160 << 10, "direct memory left: " + (direct() - before));
    }

    /** A page client of the service on loopback {@code port}. */
    static PageClient pageClient(final int port, final int connections, final long timeoutMillis) {
        return PageClient.connect(PageClientConfig.builder("127.0.0.1", port).connections(connections)
            .requestTimeout(Duration.ofMillis(timeoutMillis)).build());
    }
}
