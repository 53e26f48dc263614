package io.stratum.compute.pgwire;

import io.stratum.compute.session.Notice;
import io.stratum.compute.session.Session;
import io.stratum.compute.session.SqlException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, on its own thread: startup (SSLRequest, GSSENCRequest, CancelRequest,
 * StartupMessage), authentication, then the message loop. Protocol violations end the connection with
 * FATAL 08P01; SQL errors are reported and the loop goes on; any other exception becomes XX000.
 */
final class PgConnection {
    private static final Logger LOG = LoggerFactory.getLogger(PgConnection.class);
    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;

    private final PgServer server;
    private final PgServerConfig config;
    private Socket socket;
    private InputStream rawIn;
    PgInput in;
    PgOutput out;
    volatile Session session;
    private int processId;
    private volatile int secret;
    private boolean holdsSlot;
    private ExtendedProtocol extended;

    PgConnection(final PgServer server, final Socket socket) {
        this.server = server;
        this.config = server.config();
        this.socket = socket;
    }

    PgServer server() {
        return server;
    }

    int secret() {
        return secret;
    }

    /** CancelRequest from another connection: cancels what this session runs now. */
    void cancelStatement() {
        final Session s = session;
        if (s != null) {
            s.cancel();
        }
    }

    /** Disconnects (server shutdown): the connection thread then closes the session. */
    void abort() {
        PgServer.closeQuietly(socket);
    }

    void run() {
        try {
            rawIn = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            in = new PgInput(rawIn, config.maxMessageSize());
            out = new PgOutput(socket.getOutputStream());
            if (startup()) {
                loop();
            }
        } catch (final ProtocolException e) {
            fatal(e.sqlState(), e.getMessage());
        } catch (final SqlException e) {
            fatal(e.sqlState(), e.getMessage());
        } catch (final EOFException | SocketTimeoutException e) {
            // client went away, or startup took too long: nothing to say
        } catch (final IOException | ClientIoException e) {
            if (!server.isClosed()) {
                LOG.debug("connection {} ended: {}", processId, e.toString());
            }
        } catch (final RuntimeException e) {
            LOG.error("connection {} failed", processId, e);
            fatal("XX000", String.valueOf(e.getMessage()));
        } finally {
            finish();
        }
    }

    private void finish() {
        server.unregister(processId);
        if (extended != null) {
            extended.closeAllPortals();
        }
        final Session s = session;
        if (s != null) {
            try {
                s.close();
            } catch (final RuntimeException e) {
                LOG.warn("closing session {} failed", processId, e);
            }
        }
        if (holdsSlot) {
            server.releaseSession();
        }
        PgServer.closeQuietly(socket);
    }

    private void fatal(final String sqlState, final String message) {
        try {
            if (out != null) {
                Messages.error(out, "FATAL", sqlState, message, null, null, 0);
                out.flush();
            }
        } catch (final IOException | RuntimeException e) {
            // the client is gone
        }
    }

