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
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One connection of a {@link PageClient}. Any number of threads send requests on it (pipelining); one
 * reader thread ({@code stratum-pageclient-N}) matches responses to requests by id and wakes the caller.
 */
final class ClientConnection implements AutoCloseable {
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private final String address;
    private final Socket socket;
    private final DataInputStream input;
    private final BufferedOutputStream output;
    private final int maxFrame;
    private final int maxInFlight;
    private final byte[] sendBytes;
    private final UnsafeBuffer send;
    private final byte[] recvBytes;
    private final UnsafeBuffer recv;
    private final Long2ObjectHashMap<Call> pending = new Long2ObjectHashMap<>();
    private final Thread reader;
    private long nextId = 1;
    private volatile StratumException broken;

    /** A request waiting for its response. */
    static final class Call {
        final long id;
        final byte type;
        final int expectedPages;
        final MutableDirectBuffer dst;
        final int dstOffset;
        long value;
        StratumException error;
        boolean done;
        boolean cancelled; // the caller gave up: its buffer must not be written any more

        Call(final long id, final byte type, final int expectedPages, final MutableDirectBuffer dst,
             final int dstOffset) {
            this.id = id;
            this.type = type;
            this.expectedPages = expectedPages;
            this.dst = dst;
            this.dstOffset = dstOffset;
        }
    }

