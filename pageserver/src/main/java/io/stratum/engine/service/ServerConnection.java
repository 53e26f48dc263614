package io.stratum.engine.service;

import static io.stratum.engine.service.PageProtocol.*;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.auth.AuthKey;
import io.stratum.wal.auth.AuthToken;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One client connection of the {@link PageService}: reads frames, answers each in order. */
final class ServerConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final PageService service;
    private final Socket socket;
    private final PageServiceBackend backend;
    private final int maxFrame;
    private final int maxRequest;
    private byte[] in;
    private byte[] out;
    private final UnsafeBuffer req = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer resp = new UnsafeBuffer(0, 0);
    volatile Thread thread;

    // the last tenant and timeline seen, reused so that a request allocates no id objects
    private TenantId tenant;
    private TimelineId timeline;

    // with an auth key: the handshake's verified token, or why it was refused (answered to every request)
    private final AuthKey authKey;
    private AuthToken auth;
    private StratumException authRefusal;

    ServerConnection(final PageService service, final Socket socket) {
        this.service = service;
        this.socket = socket;
        this.backend = service.backend();
        this.maxFrame = service.config().maxFrame();
        this.authKey = service.config().authKey();
        // requests are small: even a GET_PAGES of the largest batch a client may try (4096 keys, answered
        // LIMIT_EXCEEDED when over maxBatch) is 64 KiB; buffers are allocated after the handshake
        this.maxRequest = Math.min(maxFrame, HEADER + TARGET + 4 + 16 * 4096);
    }

    @Override
    public void run() {
        final String peer = String.valueOf(socket.getRemoteSocketAddress());
        try {
            socket.setTcpNoDelay(true);
            final DataInputStream input = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65536));
            final BufferedOutputStream output = new BufferedOutputStream(socket.getOutputStream(), 65536);
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            in = new byte[SERVER_HELLO_LENGTH];
            out = new byte[SERVER_HELLO_LENGTH];
            req.wrap(in);
            resp.wrap(out);
            if (!handshake(input, output, peer)) {
                return;
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, service.config().idleTimeoutMillis()));
            in = new byte[maxRequest];
            req.wrap(in);
            ensureOut(LENGTH_FIELD + HEADER + PAGE_SIZE + 4);
            while (!service.isClosed()) {
                final int length;
                try {
                    length = input.readInt();
                } catch (final java.io.EOFException e) {
                    return; // client closed
                }
                if (length < HEADER || length > maxRequest) {
                    drop(peer, "request frame length " + length + " outside [" + HEADER + ", " + maxRequest + "]");
                    return;
                }
                input.readFully(in, 0, length);
                final long start = System.nanoTime();
                final int respLen = handle(length, peer);
                if (respLen < 0) {
                    return;
                }
                output.write(out, 0, respLen);
                if (input.available() == 0) {
                    output.flush(); // answers to pipelined requests go out together
                }
                service.latency.record((System.nanoTime() - start) / 1000);
            }
        } catch (final java.net.SocketTimeoutException e) {
            drop(peer, "no complete frame within the idle timeout");
        } catch (final IOException e) {
            if (!service.isClosed() && !PageService.isDisconnect(e)) {
                LOG.warn("page service connection from {} failed: {}", peer, e.toString());
            }
        } finally {
            PageService.closeQuietly(socket);
        }
    }

    private boolean handshake(final DataInputStream input, final BufferedOutputStream output, final String peer)
        throws IOException {
        final int magic = input.readInt();
        final int version = input.readUnsignedShort();
        final int tokenLength = input.readUnsignedShort();
        if (magic != MAGIC) {
            drop(peer, String.format("bad handshake magic 0x%08x", magic));
            return false;
        }
        if (version != VERSION) {
            drop(peer, "unsupported protocol version " + version);
            return false;
        }
        if (tokenLength > AuthKey.MAX_TOKEN_LENGTH) {
            drop(peer, "handshake token of " + tokenLength + " bytes, over the limit of " + AuthKey.MAX_TOKEN_LENGTH);
            return false;
        }
        final byte[] token = new byte[tokenLength];
        input.readFully(token);
        if (authKey != null) {
            try {
                auth = authKey.verify(new String(token, StandardCharsets.ISO_8859_1), System.currentTimeMillis());
            } catch (final StratumException e) {
                authRefusal = e; // answered to each request, so the client sees a typed error
                LOG.warn("page service refused the token of {}: {}", peer, e.getMessage());
            }
        }
        resp.putInt(0, MAGIC, BE);
        resp.putShort(4, (short) VERSION, BE);
        resp.putShort(6, (short) 0, BE);
        resp.putInt(8, maxFrame, BE);
        output.write(out, 0, SERVER_HELLO_LENGTH);
        output.flush();
        return true;
    }

    /** Handles the request in {@code in[0, length)}; writes the response to {@code out}; returns its length or -1. */
    private int handle(final int length, final String peer) {
        final byte type = req.getByte(TYPE_OFFSET);
        final long id = req.getLong(REQUEST_ID_OFFSET, BE);
        final int body = HEADER;
        final int bodyLen = length - HEADER;
        service.requests.increment();
        if (bodyLen < TARGET || !expectedLength(type, bodyLen)) {
            drop(peer, "malformed " + PageProtocol.typeName(type) + " request of " + bodyLen + " body bytes");
            return -1;
        }
        readTarget(body);
        if (authKey != null) {
            try {
                if (authRefusal != null) {
                    throw authRefusal;
                }
                auth.check(tenant, System.currentTimeMillis());
            } catch (final StratumException e) {
                return error(id, e.code(), e.getMessage());
            }
        }
        final long lsn = req.getLong(body + 32, BE);
        final int args = body + TARGET;
        final int rb = LENGTH_FIELD + HEADER; // response body offset
        try {
            final int respBody;
            switch (type) {
                case GET_PAGE -> {
                    backend.getPage(tenant, timeline, req.getLong(args, BE), req.getLong(args + 8, BE), lsn, resp, rb);
                    service.pages.increment();
                    respBody = PAGE_SIZE;
                }
                case GET_PAGES -> {
                    final int count = req.getInt(args, BE);
                    if (count > service.config().maxBatch()) {
                        return error(id, ErrorCode.LIMIT_EXCEEDED, "GET_PAGES batch larger than the server's limit"
                            + " [count=" + count + ", maxBatch=" + service.config().maxBatch() + "]");
                    }
                    ensureOut(LENGTH_FIELD + HEADER + 4 + count * PAGE_SIZE);
                    resp.putInt(rb, count, BE);
                    for (int i = 0; i < count; i++) {
                        final int k = args + 4 + i * 16;
                        backend.getPage(tenant, timeline, req.getLong(k, BE), req.getLong(k + 8, BE), lsn, resp,
                            rb + 4 + i * PAGE_SIZE);
                    }
                    service.pages.add(count);
                    respBody = 4 + count * PAGE_SIZE;
                }
                case REL_SIZE, REL_EXISTS -> {
                    final long size = backend.relationSize(tenant, timeline, req.getInt(args, BE),
                        req.getInt(args + 4, BE), req.getInt(args + 8, BE), lsn);
                    if (type == REL_SIZE) {
                        resp.putLong(rb, size, BE);
                        respBody = 8;
                    } else {
                        resp.putByte(rb, (byte) (size >= 0 ? 1 : 0));
                        respBody = 1;
                    }
                }
                case WAIT_LSN -> {
                    final long timeout = Math.min(Math.max(0, req.getLong(args, BE)), service.config().maxWaitMillis());
                    resp.putLong(rb, backend.waitForLsn(tenant, timeline, lsn, timeout), BE);
                    respBody = 8;
                }
                default -> {
                    drop(peer, "unknown request type " + (type & 0xFF));
                    return -1;
                }
            }
            return header((byte) (type | RESPONSE), id, respBody);
        } catch (final StratumException e) {
            return error(id, e.code(), e.getMessage());
        } catch (final RuntimeException e) {
            LOG.error("page service request {} failed", PageProtocol.typeName(type), e);
            return error(id, ErrorCode.INTERNAL, e.toString());
        }
    }

    private boolean expectedLength(final byte type, final int bodyLen) {
        switch (type) {
            case GET_PAGE:
                return bodyLen == TARGET + 16;
            case GET_PAGES: {
                if (bodyLen < TARGET + 4) {
                    return false;
                }
                final int count = req.getInt(HEADER + TARGET, BE);
                return count >= 1 && bodyLen == TARGET + 4 + (long) count * 16;
            }
            case REL_SIZE:
            case REL_EXISTS:
                return bodyLen == TARGET + 12;
            case WAIT_LSN:
                return bodyLen == TARGET + 8;
            default:
                return false;
        }
    }

    private void readTarget(final int at) {
        final long th = req.getLong(at, BE);
        final long tl = req.getLong(at + 8, BE);
        if (tenant == null || tenant.hi() != th || tenant.lo() != tl) {
            tenant = new TenantId(th, tl);
        }
        final long lh = req.getLong(at + 16, BE);
        final long ll = req.getLong(at + 24, BE);
        if (timeline == null || timeline.hi() != lh || timeline.lo() != ll) {
            timeline = new TimelineId(lh, ll);
        }
    }

    private int header(final byte type, final long id, final int bodyLen) {
        resp.putInt(0, HEADER + bodyLen, BE);
        resp.putByte(LENGTH_FIELD + TYPE_OFFSET, type);
        resp.putByte(LENGTH_FIELD + FLAGS_OFFSET, (byte) 0);
        resp.putShort(LENGTH_FIELD + 2, (short) 0, BE);
        resp.putLong(LENGTH_FIELD + REQUEST_ID_OFFSET, id, BE);
        return LENGTH_FIELD + HEADER + bodyLen;
    }

    private int error(final long id, final ErrorCode code, final String message) {
        service.errors.increment();
        final byte[] name = code.name().getBytes(StandardCharsets.US_ASCII);
        byte[] msg = String.valueOf(message).getBytes(StandardCharsets.UTF_8);
        if (msg.length > 4096) {
            msg = java.util.Arrays.copyOf(msg, 4096);
        }
        int at = LENGTH_FIELD + HEADER;
        resp.putByte(at, (byte) name.length);
        resp.putBytes(at + 1, name);
        at += 1 + name.length;
        resp.putShort(at, (short) msg.length, BE);
        resp.putBytes(at + 2, msg);
        at += 2 + msg.length;
        return header(ERROR, id, at - LENGTH_FIELD - HEADER);
    }

    private void ensureOut(final int needed) {
        if (out.length < needed) {
            out = new byte[Math.max(needed, Math.min(2 * out.length, LENGTH_FIELD + maxFrame))];
            resp.wrap(out);
        }
    }

    private void drop(final String peer, final String why) {
        service.droppedConnections.increment();
        LOG.warn("page service closed the connection from {}: {}", peer, why);
    }

    void close() {
        PageService.closeQuietly(socket);
    }
}
