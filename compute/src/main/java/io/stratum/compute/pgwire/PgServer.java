package io.stratum.compute.pgwire;

import io.stratum.compute.session.SessionFactory;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL wire protocol (v3) server: accepts client connections and drives one
 * {@link io.stratum.compute.session.Session} per connection through the {@link SessionFactory}.
 * Start with {@link #start(PgServerConfig, SessionFactory)}, stop with {@link #close()}.
 *
 * <p>Threads: one acceptor thread ({@code stratum-pg-acceptor}) and one thread per client connection
 * ({@code stratum-pg-N}), at most {@code maxConnections} sessions plus a few short-lived threads that
 * answer cancel requests and refuse connections past the limit; {@link #close()} stops them all.
 */
public final class PgServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgServer.class);
    /** Threads beyond maxConnections that may exist at once to refuse clients or serve CancelRequests. */
    private static final int EXTRA_HANDLERS = 16;

    private final PgServerConfig config;
    private final SessionFactory factory;
    private final ServerSocket serverSocket;
    private final SSLContext sslContext;
    private final Authenticator authenticator;
    private final Thread acceptor;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final AtomicInteger handlers = new AtomicInteger();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger nextProcessId = new AtomicInteger(1000);
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<Integer, PgConnection> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Thread, PgConnection> threads = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder binaryValues = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean closed;

    private PgServer(final PgServerConfig config, final SessionFactory factory) throws IOException {
        this.config = config;
        this.factory = factory;
        this.sslContext = config.tls() ? TlsContext.load(config.tlsCertificate(), config.tlsKey()) : null;
        this.authenticator = new Authenticator(config);
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()),
            backlog(config.maxConnections()));
        this.acceptor = new Thread(this::acceptLoop, "stratum-pg-acceptor");
        acceptor.setDaemon(true);
    }

    /**
     * Binds the listen socket and starts accepting.
     *
     * @throws StratumException IO_ERROR when the address cannot be bound
     */
    public static PgServer start(final PgServerConfig config, final SessionFactory factory) {
        final PgServer server;
        try {
            server = new PgServer(config, factory);
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot listen", "host", config.host(),
                    "port", config.port());
        }
        server.acceptor.start();
        LOG.info("PostgreSQL protocol server listening on {}:{}", config.host(), server.port());
        return server;
    }

    /** The bound port (the ephemeral one when the config said 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    public PgServerConfig config() {
        return config;
    }

    /**
     * The accept queue, sized as PostgreSQL sizes it: twice the connection limit, at least 128 and at most
     * 10,000 (the kernel caps it at {@code net.core.somaxconn}). A fixed 128 overflowed under 500 clients
     * connecting at once while the acceptor waited for a CPU: the kernel dropped their SYNs and 800 of them
     * timed out in TCP connect ({@code stratum chaos --load 500 --minutes 10}).
     */
    static int backlog(final int maxConnections) {
        return Math.max(128, Math.min(10_000, 2 * maxConnections));
    }

    /** Sessions open now. */
    public int sessionCount() {
        return sessions.get();
    }

    private void acceptLoop() {
        while (!closed) {
            final Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (final IOException e) {
                if (!closed) {
                    LOG.warn("accept failed: {}", e.toString());
                    pauseAfterAcceptFailure();
                }
                continue;
            }
            if (handlers.incrementAndGet() > config.maxConnections() + EXTRA_HANDLERS) {
                handlers.decrementAndGet();
                closeQuietly(socket);
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
            } catch (final SocketException e) {
                // keep going with the defaults
            }
            final PgConnection connection = new PgConnection(this, socket);
            final Thread t = new Thread(() -> {
                try {
                    connection.run();
                } finally {
                    handlers.decrementAndGet();
                    threads.remove(Thread.currentThread());
                }
            }, "stratum-pg-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            threads.put(t, connection);
            t.start();
            if (closed) {
                connection.abort();
            }
        }
    }

    /** Out of file descriptors and the like: do not spin on accept. */
    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(50);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes a session slot; false when maxConnections sessions are open. */
    boolean acquireSession() {
        if (sessions.incrementAndGet() > config.maxConnections()) {
            sessions.decrementAndGet();
            return false;
        }
        return true;
    }

    void releaseSession() {
        sessions.decrementAndGet();
    }

    /** Registers a connection for CancelRequests; returns its process id. */
    int register(final PgConnection connection) {
        while (true) {
            final int pid = nextProcessId.getAndIncrement() & 0x7FFFFFFF;
            if (pid != 0 && connections.putIfAbsent(pid, connection) == null) {
                return pid;
            }
        }
    }

    void unregister(final int pid) {
        if (pid != 0) {
            connections.remove(pid);
        }
    }

    int newSecret() {
        return random.nextInt();
    }

    /** A CancelRequest: cancels the statement of the connection with that process id and secret key. */
    void cancel(final int pid, final int secret) {
        final PgConnection c = connections.get(pid);
        if (c != null && c.secret() == secret) {
            c.cancelStatement();
        }
    }

    void countBinaryValues(final long n) {
        if (n > 0) {
            binaryValues.add(n);
        }
    }

    /** Result values sent in binary format so far (all connections). */
    public long binaryValuesSent() {
        return binaryValues.sum();
    }

    SessionFactory factory() {
        return factory;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    SSLContext sslContext() {
        return sslContext;
    }

    boolean isClosed() {
        return closed;
    }

    /** Stops accepting, disconnects every client (closing its session) and waits for the threads. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        try {
            acceptor.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (final PgConnection c : new ArrayList<>(threads.values())) {
            c.abort();
        }
        final List<Thread> running = new ArrayList<>(threads.keySet());
        for (final Thread t : running) {
            try {
                t.join(5_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void closeQuietly(final AutoCloseable c) {
        try {
            c.close();
        } catch (final Exception e) {
            // closing anyway
        }
    }
}
