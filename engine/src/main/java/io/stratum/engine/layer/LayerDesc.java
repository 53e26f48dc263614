package io.stratum.engine.layer;

import io.stratum.engine.key.PageKey;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;

/**
 * What a layer file covers, as its name says: a key range {@code [keyStart, keyEnd)} and, for a delta
 * layer, the LSN range {@code [lsnStart, lsnEnd)} of its records, for an image layer the one LSN of its
 * images ({@code lsnStart}, with {@code lsnEnd = lsnStart + 1}). Names:
 * <pre>
 * KEYSTART(32 hex)-KEYEND(32 hex)__LSNSTART(16 hex)-LSNEND(16 hex).delta
 * KEYSTART(32 hex)-KEYEND(32 hex)__LSN(16 hex).image
 * </pre>
 */
public record LayerDesc(boolean image, long keyStartHi, long keyStartLo, long keyEndHi, long keyEndLo,
                        long lsnStart, long lsnEnd) {
    public static final String DELTA_SUFFIX = ".delta";
    public static final String IMAGE_SUFFIX = ".image";

    public static LayerDesc delta(final long ksHi, final long ksLo, final long keHi, final long keLo,
        final long lsnStart, final long lsnEnd) {
        return new LayerDesc(false, ksHi, ksLo, keHi, keLo, lsnStart, lsnEnd);
    }

    public static LayerDesc image(final long ksHi, final long ksLo, final long keHi, final long keLo,
        final long lsn) {
        return new LayerDesc(true, ksHi, ksLo, keHi, keLo, lsn, lsn + 1);
    }

    /** The LSN of an image layer. */
    public long imageLsn() {
        return lsnStart;
    }

    /** Whether the layer covers the whole key space (a level-0 delta layer written by a flush). */
    public boolean fullKeyRange() {
        return keyStartHi == PageKey.MIN_HI && keyStartLo == PageKey.MIN_LO
            && keyEndHi == PageKey.MAX_HI && keyEndLo == PageKey.MAX_LO;
    }

    public boolean containsKey(final long hi, final long lo) {
        return PageKey.compare(keyStartHi, keyStartLo, hi, lo) <= 0 && PageKey.compare(hi, lo, keyEndHi, keyEndLo) < 0;
    }

    /** Whether {@code [startHi/Lo, endHi/Lo)} lies inside this layer's key range. */
    public boolean coversKeys(final long sHi, final long sLo, final long eHi, final long eLo) {
        return PageKey.compare(keyStartHi, keyStartLo, sHi, sLo) <= 0 && PageKey.compare(eHi, eLo, keyEndHi, keyEndLo) <= 0;
    }

    public String fileName() {
        final String keys = PageKey.hex(keyStartHi, keyStartLo) + '-' + PageKey.hex(keyEndHi, keyEndLo) + "__";
        return image ? keys + String.format("%016X", lsnStart) + IMAGE_SUFFIX
            : keys + String.format("%016X-%016X", lsnStart, lsnEnd) + DELTA_SUFFIX;
    }

    /** Parses a layer file name; {@code null} when the name is not one. */
    public static LayerDesc parse(final String name) {
        final boolean image = name.endsWith(IMAGE_SUFFIX);
        if (!image && !name.endsWith(DELTA_SUFFIX)) {
            return null;
        }
        final int expected = image ? 65 + 2 + 16 + IMAGE_SUFFIX.length() : 65 + 2 + 33 + DELTA_SUFFIX.length();
        if (name.length() != expected || name.charAt(32) != '-' || !name.startsWith("__", 65)) {
            return null;
        }
        try {
            final long ksHi = Long.parseUnsignedLong(name, 0, 16, 16);
            final long ksLo = Long.parseUnsignedLong(name, 16, 32, 16);
            final long keHi = Long.parseUnsignedLong(name, 33, 49, 16);
            final long keLo = Long.parseUnsignedLong(name, 49, 65, 16);
            final long l1 = Long.parseLong(name, 67, 83, 16);
            if (image) {
                return image(ksHi, ksLo, keHi, keLo, l1);
            }
            if (name.charAt(83) != '-') {
                return null;
            }
            return delta(ksHi, ksLo, keHi, keLo, l1, Long.parseLong(name, 84, 100, 16));
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    /** Parses or throws INVALID_ARGUMENT. */
    public static LayerDesc parseOrThrow(final String name) {
        final LayerDesc d = parse(name);
        if (d == null) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "not a layer file name", "file", name);
        }
        return d;
    }

    @Override
    public String toString() {
        return fileName();
    }
}
