package io.stratum.wal;

/**
 * Log sequence numbers: 64-bit byte positions in a timeline's WAL, kept as primitive {@code long}s.
 * Printed as PostgreSQL prints them, {@code X/X} in upper-case hex (high 32 bits / low 32 bits), e.g.
 * {@code 0/16B3748}. LSN 0 is invalid. LSNs compare as unsigned numbers, but Stratum never uses the
 * top bit, so plain {@code <} works.
 */
public final class Lsn {
    /** The invalid LSN. */
    public static final long INVALID = 0L;
    /** The largest LSN Stratum uses. */
    public static final long MAX = Long.MAX_VALUE;

    private Lsn() {
    }

    public static boolean isValid(final long lsn) {
        return lsn > 0;
    }

    /** Formats as {@code X/X}. */
    public static String format(final long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + '/' + Long.toHexString(lsn & 0xFFFF_FFFFL).toUpperCase();
    }

    /**
     * Parses {@code X/X} (hex, either case, each half at most 8 digits).
     *
     * @throws StratumException INVALID_ARGUMENT naming the text when it is not an LSN
     */
    public static long parse(final String text) {
        if (text == null) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "LSN is missing");
        }
        final int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || slash > 8 || text.length() - slash - 1 > 8
            || text.indexOf('/', slash + 1) >= 0) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid LSN, expected X/X in hex", "lsn", text);
        }
        try {
            final long hi = Long.parseLong(text, 0, slash, 16);
            final long lo = Long.parseLong(text, slash + 1, text.length(), 16);
            if (hi < 0 || lo < 0 || hi > 0x7FFF_FFFFL) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid LSN, out of range", "lsn", text);
            }
            return (hi << 32) | lo;
        } catch (final NumberFormatException e) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid LSN, expected X/X in hex", "lsn", text);
        }
    }

    /** Whether {@code text} looks like an LSN ({@code X/X} hex). */
    public static boolean looksLikeLsn(final String text) {
        try {
            parse(text);
            return true;
        } catch (final StratumException e) {
            return false;
        }
    }
}
