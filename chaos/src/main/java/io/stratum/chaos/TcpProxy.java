package io.stratum.chaos;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy the nemesis puts between two processes: it listens on a port of its own (bound to 0
 * and read back), forwards each accepted connection to the current target (which can change while it runs,
 * so a restarted daemon may come back on a new port), and on request cuts every connection and refuses new
 * ones for a while, or delays every chunk it forwards. Each direction copies through one fixed 64 KiB
 * buffer, so a connection holds at most 128 KiB in the proxy however fast either side writes.
 * <p>Threads: one acceptor, and two per open connection (one per direction); all stopped by {@link #close()}.
 */
final class TcpProxy implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;
    /** Well above the load test's 500 clients plus the connections still closing: the proxy never refuses first. */
    private static final int MAX_CONNECTIONS = 2_048;

    private final String name;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile InetSocketAddress target;
    private volatile boolean cut;
    private volatile long delayMs;
    private volatile boolean closed;

    private TcpProxy(final String name, final InetSocketAddress target) throws IOException {
        this.name = name;
        this.target = target;
        this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "chaos-proxy-" + name);
        this.acceptor.setDaemon(true);
    }

    /** Starts a proxy named {@code name} (for thread names and reports) in front of {@code target}. */
    static TcpProxy start(final String name, final InetSocketAddress target) {
        try {
            final TcpProxy p = new TcpProxy(name, target);
            p.acceptor.start();
            return p;
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot start the proxy", "name", name);
        }
    }

    String name() {
        return name;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT} of the proxy's own listener. */
    String address() {
        return "127.0.0.1:" + port();
    }

    /** New connections go to {@code t}; open ones stay where they are. */
    void retarget(final InetSocketAddress t) {
        target = t;
    }

    /** Cuts (resets) every open connection and refuses new ones until {@link #heal()}. */
    void cut() {
        cut = true;
        for (final Socket s : open) {
            closeQuietly(s);
        }
    }

    /** Every forwarded chunk waits {@code ms} before it goes on (0: none). */
    void delay(final long ms) {
        delayMs = ms;
    }

    /** Ends a cut and a delay. */
    void heal() {
        cut = false;
        delayMs = 0;
    }

    private void acceptLoop() {
        while (!closed) {
            final Socket client;
            try {
                client = listener.accept();
            } catch (final IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut || open.size() >= 2 * MAX_CONNECTIONS) {
                closeQuietly(client);
                continue;
            }
            final Socket server = new Socket();
            try {
                server.connect(target, 5_000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (final IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            open.add(client);
            open.add(server);
            pump(client, server, "up");
            pump(server, client, "down");
        }
    }

    private void pump(final Socket from, final Socket to, final String direction) {
        final Thread t = new Thread(() -> {
            final byte[] buf = new byte[BUFFER];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    final long d = delayMs;
                    if (d > 0) {
                        Thread.sleep(d);
                    }
                    if (cut) {
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (final IOException e) {
                // the other side went away or the nemesis cut us
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "chaos-proxy-" + name + "-" + direction);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(final Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (final IOException e) {
            // not connected
        }
        try {
            s.close();
        } catch (final IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (final IOException e) {
            // closing anyway
        }
        for (final Socket s : open) {
            closeQuietly(s);
        }
        try {
            acceptor.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
