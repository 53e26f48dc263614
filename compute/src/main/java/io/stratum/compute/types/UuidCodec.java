package io.stratum.compute.types;

import java.util.UUID;

/**
 * uuid as PostgreSQL reads and writes it: 32 hex digits, upper or lower case, optionally in braces, a hyphen
 * allowed after any group of four digits; printed lower case as 8-4-4-4-12. Values are {@link UUID}s;
 * they order as their 16 bytes compared unsigned (as PostgreSQL's memcmp), see {@link #compare}.
 */
public final class UuidCodec {
    private UuidCodec() {
    }

    /** @throws io.stratum.compute.session.SqlException 22P02 {@code invalid input syntax for type uuid: "x"} */
    public static UUID parse(final String text) {
        String s = text;
        if (s.length() >= 2 && s.charAt(0) == '{' && s.charAt(s.length() - 1) == '}') {
            s = s.substring(1, s.length() - 1);
        }
        long hi = 0;
        long lo = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '-' && digits > 0 && digits % 4 == 0 && digits < 32 && i + 1 < s.length() && s.charAt(i + 1) != '-') {
                continue;
            }
            final int v = Character.digit(c, 16);
            if (v < 0 || digits == 32 || c > 'f') {
                throw bad(text);
            }
            if (digits < 16) {
                hi = (hi << 4) | v;
            } else {
                lo = (lo << 4) | v;
            }
            digits++;
        }
        if (digits != 32) {
            throw bad(text);
        }
        return new UUID(hi, lo);
    }

    private static RuntimeException bad(final String text) {
        return new io.stratum.compute.session.SqlException("22P02", "invalid input syntax for type uuid: \"" + text + "\"");
    }

    public static String format(final UUID u) {
        return u.toString();
    }

    public static byte[] formatBinary(final UUID u) {
        final byte[] b = new byte[16];
        put(b, 0, u.getMostSignificantBits());
        put(b, 8, u.getLeastSignificantBits());
        return b;
    }

    private static void put(final byte[] b, final int at, final long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    /** @throws io.stratum.compute.session.SqlException 22P03 when not 16 bytes */
    public static UUID parseBinary(final byte[] bytes, final int offset, final int length) {
        BinaryCodec.expect("uuid", length, 16);
        return new UUID(get(bytes, offset), get(bytes, offset + 8));
    }

    private static long get(final byte[] b, final int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    /** PostgreSQL's order: the 16 bytes compared unsigned. */
    public static int compare(final UUID a, final UUID b) {
        final int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** gen_random_uuid(): a version 4 random UUID. */
    public static UUID random() {
        return UUID.randomUUID();
    }
}
