package io.stratum.perf.engine;

import static io.stratum.perf.engine.EngineBenchSupport.*;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.service.EnginePageServiceBackend;
import io.stratum.engine.service.PageClient;
import io.stratum.engine.service.PageClientConfig;
import io.stratum.engine.service.PageProtocol;
import io.stratum.engine.service.PageService;
import io.stratum.engine.service.PageServiceConfig;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stratum bench getpage --remote}: GetPage@LSN over loopback TCP against a page server (image +
 * 3 deltas per page), and in the same run the floor: a bare request/response of the same sizes over the
 * same kind of socket with no work behind it.
 */
@Command(name = "getpage-remote", mixinStandardHelpOptions = true, hidden = true,
    description = {"GetPage@LSN over loopback TCP (page service + client) against the floor: a bare",
        "request/response of the same sizes on the same kind of socket."})
public final class RemoteGetPageBench implements Callable<Integer> {
    private static final TenantId TENANT = new TenantId(2, 2);
    private static final TimelineId MAIN = new TimelineId(2, 2);
    private static final int REQUEST_BODY = PageProtocol.TARGET + 16;

    @Option(names = "--json", description = "print one JSON line")
    boolean json;

    @Option(names = "--pages", defaultValue = "4000", description = "distinct pages (default ${DEFAULT-VALUE})")
    int pages = 4000;

    @Option(names = "--clients", defaultValue = "4", description = "client threads in the throughput phase (default ${DEFAULT-VALUE})")
    int clients = 4;

    @Option(names = "--batch", defaultValue = "16", description = "pages per GET_PAGES request in the throughput phase (default ${DEFAULT-VALUE})")
    int batch = 16;

    @Option(names = "--warmup-seconds", defaultValue = "10", description = "warm-up per phase (default ${DEFAULT-VALUE})")
    int warmup = 10;

    @Option(names = "--seconds", defaultValue = "10", description = "measurement per phase (default ${DEFAULT-VALUE})")
    int seconds = 10;

    @Option(names = "--dir", description = "scratch directory parent (default: the system temp dir)")
    Path base;

