package io.stratum.compute.types;

/** Text forms of booleans, integers, OIDs and bytea, as PostgreSQL 15's boolin/int4in/oidin/byteain. */
final class ScalarText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ScalarText() {
    }

    static Boolean parseBool(final String text) {
        final String s = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (!s.isEmpty()) {
            switch (s.charAt(0)) {
                case 't': if ("true".startsWith(s)) { return Boolean.TRUE; } break;
                case 'f': if ("false".startsWith(s)) { return Boolean.FALSE; } break;
                case 'y': if ("yes".startsWith(s)) { return Boolean.TRUE; } break;
                case 'n': if ("no".startsWith(s)) { return Boolean.FALSE; } break;
                case 'o':
                    if (s.length() >= 2 && "on".startsWith(s)) { return Boolean.TRUE; }
                    if (s.length() >= 2 && "off".startsWith(s)) { return Boolean.FALSE; }
                    break;
                case '1': if (s.length() == 1) { return Boolean.TRUE; } break;
                case '0': if (s.length() == 1) { return Boolean.FALSE; } break;
                default: break;
            }
        }
        throw CodecErrors.syntax("boolean", text);
    }

    /** Parses a signed decimal integer within [min, max] (int2/int4/int8 rules: surrounding blanks allowed). */
    static long parseInteger(final String text, final String typeName, final long min, final long max) {
        int i = 0;
        int end = text.length();
        while (i < end && isSpace(text.charAt(i))) {
            i++;
        }
        while (end > i && isSpace(text.charAt(end - 1))) {
            end--;
        }
        boolean negative = false;
        if (i < end && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        if (i >= end) {
            throw CodecErrors.syntax(typeName, text);
        }
        long value = 0; // accumulated as a negative number so that Long.MIN_VALUE fits
        boolean overflow = false;
        for (int p = i; p < end; p++) {
            final char c = text.charAt(p);
            if (c < '0' || c > '9') {
                throw CodecErrors.syntax(typeName, text);
            }
            final int d = c - '0';
            if (value < (Long.MIN_VALUE + d) / 10) {
                overflow = true;
            } else {
                value = value * 10 - d;
            }
        }
        if (overflow || (!negative && value == Long.MIN_VALUE)) {
            throw CodecErrors.intRange(typeName, text);
        }
        final long result = negative ? value : -value;
        if (result < min || result > max) {
            throw CodecErrors.intRange(typeName, text);
        }
        return result;
    }

    /** oidin: an unsigned 32-bit number; negative input wraps as in PostgreSQL ("-1" is 4294967295). */
    static Long parseOid(final String text, final String typeName) {
        final long v;
        try {
            v = parseInteger(text, typeName, -2147483648L, 4294967295L);
        } catch (final io.stratum.compute.session.SqlException e) {
            if ("22003".equals(e.sqlState())) {
                throw CodecErrors.intRange("oid", text);
            }
            throw e;
        }
        return v < 0 ? v + 4294967296L : v;
    }

    static boolean isSpace(final char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    static String formatBytea(final byte[] bytes) {
        final char[] out = new char[2 + bytes.length * 2];
        out[0] = '\\';
        out[1] = 'x';
        for (int i = 0; i < bytes.length; i++) {
            out[2 + 2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[3 + 2 * i] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /** byteain: {@code \x} hex (blanks between digit pairs allowed) or the escape format. */
    static byte[] parseBytea(final String text) {
        if (text.length() >= 2 && text.charAt(0) == '\\' && text.charAt(1) == 'x') {
            final byte[] buf = new byte[(text.length() - 2) / 2];
            int n = 0;
            int i = 2;
            while (i < text.length()) {
                final char c = text.charAt(i);
                if (isSpace(c)) {
                    i++;
                    continue;
                }
                final int hi = hexValue(c);
                if (i + 1 >= text.length()) {
                    throw CodecErrors.invalid("invalid hexadecimal data: odd number of digits");
                }
                final int lo = hexValue(text.charAt(i + 1));
                buf[n++] = (byte) (hi << 4 | lo);
                i += 2;
            }
            return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
        }
        final byte[] raw = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final byte[] buf = new byte[raw.length];
        int n = 0;
        int i = 0;
        while (i < raw.length) {
            final byte b = raw[i];
            if (b != '\\') {
                buf[n++] = b;
                i++;
            } else if (i + 1 < raw.length && raw[i + 1] == '\\') {
                buf[n++] = '\\';
                i += 2;
            } else if (i + 3 < raw.length && isOct(raw[i + 1], '3') && isOct(raw[i + 2], '7')
                    && isOct(raw[i + 3], '7')) {
                buf[n++] = (byte) ((raw[i + 1] - '0') << 6 | (raw[i + 2] - '0') << 3 | (raw[i + 3] - '0'));
                i += 4;
            } else {
                throw CodecErrors.invalid("invalid input syntax for type bytea");
            }
        }
        return java.util.Arrays.copyOf(buf, n);
    }

    private static boolean isOct(final byte b, final char max) {
        return b >= '0' && b <= max;
    }

    private static int hexValue(final char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw CodecErrors.invalid("invalid hexadecimal digit: \"" + c + "\"");
    }
}