    /** Returns false when the connection ends during startup without an error (cancel, EOF). */
    private boolean startup() throws IOException {
        final long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        boolean tls = false;
        Map<String, String> params = null;
        while (params == null) {
            setTimeout(deadline);
            if (in.nextStartup() < 0) {
                return false;
            }
            final int code = in.int32();
            if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                if (in.remaining() != 0 || tls) {
                    throw new ProtocolException("invalid length of startup packet");
                }
                if (code == SSL_REQUEST && server.sslContext() != null) {
                    // bytes already buffered were sent before our answer: not part of the TLS stream
                    if (rawIn.available() > 0) {
                        throw new ProtocolException("received unencrypted data after SSL request");
                    }
                    out.raw('S');
                    out.flush();
                    upgradeToTls();
                    tls = true;
                } else {
                    out.raw('N');
                    out.flush();
                }
            } else if (code == CANCEL_REQUEST) {
                if (in.remaining() != 8) {
                    throw new ProtocolException("invalid length of cancel request");
                }
                server.cancel(in.int32(), in.int32());
                return false;
            } else if (code >>> 16 == 3) {
                params = startupParameters(code & 0xFFFF);
            } else {
                throw new ProtocolException("0A000", String.format(Locale.ROOT,
                        "unsupported frontend protocol %d.%d: server supports 3.0 to 3.0", code >>> 16, code & 0xFFFF));
            }
        }
        final String user = params.get("user");
        if (user == null || user.isEmpty()) {
            throw new ProtocolException("28000", "no PostgreSQL user name specified in startup packet");
        }
        final String database = params.getOrDefault("database", user);
        if (!server.acquireSession()) {
            throw new ProtocolException("53300", "sorry, too many clients already");
        }
        holdsSlot = true;
        server.authenticator().authenticate(user, in, out);
        session = server.factory().open(user, database.isEmpty() ? user : database, params);
        session.onNotice(this::notice);
        secret = server.newSecret();
        processId = server.register(this);
        final Map<String, String> status = Messages.defaultParameterStatus(user, params);
        status.putAll(session.drainParameterStatus());
        for (final Map.Entry<String, String> e : status.entrySet()) {
            Messages.parameterStatus(out, e.getKey(), e.getValue());
        }
        out.begin('K');
        out.int32(processId);
        out.int32(secret);
        out.end();
        extended = new ExtendedProtocol(this);
        sendReadyForQuery();
        socket.setSoTimeout(0);
        return true;
    }

    private Map<String, String> startupParameters(final int minor) throws IOException {
        final Map<String, String> params = new HashMap<>();
        final java.util.List<String> unknownOptions = new java.util.ArrayList<>();
        while (true) {
            final String name = in.cstring();
            if (name.isEmpty()) {
                break;
            }
            final String value = in.cstring();
            if (name.startsWith("_pq_.")) {
                unknownOptions.add(name);
            } else {
                params.put(name, value);
            }
        }
        if (minor > 0 || !unknownOptions.isEmpty()) {
            out.begin('v');
            out.int32(0);
            out.int32(unknownOptions.size());
            for (final String o : unknownOptions) {
                out.cstring(o);
            }
            out.end();
        }
        return params;
    }

    private void upgradeToTls() throws IOException {
        final SSLSocket ssl = (SSLSocket) server.sslContext().getSocketFactory()
                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        socket = ssl;
        rawIn = new BufferedInputStream(ssl.getInputStream(), 16 * 1024);
        in = new PgInput(rawIn, config.maxMessageSize());
        out = new PgOutput(ssl.getOutputStream());
    }

    private void setTimeout(final long deadlineNanos) throws IOException {
        final long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
            throw new SocketTimeoutException("startup timeout");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    private void loop() throws IOException {
        final long idleMillis = config.idleInTransactionTimeout().toMillis();
        int currentTimeout = 0;
        while (true) {
            final int wanted = idleMillis > 0 && session.transactionStatus() != 'I'
                    ? (int) Math.min(Integer.MAX_VALUE, idleMillis) : 0;
            if (wanted != currentTimeout) {
                socket.setSoTimeout(wanted);
                currentTimeout = wanted;
            }
            final int type;
            try {
                type = in.next();
            } catch (final SocketTimeoutException e) {
                throw new ProtocolException("25P03", "terminating connection due to idle-in-transaction timeout");
            }
            if (type < 0 || type == 'X') {
                return;
            }
            try {
                dispatch(type);
            } catch (final SqlException e) {
                error(e);
                if ("FATAL".equals(e.severity()) || "PANIC".equals(e.severity())) {
                    out.flush();
                    return; // the session ends (finish() closes it)
                }
                afterError(type);
            } catch (final ProtocolException | IOException | ClientIoException e) {
                throw e;
            } catch (final RuntimeException | StackOverflowError e) {
                LOG.error("connection {}: unexpected failure", processId, e);
                Messages.error(out, "ERROR", "XX000", e.getMessage() == null ? e.toString() : e.getMessage(),
                        null, null, 0);
                afterError(type);
            }
        }
    }

    /** A simple Query ends with ReadyForQuery; an extended-protocol message skips to the next Sync. */
    private void afterError(final int type) throws IOException {
        if (type == 'Q' || type == 'F') {
            readyForQuery();
        } else if (type != 'S') {
            extended.failed();
        } else {
            readyForQuery();
        }
    }

    private void dispatch(final int type) throws IOException {
        if (extended.skipping() && type != 'S') {
            return;
        }
        switch (type) {
            case 'Q':
                new SimpleQuery(this, extended).run(in.cstring());
                break;
            case 'P': extended.parse(); break;
            case 'B': extended.bind(); break;
            case 'D': extended.describe(); break;
            case 'E': extended.execute(); break;
            case 'C': extended.close(); break;
            case 'H': out.flush(); break;
            case 'S': extended.sync(); break;
            case 'd': case 'c': case 'f':
                break; // COPY messages after a failed COPY are dropped, as PostgreSQL drops them
            case 'F':
                throw new SqlException("0A000", "fastpath function calls are not supported");
            default:
                throw new ProtocolException(String.format(Locale.ROOT, "invalid frontend message type %d", type));
        }
    }

    void error(final SqlException e) {
        Messages.error(out, e.severity(), e.sqlState(), e.getMessage(), e.detail(), e.hint(), e.position());
    }

    private void notice(final Notice n) {
        Messages.notice(out, n);
    }

    /** End of a message group (Sync, simple Query): ParameterStatus for changed settings, ReadyForQuery; flushes. */
    void readyForQuery() throws IOException {
        try {
            session.sync();
        } catch (final SqlException e) {
            error(e); // a failed implicit commit is reported before ReadyForQuery, as PostgreSQL does
        }
        sendReadyForQuery();
    }

    private void sendReadyForQuery() throws IOException {
        for (final Map.Entry<String, String> e : session.drainParameterStatus().entrySet()) {
            Messages.parameterStatus(out, e.getKey(), e.getValue());
        }
        out.begin('Z');
        out.int8(session.transactionStatus());
        out.end();
        out.flush();
    }
}