    @Override
    public Integer call() throws Exception {
        final Path dir = scratchDir(base, "bench-getpage-remote");
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).backgroundThreads(0).autoCompact(false).build());
             PageService service = PageService.start(PageServiceConfig.builder().port(0).build(),
                 new EnginePageServiceBackend(ps));
             FloorServer floor = new FloorServer()) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, MAIN, START_LSN);
            final long lsn = imagePlusDeltas(t, pages, 3);

            final Histogram floorH = new Histogram(3);
            try (FloorClient fc = new FloorClient(floor.port())) {
                loop(warmup, null, fc::call);
                loop(seconds, floorH, fc::call);
            }
            final Histogram remoteH = new Histogram(3);
            final long hits0 = ps.pageCache().hits();
            final long miss0 = ps.pageCache().misses();
            try (PageClient c = pageClient(service.port(), 1, 30_000)) {
                final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(8192));
                final Runnable one = () -> {
                    final int k = ThreadLocalRandom.current().nextInt(pages);
                    c.getPage(TENANT, MAIN, keyHi(k), keyLo(k), lsn, page, 0);
                };
                loop(warmup, null, one);
                loop(seconds, remoteH, one);
            }
            final long hits = ps.pageCache().hits() - hits0;
            final long misses = ps.pageCache().misses() - miss0;
            final double pagesPerS = throughput(service.port(), lsn);

            final Map<String, Object> f = fields();
            f.put("floor_rtt_p50_us", round(floorH.getValueAtPercentile(50) / 1000.0));
            f.put("floor_rtt_p99_us", round(floorH.getValueAtPercentile(99) / 1000.0));
            f.put("remote_p50_us", round(remoteH.getValueAtPercentile(50) / 1000.0));
            f.put("remote_p99_us", round(remoteH.getValueAtPercentile(99) / 1000.0));
            f.put("remote_pages_per_s", Math.round(pagesPerS));
            f.put("p50_vs_floor", round(remoteH.getValueAtPercentile(50) / (double) floorH.getValueAtPercentile(50)));
            f.put("p99_vs_floor", round(remoteH.getValueAtPercentile(99) / (double) floorH.getValueAtPercentile(99)));
            f.put("cache_hit_ratio", round(hits + misses == 0 ? 0 : hits / (double) (hits + misses)));
            f.put("clients", clients);
            f.put("batch", batch);
            f.put("pages", pages);
            f.put("warmup_s", warmup);
            f.put("seconds", seconds);
            print(json, "GetPage@LSN over loopback TCP (image + 3 deltas per page) vs. a bare request/response", f);
            return 0;
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void loop(final int secs, final Histogram h, final Runnable op) {
        final long end = System.nanoTime() + secs * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 64; i++) {
                final long t0 = System.nanoTime();
                op.run();
                if (h != null) {
                    h.recordValue(System.nanoTime() - t0);
                }
            }
        }
    }

    /** {@code clients} threads, each with its own connection, fetching batches; returns pages per second. */
    private double throughput(final int port, final long lsn) throws Exception {
        final AtomicLong total = new AtomicLong();
        final Thread[] threads = new Thread[clients];
        final long[] measureFrom = {System.nanoTime() + warmup * 1_000_000_000L};
        final long end = measureFrom[0] + seconds * 1_000_000_000L;
        for (int c = 0; c < clients; c++) {
            threads[c] = new Thread(() -> {
                try (PageClient client = pageClient(port, 1, 30_000)) {
                    final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(8192 * batch));
                    final long[] keys = new long[2 * batch];
                    long n = 0;
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        for (int i = 0; i < batch; i++) {
                            final int k = ThreadLocalRandom.current().nextInt(pages);
                            keys[2 * i] = keyHi(k);
                            keys[2 * i + 1] = keyLo(k);
                        }
                        client.getPages(TENANT, MAIN, lsn, keys, batch, out, 0);
                        if (now >= measureFrom[0]) {
                            n += batch;
                        }
                    }
                    total.addAndGet(n);
                }
            }, "bench-client-" + c);
            threads[c].start();
        }
        for (final Thread th : threads) {
            th.join();
        }
        return total.get() / (double) seconds;
    }

    /** Answers every frame with a frame of the GET_PAGE response's size, doing nothing else. */
    static final class FloorServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        private final Thread acceptor;

        FloorServer() throws IOException {
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        final Socket s = server.accept();
                        final Thread t = new Thread(() -> serve(s), "bench-floor-conn");
                        t.setDaemon(true);
                        t.start();
                    }
                } catch (final IOException e) {
                    // closed
                }
            }, "bench-floor-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private static void serve(final Socket s) {
            try (s) {
                s.setTcpNoDelay(true);
                final DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 65536));
                final BufferedOutputStream out = new BufferedOutputStream(s.getOutputStream(), 65536);
                final byte[] req = new byte[1 << 16];
                final byte[] resp = new byte[4 + PageProtocol.HEADER + 8192];
                ByteBuffer.wrap(resp).order(ByteOrder.BIG_ENDIAN).putInt(PageProtocol.HEADER + 8192);
                while (true) {
                    final int len = in.readInt();
                    in.readFully(req, 0, len);
                    out.write(resp);
                    if (in.available() == 0) {
                        out.flush();
                    }
                }
            } catch (final IOException e) {
                // client went away
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Sends a GET_PAGE-sized frame and reads the 8 KiB answer, synchronously. */
    static final class FloorClient implements AutoCloseable {
        private final Socket s;
        private final DataInputStream in;
        private final BufferedOutputStream out;
        private final byte[] req = new byte[4 + PageProtocol.HEADER + REQUEST_BODY];
        private final byte[] resp = new byte[PageProtocol.HEADER + 8192];

        FloorClient(final int port) throws IOException {
            s = new Socket(InetAddress.getLoopbackAddress(), port);
            s.setTcpNoDelay(true);
            in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 65536));
            out = new BufferedOutputStream(s.getOutputStream(), 65536);
            ByteBuffer.wrap(req).order(ByteOrder.BIG_ENDIAN).putInt(PageProtocol.HEADER + REQUEST_BODY);
        }

        void call() {
            try {
                out.write(req);
                out.flush();
                final int len = in.readInt();
                in.readFully(resp, 0, len);
            } catch (final IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }

    /** A page client of the service on loopback {@code port}. */
    static PageClient pageClient(final int port, final int connections, final long timeoutMillis) {
        return PageClient.connect(PageClientConfig.builder("127.0.0.1", port).connections(connections)
            .requestTimeout(Duration.ofMillis(timeoutMillis)).maxBatch(4096).build());
    }
}
