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
 * +-------------------------------------------+  size - 104
 * | footer (104 bytes)                        |
 * |   u64 magic "STRMLAYR", u32 version,      |
 * |   u32 kind (1 delta, 2 image),            |
 * |   key start (hi, lo), key end (hi, lo),   |
 * |   u64 lsnStart, u64 lsnEnd,               |
 * |   u64 entryCount, u32 blockCount,         |
 * |   u32 CRC32C(index), u64 indexOffset,     |
 * |   u64 reserved, u32 CRC32C(footer[0,96)), |
 * |   u32 reserved                            |
 * +-------------------------------------------+
 * entry (inside a decompressed block), sorted by (key, lsn):
 *   key hi (8), key lo (8), u64 lsn, u8 flags, u32 length, length bytes of value
 *   flags: 0x01 IMAGE (value = 8192-byte page), 0x02 WILL_INIT (a record that needs no earlier version),
 *          0x04 REF (version 2: value = the key, hi and lo big-endian, of the entry of this same file and
 *          LSN that holds the whole record: a record touching several pages is stored once per file,
 *          under its smallest key), otherwise the value is a whole WAL record to redo.
 * </pre>
 * Version 1 files (no REF entries) are still read.
 */
public final class LayerFormat {
    public static final long MAGIC = 0x5259414C4D525453L; // "STRMLAYR" read little-endian
    public static final int VERSION = 2;
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

    private LayerFormat() {
    }
}
