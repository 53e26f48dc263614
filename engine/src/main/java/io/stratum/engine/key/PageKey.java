package io.stratum.engine.key;

/**
 * Static helpers over 16-byte page keys held as two {@code long}s ({@code hi}, {@code lo}), so that no
 * object is made per key. The bytes are big-endian, so byte order is sort order and two keys compare as
 * unsigned {@code (hi, lo)}:
 * <pre>
 *  byte 0     1..4        5..8        9      10..13      14..15
 * +------+-----------+-----------+------+-----------+---------+
 * | kind | database  | relation  | fork |  block    | 0 (rsv) |
 * +------+-----------+-----------+------+-----------+---------+
 *  hi = bytes 0..7 = kind:8 | database:32 | relation bits 31..8
 *  lo = bytes 8..15 = relation bits 7..0 | fork:8 | block:32 | 0:16
 * </pre>
 * Kind {@link #KIND_RELATION}: a relation page (fork 0 main, 1 free space, 2 visibility); block
 * {@link #SIZE_BLOCK} is the relation's size entry, which sorts right after its last block.
 * Kind {@link #KIND_CLOG}: commit-log page. Kind {@link #KIND_META}: metadata chosen by its owner.
 * Kinds 0x03..0x7F are reserved for Stratum, 0x80..0xFF are free for an embedding vendor.
 */
public final class PageKey {
    /** Bytes in a page. */
    public static final int PAGE_SIZE = 8192;
    public static final int KIND_RELATION = 0x00;
    public static final int KIND_CLOG = 0x01;
    public static final int KIND_META = 0x02;
    /** Block number of a relation's size entry. */
    public static final long SIZE_BLOCK = 0xFFFF_FFFFL;
    /** Smallest key, both halves. */
    public static final long MIN_HI = 0L;
    public static final long MIN_LO = 0L;
    /** Largest key, both halves (used as an exclusive end meaning "to the end of the key space"). */
    public static final long MAX_HI = -1L;
    public static final long MAX_LO = -1L;

    private PageKey() {
    }

    /** The high half of a key. */
    public static long hi(final int kind, final int database, final int relation) {
        return ((long) (kind & 0xFF) << 56) | ((database & 0xFFFF_FFFFL) << 24) | ((relation & 0xFFFF_FFFFL) >>> 8);
    }

    /** The low half of a key. */
    public static long lo(final int relation, final int fork, final long block) {
        return ((long) (relation & 0xFF) << 56) | ((long) (fork & 0xFF) << 48) | ((block & 0xFFFF_FFFFL) << 16);
    }

    /** High half of a relation page key. */
    public static long relHi(final int database, final int relation) {
        return hi(KIND_RELATION, database, relation);
    }

    /** Low half of a relation page key. */
    public static long relLo(final int relation, final int fork, final long block) {
        return lo(relation, fork, block);
    }

    /** Low half of a relation's size entry. */
    public static long sizeLo(final int relation, final int fork) {
        return lo(relation, fork, SIZE_BLOCK);
    }

    public static int kind(final long hi) {
        return (int) (hi >>> 56);
    }

    public static int database(final long hi) {
        return (int) (hi >>> 24);
    }

    public static int relation(final long hi, final long lo) {
        return (int) (((hi & 0xFF_FFFFL) << 8) | (lo >>> 56));
    }

    public static int fork(final long lo) {
        return (int) ((lo >>> 48) & 0xFF);
    }

    public static long block(final long lo) {
        return (lo >>> 16) & 0xFFFF_FFFFL;
    }

    /** Whether the key is a relation's size entry. */
    public static boolean isSizeKey(final long hi, final long lo) {
        return kind(hi) == KIND_RELATION && block(lo) == SIZE_BLOCK;
    }

    /** Compares two keys in sort order (unsigned). */
    public static int compare(final long aHi, final long aLo, final long bHi, final long bLo) {
        final int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    /** The key right after {@code (hi, lo)}: writes it into {@code out[0..1]}. */
    public static void next(final long hi, final long lo, final long[] out) {
        out[1] = lo + 1;
        out[0] = lo == -1L ? hi + 1 : hi;
    }

    /** 32 hex digits, as in layer file names. */
    public static String hex(final long hi, final long lo) {
        return String.format("%016X%016X", hi, lo);
    }

    /** A human-readable form: {@code rel 1/16384/0 blk 7}, {@code clog 3}, or the hex for other kinds. */
    public static String describe(final long hi, final long lo) {
        final int kind = kind(hi);
        if (kind == KIND_RELATION) {
            final long block = block(lo);
            return "rel " + Integer.toUnsignedString(database(hi)) + '/' + Integer.toUnsignedString(relation(hi, lo))
                + '/' + fork(lo) + (block == SIZE_BLOCK ? " size" : " blk " + block);
        }
        if (kind == KIND_CLOG) {
            return "clog " + block(lo);
        }
        return hex(hi, lo);
    }
}
