package io.stratum.engine.service;

import static io.stratum.engine.service.PageProtocol.*;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
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

    private final PageService service;
    private final Socket socket;
    private final PageServiceBackend backend;
    private final int maxFrame;
    private final byte[] in;
    private final byte[] out;
    private final UnsafeBuffer req;
    private final UnsafeBuffer resp;
    volatile Thread thread;

    // the last tenant and timeline seen, reused so that a request allocates no id objects
    private TenantId tenant;
    private TimelineId timeline;

    ServerConnection(final PageService service, final Socket socket) {
        this.service = service;
        this.socket = socket;
        this.backend = service.backend();
        this.maxFrame = service.config().maxFrame();
        this.in = new byte[maxFrame];
        this.out = new byte[maxFrame + LENGTH_FIELD];
        this.req = new UnsafeBuffer(in);
        this.resp = new UnsafeBuffer(out);
    }

    @Override
    public void run() {
        final String peer = String.valueOf(socket.getRemoteSocketAddress());
        try {
            socket.setTcpNoDelay(true);
            final DataInputStream input = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65536));
            final BufferedOutputStream output = new BufferedOutputStream(socket.getOutputStream(), 65536);
            if (!handshake(input, output, peer)) {
                return;
            }
            while (!service.isClosed()) {
                final int length;
                try {
                    length = input.readInt();
                } catch (final java.io.EOFException e) {
                    return; // client closed
                }
                if (length < HEADER || length > maxFrame) {
                    drop(peer, "frame length " + length + " outside [" + HEADER + ", " + maxFrame + "]");
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
        input.readUnsignedShort();
        if (magic != MAGIC) {
            drop(peer, String.format("bad handshake magic 0x%08x", magic));
            return false;
        }
        if (version != VERSION) {
            drop(peer, "unsupported protocol version " + version);
            return false;
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
                return count >= 1 && count <= service.config().maxBatch() && bodyLen == TARGET + 4 + count * 16;
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

    private void drop(final String peer, final String why) {
        service.droppedConnections.increment();
        LOG.warn("page service closed the connection from {}: {}", peer, why);
    }

    void close() {
        PageService.closeQuietly(socket);
    }
}
