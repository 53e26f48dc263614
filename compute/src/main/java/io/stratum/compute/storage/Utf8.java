package io.stratum.compute.storage;

import org.agrona.MutableDirectBuffer;

/** UTF-8 encoding of strings straight into buffers, without intermediate arrays. */
final class Utf8 {
    private Utf8() {
    }

    /** Encoded length of {@code s}. */
    static int length(final CharSequence s) {
        final int n = s.length();
        int len = 0;
        for (int i = 0; i < n; i++) {
            final char c = s.charAt(i);
            if (c < 0x80) {
                len++;
            } else if (c < 0x800) {
                len += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                len += 4;
                i++;
            } else {
                len += 3;
            }
        }
        return len;
    }

    /** Writes {@code s} at {@code offset}; returns the bytes written (lone surrogates become U+FFFD). */
    static int put(final MutableDirectBuffer dst, final int offset, final CharSequence s) {
        return put(dst, offset, s, s.length(), false);
    }

    /**
     * Writes the first {@code n} chars of {@code s}; with {@code escapeNul} a NUL is written as 00 FF (the key
     * codec's escape, so that its 00 00 terminator sorts a prefix first).
     */
    static int put(final MutableDirectBuffer dst, final int offset, final CharSequence s, final int n,
                   final boolean escapeNul) {
        int p = offset;
        for (int i = 0; i < n; i++) {
            final char c = s.charAt(i);
            if (c == 0 && escapeNul) {
                dst.putByte(p++, (byte) 0);
                dst.putByte(p++, (byte) 0xFF);
            } else if (c < 0x80) {
                dst.putByte(p++, (byte) c);
            } else if (c < 0x800) {
                dst.putByte(p++, (byte) (0xC0 | (c >> 6)));
                dst.putByte(p++, (byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                final int cp = Character.toCodePoint(c, s.charAt(++i));
                dst.putByte(p++, (byte) (0xF0 | (cp >> 18)));
                dst.putByte(p++, (byte) (0x80 | ((cp >> 12) & 0x3F)));
                dst.putByte(p++, (byte) (0x80 | ((cp >> 6) & 0x3F)));
                dst.putByte(p++, (byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                dst.putByte(p++, (byte) 0xEF);
                dst.putByte(p++, (byte) 0xBF);
                dst.putByte(p++, (byte) 0xBD);
            } else {
                dst.putByte(p++, (byte) (0xE0 | (c >> 12)));
                dst.putByte(p++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                dst.putByte(p++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        return p - offset;
    }
}
