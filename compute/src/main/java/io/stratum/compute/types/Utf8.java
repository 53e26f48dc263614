package io.stratum.compute.types;

import io.stratum.compute.session.SqlException;

/** Strict UTF-8 checks (no overlong forms, no surrogates, at most U+10FFFF), as PostgreSQL's pg_verifymbstr. */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * Checks {@code len} bytes from {@code off}.
     *
     * @throws SqlException 22021 {@code invalid byte sequence for encoding "UTF8": 0xc3 0x28}
     */
    public static void validate(final byte[] b, final int off, final int len) {
        final int end = off + len;
        int i = off;
        while (i < end) {
            final int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (c == 0) {
                    throw invalid(b, i, 1, end);
                }
                i++;
                continue;
            }
            final int n;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 2;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 3;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 4;
                min = 0x10000;
            } else {
                throw invalid(b, i, 1, end);
            }
            if (i + n > end) {
                throw invalid(b, i, n, end);
            }
            int cp = c & (0xFF >> (n + 1));
            for (int k = 1; k < n; k++) {
                final int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    throw invalid(b, i, n, end);
                }
                cp = cp << 6 | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw invalid(b, i, n, end);
            }
            i += n;
        }
    }

    private static SqlException invalid(final byte[] b, final int at, final int n, final int end) {
        final StringBuilder sb = new StringBuilder("invalid byte sequence for encoding \"UTF8\":");
        for (int k = 0; k < Math.max(2, n) && at + k < end; k++) {
            sb.append(String.format(" 0x%02x", b[at + k] & 0xFF));
        }
        return new SqlException("22021", sb.toString());
    }
}
