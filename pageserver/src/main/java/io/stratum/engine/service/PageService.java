package io.stratum.engine.service;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page service: serves GetPage@LSN and friends ({@link PageProtocol}) over TCP from a
 * {@link PageServiceBackend}. Threads: one acceptor ({@code stratum-pagesvc-accept}) and one per open
 * connection ({@code stratum-pagesvc-N}), at most {@code maxConnections}; {@link #close()} stops all.
 * A malformed frame closes its connection with a logged reason, never the server.
 */
public final class PageService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PageService.class);

    private final PageServiceConfig config;
    private final PageServiceBackend backend;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private volatile boolean closed;

    final LongAdder requests = new LongAdder();
    final LongAdder pages = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder refusedConnections = new LongAdder();
    final LongAdder droppedConnections = new LongAdder();
    final Latency latency = new Latency();

    private PageService(final PageServiceConfig config, final PageServiceBackend backend) throws IOException {
        this.config = config;
        this.backend = backend;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), 128);
        this.acceptor = new Thread(this::acceptLoop, "stratum-pagesvc-accept");
        acceptor.setDaemon(true);
    }

    /** Binds and starts serving. */
    public static PageService start(final PageServiceConfig config, final PageServiceBackend backend) {
        config.validate();
        final PageService s;
        try {
            s = new PageService(config, backend);
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot listen for the page service",
                "address", config.host() + ":" + config.port(), "error", e.getMessage());
        }
        s.acceptor.start();
        return s;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getLocalPort();
    }

    public String address() {
        return config.host() + ":" + port();
    }

    public PageServiceConfig config() {
        return config;
    }

    PageServiceBackend backend() {
        return backend;
    }

    /** Requests served since start. */
    public long requestCount() {
        return requests.sum();
    }

    /** Pages sent since start. */
    public long pageCount() {
        return pages.sum();
    }

    /** Error responses sent since start. */
    public long errorCount() {
        return errors.sum();
    }

    /** Connections closed because of a malformed frame or handshake. */
    public long droppedConnectionCount() {
        return droppedConnections.sum();
    }

    /** Open connections now. */
    public int connectionCount() {
        return connections.size();
    }

    /** Request latency histogram (microsecond buckets), for metrics. */
    public Latency latency() {
        return latency;
    }

    private void acceptLoop() {
        try {
            while (!closed) {
                acceptOne();
            }
        } finally {
            try {
                server.close();
            } catch (final IOException e) {
                LOG.warn("closing page service socket: {}", e.toString());
            }
        }
    }

    private void acceptOne() {
        final Socket socket;
        try {
            socket = server.accept();
        } catch (final IOException e) {
            if (!closed) {
                // e.g. too many open files: keep serving, after a pause
                LOG.error("page service accept failed, retrying in 100 ms: {}", e.toString());
                sleepQuietly(100);
            }
            return;
        }
        try {
            startConnection(socket);
        } catch (final Throwable t) {
            LOG.error("page service could not start a connection from {}: {}", socket.getRemoteSocketAddress(),
                t.toString());
            closeQuietly(socket);
        }
    }

    private static void sleepQuietly(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startConnection(final Socket socket) {
        if (connections.size() >= config.maxConnections()) {
            refusedConnections.increment();
            LOG.warn("page service refused a connection from {}: {} connections open (maxConnections)",
                socket.getRemoteSocketAddress(), connections.size());
            closeQuietly(socket);
            return;
        }
        final ServerConnection c = new ServerConnection(this, socket);
        final Thread t = new Thread(() -> {
            try {
                c.run();
            } finally {
                connections.remove(c);
            }
        }, "stratum-pagesvc-" + connectionIds.incrementAndGet());
        t.setDaemon(true);
        c.thread = t;
        connections.add(c);
        try {
            t.start();
        } catch (final Throwable e) {
            connections.remove(c);
            throw e;
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (final IOException e) {
            LOG.warn("closing page service socket: {}", e.toString());
        }
        try {
            acceptor.join(5_000); // no connection starts after this
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (final ServerConnection c : connections) {
            c.close();
        }
        try {
            for (final ServerConnection c : connections) {
                if (c.thread != null) {
                    c.thread.join(5_000);
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(final Socket s) {
        try {
            s.close();
        } catch (final IOException | RuntimeException e) {
            // nothing to do: the peer is gone either way
        }
    }

    static boolean isDisconnect(final IOException e) {
        return e instanceof java.io.EOFException || e instanceof SocketException;
    }

    /** A fixed-bucket latency histogram in microseconds: no allocation per request. */
    public static final class Latency {
        /** Upper bounds of the buckets, in microseconds; the last bucket is unbounded. */
        public static final long[] BOUNDS_US = {10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 50_000,
            100_000, 1_000_000};
        private final LongAdder[] counts = new LongAdder[BOUNDS_US.length + 1];
        private final LongAdder sumUs = new LongAdder();

        Latency() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void record(final long micros) {
            int i = 0;
            while (i < BOUNDS_US.length && micros > BOUNDS_US[i]) {
                i++;
            }
            counts[i].increment();
            sumUs.add(micros);
        }

        /** Count in bucket {@code i} (not cumulative). */
        public long count(final int i) {
            return counts[i].sum();
        }

        public int buckets() {
            return counts.length;
        }

        public long sumMicros() {
            return sumUs.sum();
        }
    }
}