    ClientConnection(final PageClientConfig config, final int index) {
        this.address = config.host() + ":" + config.port();
        this.maxInFlight = config.maxInFlight();
        final int connectTimeoutMillis = (int) config.connectTimeout().toMillis();
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(config.host(), config.port()), connectTimeoutMillis);
            socket.setSoTimeout(connectTimeoutMillis); // the handshake, not later reads
            input = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65536));
            output = new BufferedOutputStream(socket.getOutputStream(), 65536);
            final byte[] token = config.token() == null ? new byte[0]
                : config.token().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            final UnsafeBuffer hello = new UnsafeBuffer(new byte[SERVER_HELLO_LENGTH]);
            hello.putInt(0, MAGIC, BE);
            hello.putShort(4, (short) VERSION, BE);
            hello.putShort(6, (short) token.length, BE);
            output.write(hello.byteArray(), 0, CLIENT_HELLO_LENGTH);
            output.write(token);
            output.flush();
            input.readFully(hello.byteArray(), 0, SERVER_HELLO_LENGTH);
            if (hello.getInt(0, BE) != MAGIC || hello.getShort(4, BE) != VERSION) {
                socket.close();
                throw StratumException.of(ErrorCode.CORRUPT, "page server answered the handshake wrongly",
                    "address", address);
            }
            maxFrame = hello.getInt(8, BE);
            if (maxFrame < HEADER + 8 || maxFrame > config.maxFrame()) {
                socket.close();
                throw StratumException.of(ErrorCode.CORRUPT, "page server announced a bad frame limit",
                    "address", address, "maxFrame", maxFrame, "limit", config.maxFrame());
            }
            socket.setSoTimeout(0);
        } catch (final IOException e) {
            closeQuietly(socket);
            throw StratumException.withCause(ErrorCode.UNAVAILABLE, e, "cannot connect to the page server",
                "address", address, "error", e.getMessage());
        }
        sendBytes = new byte[LENGTH_FIELD + HEADER + TARGET + 4 + 16 * config.maxBatch()];
        send = new UnsafeBuffer(sendBytes);
        recvBytes = new byte[maxFrame];
        recv = new UnsafeBuffer(recvBytes);
        reader = new Thread(this::readLoop, "stratum-pageclient-" + index);
        reader.setDaemon(true);
        reader.start();
    }

    boolean isBroken() {
        return broken != null;
    }

    int maxFrame() {
        return maxFrame;
    }

    /** The send buffer, positioned after the target (tenant, timeline, lsn); caller fills args then calls {@link #call}. */
    UnsafeBuffer begin(final TenantId tenant, final TimelineId timeline, final long lsn) {
        final int t = LENGTH_FIELD + HEADER;
        send.putLong(t, tenant.hi(), BE);
        send.putLong(t + 8, tenant.lo(), BE);
        send.putLong(t + 16, timeline.hi(), BE);
        send.putLong(t + 24, timeline.lo(), BE);
        send.putLong(t + 32, lsn, BE);
        return send;
    }

    /** Offset in the send buffer where request arguments go. */
    static int argsOffset() {
        return LENGTH_FIELD + HEADER + TARGET;
    }

    /**
     * Sends the request assembled in the send buffer (caller holds this connection's monitor from
     * {@link #begin} to here) and returns the pending call.
     */
    Call send(final byte type, final int argsLength, final int expectedPages, final MutableDirectBuffer dst,
              final int dstOffset, final long timeoutMillis) {
        final StratumException b = broken;
        if (b != null) {
            throw b;
        }
        final long id = nextId++;
        final Call call = new Call(id, type, expectedPages, dst, dstOffset);
        final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (pending) {
            while (pending.size() >= maxInFlight && broken == null) {
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw StratumException.of(ErrorCode.TIMEOUT, "too many requests in flight on a page server"
                        + " connection", "address", address, "maxInFlight", maxInFlight);
                }
                try {
                    pending.wait(Math.max(1, left / 1_000_000L));
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw StratumException.of(ErrorCode.UNAVAILABLE, "interrupted", "address", address);
                }
            }
            if (broken != null) {
                throw broken;
            }
            pending.put(id, call);
        }
        final int len = HEADER + TARGET + argsLength;
        send.putInt(0, len, BE);
        send.putByte(LENGTH_FIELD + TYPE_OFFSET, type);
        send.putByte(LENGTH_FIELD + FLAGS_OFFSET, (byte) 0);
        send.putShort(LENGTH_FIELD + 2, (short) 0, BE);
        send.putLong(LENGTH_FIELD + REQUEST_ID_OFFSET, id, BE);
        try {
            output.write(sendBytes, 0, LENGTH_FIELD + len);
            output.flush();
        } catch (final IOException e) {
            fail(StratumException.withCause(ErrorCode.UNAVAILABLE, e, "lost the page server connection",
                "address", address, "error", e.getMessage()));
        }
        return call;
    }

    /**
     * Waits for a call's response. On timeout the call is cancelled (its buffer is never written after
     * this returns) and the connection is dropped: the server answers in order, so everything behind the
     * late answer would wait too.
     */
    long await(final Call call, final long timeoutMillis) {
        final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (call) {
            while (!call.done) {
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    call.cancelled = true;
                    final StratumException e = StratumException.of(ErrorCode.TIMEOUT,
                        "page server did not answer in time", "address", address, "timeoutMs", timeoutMillis);
                    fail(StratumException.of(ErrorCode.UNAVAILABLE, "page server connection dropped after a timeout",
                        "address", address));
                    throw e;
                }
                try {
                    call.wait(Math.max(1, left / 1_000_000L));
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw StratumException.of(ErrorCode.UNAVAILABLE, "interrupted", "address", address);
                }
            }
        }
        if (call.error != null) {
            throw call.error;
        }
        return call.value;
    }

    String address() {
        return address;
    }

    private void readLoop() {
        Call current = null;
        try {
            while (true) {
                current = null;
                final int len = input.readInt();
                if (len < HEADER || len > maxFrame) {
                    throw StratumException.of(ErrorCode.CORRUPT, "page server sent a bad frame length",
                        "address", address, "length", len);
                }
                input.readFully(recvBytes, 0, len);
                final UnsafeBuffer f = recv; // a view of recvBytes; lengths checked against len below
                final byte type = f.getByte(TYPE_OFFSET);
                final long id = f.getLong(REQUEST_ID_OFFSET, BE);
                final Call call;
                synchronized (pending) {
                    call = pending.remove(id);
                    pending.notifyAll();
                }
                if (call == null) {
                    throw StratumException.of(ErrorCode.CORRUPT, "page server answered an unknown request",
                        "address", address, "id", id);
                }
                current = call;
                complete(call, type, f, len - HEADER, address);
            }
        } catch (final IOException e) {
            fail(current, StratumException.withCause(ErrorCode.UNAVAILABLE, e, "lost the page server connection",
                "address", address, "error", e.getMessage()));
        } catch (final StratumException e) {
            fail(current, e);
        } catch (final RuntimeException e) {
            fail(current, StratumException.withCause(ErrorCode.CORRUPT, e, "bad response from the page server",
                "address", address, "error", e.toString()));
        }
    }

    private void fail(final Call current, final StratumException e) {
        if (current != null) {
            synchronized (current) {
                if (!current.done) {
                    current.error = e;
                    current.done = true;
                    current.notifyAll();
                }
            }
        }
        fail(e);
    }

    private static void complete(final Call call, final byte type, final UnsafeBuffer f, final int bodyLen,
                                 final String address) {
        final int b = HEADER;
        StratumException error = null;
        if (type == ERROR) {
            if (bodyLen < 3) {
                throw StratumException.of(ErrorCode.CORRUPT, "malformed error response", "address", address);
            }
            final int nameLen = f.getByte(b) & 0xFF;
            if (1 + nameLen + 2 > bodyLen) {
                throw StratumException.of(ErrorCode.CORRUPT, "malformed error response", "address", address);
            }
            final String name = f.getStringWithoutLengthAscii(b + 1, nameLen);
            final int msgLen = f.getShort(b + 1 + nameLen, BE) & 0xFFFF;
            if (3 + nameLen + msgLen != bodyLen) {
                throw StratumException.of(ErrorCode.CORRUPT, "malformed error response", "address", address);
            }
            final byte[] msg = new byte[msgLen];
            f.getBytes(b + 3 + nameLen, msg);
            ErrorCode code;
            try {
                code = ErrorCode.valueOf(name);
            } catch (final IllegalArgumentException e) {
                code = ErrorCode.INTERNAL;
            }
            error = new StratumException(code, new String(msg, StandardCharsets.UTF_8));
        } else if (type != (byte) (call.type | RESPONSE)) {
            throw StratumException.of(ErrorCode.CORRUPT, "page server answered with the wrong response type",
                "address", address, "request", PageProtocol.typeName(call.type), "response", type & 0xFF);
        } else {
            final int expected = switch (call.type) {
                case GET_PAGE -> PAGE_SIZE;
                case GET_PAGES -> 4 + call.expectedPages * PAGE_SIZE;
                case REL_EXISTS -> 1;
                default -> 8;
            };
            if (bodyLen != expected || call.type == GET_PAGES && f.getInt(b, BE) != call.expectedPages) {
                throw StratumException.of(ErrorCode.CORRUPT, "page server answer has the wrong size",
                    "address", address, "request", PageProtocol.typeName(call.type), "bytes", bodyLen,
                    "expected", expected);
            }
        }
        synchronized (call) {
            if (call.cancelled) {
                return; // the caller timed out and may have reused its buffer
            }
            if (error != null) {
                call.error = error;
            } else {
                switch (call.type) {
                    case GET_PAGE -> call.dst.putBytes(call.dstOffset, f, b, PAGE_SIZE);
                    case GET_PAGES -> {
                        call.dst.putBytes(call.dstOffset, f, b + 4, call.expectedPages * PAGE_SIZE);
                        call.value = call.expectedPages;
                    }
                    case REL_EXISTS -> call.value = f.getByte(b);
                    default -> call.value = f.getLong(b, BE);
                }
            }
            call.done = true;
            call.notifyAll();
        }
    }

    private void fail(final StratumException e) {
        if (broken == null) {
            broken = e;
        }
        closeQuietly(socket);
        final Call[] calls;
        synchronized (pending) {
            calls = pending.values().toArray(new Call[0]);
            pending.clear();
            pending.notifyAll();
        }
        for (final Call c : calls) {
            synchronized (c) {
                c.error = e;
                c.done = true;
                c.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        fail(StratumException.of(ErrorCode.CLOSED, "page client closed", "address", address));
        try {
            reader.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(final Socket s) {
        try {
            s.close();
        } catch (final IOException | RuntimeException e) {
            // nothing to do: the peer is gone either way
        }
    }
}
