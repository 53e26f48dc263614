package io.stratum.compute.pgwire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads frontend messages into one reusable buffer, checking every length against the configured
 * maximum before allocating; then hands out the fields of the current message.
 */
final class PgInput {
    /** PostgreSQL's MAX_STARTUP_PACKET_LENGTH. */
    static final int MAX_STARTUP_LENGTH = 10_000;
    private static final int INITIAL = 8 * 1024;
    private static final int SHRINK_ABOVE = 1 << 20;

    private final InputStream in;
    private final int maxMessageSize;
    private byte[] buf = new byte[INITIAL];
    private int limit;
    private int pos;

    PgInput(final InputStream in, final int maxMessageSize) {
        this.in = in;
        this.maxMessageSize = maxMessageSize;
    }

    /** Reads the next typed message; returns its type byte, or -1 at a clean end of stream. */
    int next() throws IOException {
        final int type = in.read();
        if (type < 0) {
            return -1;
        }
        final int length = readInt();
        if (length < 4) {
            throw new ProtocolException("invalid message length " + length);
        }
        if (length - 4 > maxMessageSize) {
            throw new ProtocolException("message of " + (length - 4) + " bytes exceeds the limit of "
                    + maxMessageSize + " bytes");
        }
        body(length - 4);
        return type;
    }

    /** Reads an untyped startup-phase packet (StartupMessage, SSLRequest, CancelRequest); -1 at end. */
    int nextStartup() throws IOException {
        final int b0 = in.read();
        if (b0 < 0) {
            return -1;
        }
        final int length = b0 << 24 | readN(3);
        if (length < 8 || length > MAX_STARTUP_LENGTH) {
            throw new ProtocolException("invalid length of startup packet");
        }
        body(length - 4);
        return length;
    }

    private void body(final int n) throws IOException {
        if (buf.length > SHRINK_ABOVE && n <= INITIAL) {
            buf = new byte[INITIAL];
        }
        if (n > buf.length) {
            buf = new byte[Math.max(n, Math.min(buf.length * 2, maxMessageSize))];
        }
        int read = 0;
        while (read < n) {
            final int r = in.read(buf, read, n - read);
            if (r < 0) {
                throw new EOFException("connection closed inside a message");
            }
            read += r;
        }
        limit = n;
        pos = 0;
    }

    private int readInt() throws IOException {
        final int b0 = in.read();
        if (b0 < 0) {
            throw new EOFException("connection closed inside a message");
        }
        return b0 << 24 | readN(3);
    }

    private int readN(final int n) throws IOException {
        int v = 0;
        for (int i = 0; i < n; i++) {
            final int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a message");
            }
            v = v << 8 | b;
        }
        return v;
    }

    int remaining() {
        return limit - pos;
    }

    int int8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    int int16() {
        need(2);
        final int v = (short) ((buf[pos] & 0xFF) << 8 | (buf[pos + 1] & 0xFF));
        pos += 2;
        return v;
    }

    int int32() {
        need(4);
        final int v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /** A NUL-terminated UTF-8 string. */
    String cstring() {
        for (int i = pos; i < limit; i++) {
            if (buf[i] == 0) {
                io.stratum.compute.types.Utf8.validate(buf, pos, i - pos); // 22021, as PostgreSQL
                final String s = new String(buf, pos, i - pos, StandardCharsets.UTF_8);
                pos = i + 1;
                return s;
            }
        }
        throw new ProtocolException("invalid string in message");
    }

    /** The underlying buffer, for decoding a field in place (with {@link #position()} and {@link #skip}). */
    byte[] buffer() {
        return buf;
    }

    int position() {
        return pos;
    }

    void skip(final int n) {
        need(n);
        pos += n;
    }

    byte[] bytes(final int n) {
        need(n);
        final byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /** Checks that the message holds {@code n} more bytes. */
    void need(final int n) {
        if (n < 0 || n > limit - pos) {
            throw new ProtocolException("insufficient data left in message");
        }
    }
}
