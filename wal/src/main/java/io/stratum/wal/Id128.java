package io.stratum.wal;

import java.security.SecureRandom;

/** Shared helpers for the 128-bit identifiers printed as 32 lower-case hex digits. */
final class Id128 {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Id128() {
    }

    static long[] parse(final String kind, final String hex) {
        if (hex == null || hex.length() != 32) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid " + kind + ", expected 32 hex digits",
                kind, hex);
        }
        try {
            return new long[] {Long.parseUnsignedLong(hex, 0, 16, 16), Long.parseUnsignedLong(hex, 16, 32, 16)};
        } catch (final NumberFormatException e) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid " + kind + ", expected 32 hex digits",
                kind, hex);
        }
    }

    static String format(final long hi, final long lo) {
        return String.format("%016x%016x", hi, lo);
    }

    static long randomLong() {
        return RANDOM.nextLong();
    }
}
