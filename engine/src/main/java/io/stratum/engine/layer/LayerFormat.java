package io.stratum.engine.layer;

/**
 * On-disk layout of a layer file (delta and image layers share it). Integers little-endian, keys as two
 * big-endian longs.
 * <pre>
 * +-------------------------------------------+  0
 * | block 0: LZ4-compressed run of entries    |
 * | block 1 ...                               |
 * +-------------------------------------------+  indexOffset
 * | index: blockCount x 52 bytes              |
 * |   u64 offset, u32 compressedLength,       |
 * |   u32 rawLength, u32 CRC32C(compressed),  |
 * |   first key (hi, lo), last key (hi, lo)   |
 * +-------------------------------------------+  indexOffset + blockCount x 52
 * | key filter (version 3+, delta layers):    |
 * |   filterLength bytes, u64 words LE: a     |
 * |   Bloom filter of the file's keys         |
 * +-------------------------------------------+  size - 104
 * | footer (104 bytes)                        |
 * |   u64 magic "STRMLAYR", u32 version,      |
 * |   u32 kind (1 delta, 2 image),            |
 * |   key start (hi, lo), key end (hi, lo),   |
 * |   u64 lsnStart, u64 lsnEnd,               |
 * |   u64 entryCount, u32 blockCount,         |
 * |   u32 CRC32C(index and filter),           |
 * |   u64 indexOffset, u64 filterLength (0:   |
 * |   none), u32 CRC32C(footer[0,96)),        |
 * |   u32 reserved                            |
 * +-------------------------------------------+
 * entry (inside a decompressed block), sorted by (key, lsn):
 *   key hi (8), key lo (8), u64 lsn, u8 flags, u32 length, length bytes of value
 *   flags: 0x01 IMAGE (value = 8192-byte page), 0x02 WILL_INIT (a record that needs no earlier version),
 *          0x04 REF (version 2: value = the key, hi and lo big-endian, of the entry of this same file and
 *          LSN that holds the whole record: a record touching several pages is stored once per file,
 *          under its smallest key), otherwise the value is a whole WAL record to redo.
 * </pre>
 * Version 1 files (no REF entries), version 2 files (no key filter; the filter length, then a reserved
 * field, is 0) and version 3 files (the unblocked filter below) are still read.
 *
 * <p>Key filter (version 4, blocked): {@link #FILTER_BITS_PER_KEY} bits per distinct key, rounded up to
 * whole 64-byte blocks; key k with hash h = {@link #keyHash} sets, in block {@code h mod blocks}
 * (unsigned), the bits {@code (g >>> 9i) & 511} for i in 0..{@link #FILTER_PROBES}-1, where
 * g = {@link #filterMix}(h): every probe of a key lands in one cache line, so a file the key is not in
 * costs a read one memory access, not seven (at 10 GiB, where the filters do not fit in the CPU's caches,
 * seven misses per delta layer consulted). A read of a key whose bits are not all set skips the file
 * without reading a block (about 1% of absent keys still read one).
 *
 * <p>Version 3 filter: the same size rounded to u64 words; key k sets bits {@code (h1 + i x h2) mod bits},
 * h1 and h2 the low and high halves of h.
 */
public final class LayerFormat {
    public static final long MAGIC = 0x5259414C4D525453L; // "STRMLAYR" read little-endian
    public static final int VERSION = 4;
    /** The first version whose key filter is blocked ({@link #FILTER_BLOCK_BYTES}-byte blocks). */
    public static final int BLOCKED_FILTER_VERSION = 4;
    public static final int FILTER_BLOCK_BYTES = 64;
    /** The oldest version still read. */
    public static final int MIN_VERSION = 1;
    public static final int KIND_DELTA = 1;
    public static final int KIND_IMAGE = 2;
    public static final int FOOTER_SIZE = 104;
    public static final int FOOTER_CRC_OFFSET = 96;
    public static final int INDEX_ENTRY_SIZE = 52;
    public static final int ENTRY_HEADER = 29;

    /** Value flag: a page image. */
    public static final int FLAG_IMAGE = 0x01;
    /** Value flag: a record that initialises the page. */
    public static final int FLAG_WILL_INIT = 0x02;
    /** Value flag: the record is stored once in this file, under the key this value names (16 bytes). */
    public static final int FLAG_REF = 0x04;
    public static final int REF_LENGTH = 16;
    public static final int FILTER_BITS_PER_KEY = 10;
    public static final int FILTER_PROBES = 7;

    /** The 64-bit hash of a key that the key filter probes with (one rule for writer and reader). */
    public static long keyHash(final long hi, final long lo) {
        long z = hi * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(lo, 31) * 0xC2B2AE3D27D4EB4FL;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /** The second hash a blocked filter takes its bit positions from (9 bits per probe). */
    public static long filterMix(final long h) {
        final long z = (h ^ (h >>> 31)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 29);
    }

    /** The 64-byte block of a blocked filter of {@code blocks} blocks that a key with hash {@code h} sets. */
    public static int filterBlock(final long h, final int blocks) {
        return (int) Long.remainderUnsigned(h, blocks);
    }

    /** Bit {@code probe} (0..511) of a key with mixed hash {@code g} inside its filter block. */
    public static int blockBit(final long g, final int probe) {
        return (int) ((g >>> (9 * probe)) & 511);
    }

    /** Bit {@code probe} of a key with hash {@code h} in a version-3 filter of {@code bits} bits. */
    public static long filterBit(final long h, final int probe, final long bits) {
        return Math.floorMod((h & 0xFFFF_FFFFL) + probe * (h >>> 32), bits);
    }

    private LayerFormat() {
    }
}
