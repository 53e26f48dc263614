package io.stratum.compute.pgwire;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The connection's output buffer: backend messages are built in place (type, length patched at the end,
 * body) and written to the socket when the buffer fills, at ReadyForQuery, Flush or before blocking on
 * the client. One per connection, reused for every message, so a DataRow allocates nothing beyond the
 * values' own text or binary forms.
 * <pre>
 *  +------+----------------+------------------+
 *  | type | int32 length   | body             |   length counts itself and the body, not the type
 *  +------+----------------+------------------+
 * </pre>
 */
final class PgOutput {
    private static final int INITIAL = 16 * 1024;
    private static final int FLUSH_AT = 8 * 1024;
    private static final int SHRINK_ABOVE = 1 << 20;

    private final OutputStream out;
    private byte[] buf = new byte[INITIAL];
    private int pos;
    private int msgStart = -1;

    PgOutput(final OutputStream out) {
        this.out = out;
    }

    /** Starts a message of {@code type}. */
    void begin(final char type) {
        ensure(5);
        buf[pos++] = (byte) type;
        msgStart = pos;
        pos += 4;
    }

    /** Ends the current message (patches its length); writes the buffer out when it is full enough. */
    void end() throws IOException {
        putInt(msgStart, pos - msgStart);
        msgStart = -1;
        if (pos >= FLUSH_AT) {
            flushBuffer();
        }
    }

    /**
     * Drops the message begun and not ended (its bytes are still in the buffer: {@link #ensure} never writes
     * out the message in progress), so an error while encoding it leaves the stream at a message boundary.
     */
    void abandon() {
        if (msgStart >= 0) {
            pos = msgStart - 1;
            msgStart = -1;
        }
    }

    /** Writes everything buffered to the socket and flushes it. */
    void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    private void flushBuffer() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
        if (buf.length > SHRINK_ABOVE) {
            buf = new byte[INITIAL];
        }
    }

    /** Raw bytes outside any message (the 'S'/'N' answer to SSLRequest). */
    void raw(final int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    void int8(final int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    void int16(final int v) {
        ensure(2);
        buf[pos++] = (byte) (v >> 8);
        buf[pos++] = (byte) v;
    }

    void int32(final int v) {
        ensure(4);
        putInt(pos, v);
        pos += 4;
    }

    void bytes(final byte[] b, final int off, final int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    void bytes(final byte[] b) {
        bytes(b, 0, b.length);
    }

    /** A NUL-terminated UTF-8 string. */
    void cstring(final String s) {
        utf8(s);
        int8(0);
    }

    /** A value with its int32 length prefix, as DataRow and Bind carry them; null is length -1. */
    void lengthPrefixed(final byte[] b) {
        if (b == null) {
            int32(-1);
        } else {
            int32(b.length);
            bytes(b);
        }
    }

    /** A text value with its int32 length prefix, encoded in place. */
    void lengthPrefixedUtf8(final CharSequence s) {
        ensure(4);
        final int rel = pos - msgStart; // the buffer may shift while the value is encoded
        pos += 4;
        utf8(s);
        final int at = msgStart + rel;
        putInt(at, pos - at - 4);
    }

    /** A decimal integer with its int32 length prefix, without a String. */
    void lengthPrefixedLong(final long v) {
        ensure(4 + 20);
        final int at = pos;
        pos += 4;
        if (v == Long.MIN_VALUE) {
            utf8("-9223372036854775808");
        } else {
            long x = v;
            if (x < 0) {
                buf[pos++] = '-';
                x = -x;
            }
            int digits = 1;
            for (long t = x; t >= 10; t /= 10) {
                digits++;
            }
            for (int i = digits - 1; i >= 0; i--) {
                buf[pos + i] = (byte) ('0' + x % 10);
                x /= 10;
            }
            pos += digits;
        }
        putInt(at, pos - at - 4);
    }

    /** UTF-8 of {@code s} (unpaired surrogates become '?'). */
    void utf8(final CharSequence s) {
        final int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            final char c = s.charAt(i);
            if (c < 0x80) {
                if (pos == buf.length) {
                    ensure(1 + (n - i));
                }
                buf[pos++] = (byte) c;
            } else {
                ensure(4 + (n - i));
                if (c < 0x800) {
                    buf[pos++] = (byte) (0xC0 | c >> 6);
                    buf[pos++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    final int cp = Character.toCodePoint(c, s.charAt(++i));
                    buf[pos++] = (byte) (0xF0 | cp >> 18);
                    buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    buf[pos++] = (byte) (0x80 | cp & 0x3F);
                } else if (Character.isSurrogate(c)) {
                    buf[pos++] = '?';
                } else {
                    buf[pos++] = (byte) (0xE0 | c >> 12);
                    buf[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
                    buf[pos++] = (byte) (0x80 | c & 0x3F);
                }
            }
        }
    }

    private void putInt(final int at, final int v) {
        buf[at] = (byte) (v >> 24);
        buf[at + 1] = (byte) (v >> 16);
        buf[at + 2] = (byte) (v >> 8);
        buf[at + 3] = (byte) v;
    }

    /** Room for {@code n} more bytes: completed messages go out first, then the buffer grows. */
    private void ensure(final int n) {
        if (pos + n <= buf.length) {
            return;
        }
        final int keepFrom = msgStart < 0 ? pos : msgStart - 1;
        if (keepFrom > 0) {
            try {
                out.write(buf, 0, keepFrom);
            } catch (final IOException e) {
                throw new ClientIoException(e);
            }
            System.arraycopy(buf, keepFrom, buf, 0, pos - keepFrom);
            pos -= keepFrom;
            if (msgStart >= 0) {
                msgStart -= keepFrom;
            }
        }
        if (pos + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
