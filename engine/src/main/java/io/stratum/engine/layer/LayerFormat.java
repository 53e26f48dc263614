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
 * | key filter (version 3, delta layers):     |
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
 * Version 1 files (no REF entries) and version 2 files (no key filter; the filter length, then a reserved
 * field, is 0) are still read.
 *
 * <p>Key filter: {@link #FILTER_BITS_PER_KEY} bits per distinct key, rounded up to whole u64 words;
 * key k sets bits {@code (h1 + i x h2) mod bits} for i in 0..{@link #FILTER_PROBES}-1, where h1 and h2
 * are the low and high halves of {@link #keyHash}. A read of a key whose bits are not all set skips the
 * file without reading a block (about 1% of absent keys still read one).
 */
public final class LayerFormat {
    public static final long MAGIC = 0x5259414C4D525453L; // "STRMLAYR" read little-endian
    public static final int VERSION = 3;
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

    /** Bit {@code probe} of a key with hash {@code h} in a filter of {@code bits} bits. */
    public static long filterBit(final long h, final int probe, final long bits) {
        return Math.floorMod((h & 0xFFFF_FFFFL) + probe * (h >>> 32), bits);
    }

    private LayerFormat() {
    }
}
