package io.stratum.mvcc.btree;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Layout of B-tree pages (8 KiB, all integers little-endian) and the static helpers that read and
 * rebuild them; no object per page. Only {@link BTreeRedo} writes pages.
 *
 * <pre>
 * leaf / internal page
 * +--------+--------+----------------+
 * | kind:8 |flags:8 |    level:16    |  0
 * +--------+--------+----------------+
 * |    count:16     |    upper:16    |  4
 * +-----------------+----------------+
 * |   highOff:16    |   fragBytes:16 |  8       highOff: where the high key item is (flag bit 0)
 * +-----------------+----------------+
 * |        right sibling block:32    | 12
 * +----------------------------------+
 * |        left sibling block:32     | 16
 * +----------------------------------+
 * |        reserved (12 bytes)       | 20
 * +----------------------------------+
 * | slot[0..count), 8 bytes each:    | 32       slots are in (key, tid) order; a slot holds the
 * |  u16 item offset (LE), then the  |          item offset and the key's first 6 bytes, zero-
 * |  key's bytes 0..5 (zero-padded)  |          padded (its "head": a search decides on the slot
 * |  ... free space ...              |          alone when heads differ); items are packed down
 * |                                  |          from the page end to 'upper'; deleted items
 * |  items (and the high key)        | upper    leave 'fragBytes' until the page is compacted
 * +----------------------------------+ 8192
 *
 * item (entry, separator or high key): a 14-byte header, then the key
 * +-------------+-----------------+--------------+------------------+
 * | keyLen:16   |     tid:64      |   child:32   | key (keyLen B)   |
 * +-------------+-----------------+--------------+------------------+
 * 0             2                 10             14
 * leaf items have child 0; an internal item's child holds the keys >= its (key, tid), up to the next
 * item's; the first item of an internal page stands for minus infinity.
 *
 * meta page (block 0)
 * +--------+--------+----------------+----------------------------------+
 * | kind=1 |   0    |   version:16   |  magic:32 ("BTRE")               |  0
 * +--------+--------+----------------+----------------------------------+
 * |           root block:32          |  height:32 (levels; 1 = a leaf)  |  8
 * +----------------------------------+----------------------------------+
 * |   blocks allocated so far:32     |  zeros to 8192                   | 16
 * +----------------------------------+----------------------------------+
 * </pre>
 * kind 1 meta, 2 leaf, 3 internal; flags bit 0: the page has a high key (every page but the rightmost of
 * its level). Entries of a page are {@code < } its high key (an exclusive bound equal to the first entry
 * of its right sibling, Lehman-Yao style); a search key {@code >=} the high key moves right. Block 0 is
 * never a sibling, so 0 means "none".
 */
final class BTreePage {
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final int PAGE_SIZE = 8192;

    static final int KIND_META = 1;
    static final int KIND_LEAF = 2;
    static final int KIND_INTERNAL = 3;
    static final int FLAG_HIGH = 1;

    static final int KIND = 0;
    static final int FLAGS = 1;
    static final int LEVEL = 2;
    static final int COUNT = 4;
    static final int UPPER = 6;
    static final int HIGH = 8;
    static final int FRAG = 10;
    static final int RIGHT = 12;
    static final int LEFT = 16;
    static final int HEADER = 32;
    /** A slot: u16 item offset, then the item key's first 6 bytes (zero-padded), the "head" searches compare first. */
    static final int SLOT = 8;
    static final long HEAD_MASK = 0xFFFF_FFFF_FFFFL;
    static final int HEAD_BYTES = 6;

    static final int ITEM_KEY_LEN = 0;
    static final int ITEM_TID = 2;
    static final int ITEM_CHILD = 10;
    static final int ITEM_KEY = 14;
    static final int ITEM_HEADER = 14;

    static final int META_VERSION = 2;
    static final int META_MAGIC = 4;
    static final int META_ROOT = 8;
    static final int META_HEIGHT = 12;
    static final int META_BLOCKS = 16;
    static final int MAGIC = 0x45525442; // "BTRE" little-endian
    static final int VERSION = 1;

    /** Largest key accepted (so that at least three items and a high key fit a page). */
    static final int MAX_KEY = 2000;
    /** Most items a page can hold (empty keys). */
    static final int MAX_ITEMS = (PAGE_SIZE - HEADER) / (ITEM_HEADER + SLOT);

    /** Search tie rules when the key bytes are equal. */
    static final int TIE_LOW = -1;
    static final int TIE_HIGH = 1;
    static final int TIE_TID = 0;

    private BTreePage() {
    }

    static int kind(final DirectBuffer p, final int b) {
        return p.getByte(b + KIND) & 0xFF;
    }

    static int level(final DirectBuffer p, final int b) {
        return p.getShort(b + LEVEL, LE) & 0xFFFF;
    }

    static int count(final DirectBuffer p, final int b) {
        return p.getShort(b + COUNT, LE) & 0xFFFF;
    }

    static int upper(final DirectBuffer p, final int b) {
        return p.getShort(b + UPPER, LE) & 0xFFFF;
    }

    static int frag(final DirectBuffer p, final int b) {
        return p.getShort(b + FRAG, LE) & 0xFFFF;
    }

    static boolean hasHigh(final DirectBuffer p, final int b) {
        return (p.getByte(b + FLAGS) & FLAG_HIGH) != 0;
    }

    /** Absolute offset of the high key item (only when {@link #hasHigh}). */
    static int high(final DirectBuffer p, final int b) {
        return b + (p.getShort(b + HIGH, LE) & 0xFFFF);
    }

    static long right(final DirectBuffer p, final int b) {
        return p.getInt(b + RIGHT, LE) & 0xFFFF_FFFFL;
    }

    static long left(final DirectBuffer p, final int b) {
        return p.getInt(b + LEFT, LE) & 0xFFFF_FFFFL;
    }

    /** The key head stored in {@code slot} (48 bits: key bytes 0..5, big-endian, zero-padded). */
    static long head(final DirectBuffer p, final int b, final int slot) {
        return p.getLong(b + HEADER + SLOT * slot, ByteOrder.BIG_ENDIAN) & HEAD_MASK;
    }

    private static final sun.misc.Unsafe UNSAFE = io.stratum.mvcc.pool.RawMemory.UNSAFE;
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final int RAW_SLOT_MASK = 511;

    /**
     * The head of slot {@code slot} of the slot array at {@code slots} (an address in {@code base}, as agrona's
     * {@code byteArray()} and {@code addressOffset()} give it), read without the buffer's bounds check: the caller
     * has checked that the page lies in the buffer and keeps {@code slot} in {@code [0, MAX_ITEMS)}; the mask (512 >
     * MAX_ITEMS, so it changes no valid slot) keeps even a wrong slot number inside the page's first 4,128 bytes. A
     * head search reads a dozen heads or more per page, and the checked reads (a field load and two compares each,
     * not hoisted across the pool's atomics) were 6-15 % of a lookup.
     */
    private static long rawHead(final Object base, final long slots, final int slot) {
        final long v = UNSAFE.getLong(base, slots + (long) SLOT * (slot & RAW_SLOT_MASK));
        return (NATIVE_LE ? Long.reverseBytes(v) : v) & HEAD_MASK;
    }

    /** The head of a key: its first 6 bytes, big-endian, zero-padded. */
    static long headOf(final DirectBuffer key, final int offset, final int length) {
        if (length >= 8) {
            return key.getLong(offset, ByteOrder.BIG_ENDIAN) >>> 16;
        }
        long h = 0;
        for (int i = 0; i < HEAD_BYTES; i++) {
            h = (h << 8) | (i < length ? key.getByte(offset + i) & 0xFF : 0);
        }
        return h;
    }

    /** Writes slot {@code slot}: the item offset and the head of the item's key. */
    private static void putSlot(final MutableDirectBuffer p, final int b, final int slot, final int itemOffset) {
        final int at = b + HEADER + SLOT * slot;
        final int item = b + itemOffset;
        final long head = headOf(p, item + ITEM_KEY, keyLen(p, item));
        // bytes 0..1: the offset, little-endian; bytes 2..7: the head, big-endian
        p.putLong(at, ((Short.reverseBytes((short) itemOffset) & 0xFFFFL) << 48) | head, ByteOrder.BIG_ENDIAN);
    }

    /** Absolute offset of the item in {@code slot}. */
    static int item(final DirectBuffer p, final int b, final int slot) {
        return b + (p.getShort(b + HEADER + SLOT * slot, LE) & 0xFFFF);
    }

    static int keyLen(final DirectBuffer p, final int item) {
        return p.getShort(item + ITEM_KEY_LEN, LE) & 0xFFFF;
    }

    /**
     * Compares {@code s} with the item in {@code slot}, deciding on the slot's key head alone when the heads
     * differ (a head difference orders the keys the same way) and reading the item only on a tie.
     */
    static int compareSlot(final SearchKey s, final DirectBuffer p, final int b, final int slot) {
        if (s.useHead) {
            final long h = head(p, b, slot);
            if (h != s.head) {
                return Long.compareUnsigned(s.head, h);
            }
        }
        return compare(s, p, item(p, b, slot));
    }

    static long tid(final DirectBuffer p, final int item) {
        return p.getLong(item + ITEM_TID, LE);
    }

    static long child(final DirectBuffer p, final int item) {
        return p.getInt(item + ITEM_CHILD, LE) & 0xFFFF_FFFFL;
    }

    static int itemSize(final DirectBuffer p, final int item) {
        return ITEM_HEADER + keyLen(p, item);
    }

    /** Contiguous free bytes between the slot array and the items. */
    static int contiguousFree(final DirectBuffer p, final int b) {
        return upper(p, b) - HEADER - SLOT * count(p, b);
    }

    /** Whether an item of {@code size} bytes (plus its slot) fits, after compaction if need be. */
    static boolean fits(final DirectBuffer p, final int b, final int size) {
        return contiguousFree(p, b) + frag(p, b) >= size + SLOT;
    }

    static int metaRoot(final DirectBuffer p, final int b) {
        return p.getInt(b + META_ROOT, LE);
    }

    static int metaHeight(final DirectBuffer p, final int b) {
        return p.getInt(b + META_HEIGHT, LE);
    }

    static int metaBlocks(final DirectBuffer p, final int b) {
        return p.getInt(b + META_BLOCKS, LE);
    }

    static void checkMeta(final DirectBuffer p, final int b, final int relation) {
        if (kind(p, b) != KIND_META || p.getInt(b + META_MAGIC, LE) != MAGIC) {
            throw StratumException.of(ErrorCode.CORRUPT, "not a B-tree metadata page", "relation", relation,
                "kind", kind(p, b), "magic", Integer.toHexString(p.getInt(b + META_MAGIC, LE)));
        }
        final int version = p.getShort(b + META_VERSION, LE) & 0xFFFF;
        if (version != VERSION) {
            throw StratumException.of(ErrorCode.CORRUPT, "unsupported B-tree version", "relation", relation,
                "version", version);
        }
    }

    /** Unsigned lexicographic comparison; a proper prefix sorts first. */
    static int compareBytes(final DirectBuffer a, final int aOff, final int aLen,
        final DirectBuffer b, final int bOff, final int bLen) {
        final int n = Math.min(aLen, bLen);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            final long x = a.getLong(aOff + i, ByteOrder.BIG_ENDIAN);
            final long y = b.getLong(bOff + i, ByteOrder.BIG_ENDIAN);
            if (x != y) {
                return Long.compareUnsigned(x, y);
            }
        }
        for (; i < n; i++) {
            final int x = a.getByte(aOff + i) & 0xFF;
            final int y = b.getByte(bOff + i) & 0xFF;
            if (x != y) {
                return x - y;
            }
        }
        return Integer.compare(aLen, bLen);
    }

    /**
     * Compares search key {@code s} with the item at {@code item}: negative when s sorts before it. With
     * {@code s.prefix} the item's key is cut to the search key's length first (monotone, so searches stay
     * valid). Ties on the key bytes follow {@code s.tie}.
     */
    static int compare(final SearchKey s, final DirectBuffer p, final int item) {
        if (s.infinite) {
            return 1;
        }
        final int len = keyLen(p, item);
        final int c = compareBytes(s.buffer, s.offset, s.length, p, item + ITEM_KEY,
            s.prefix ? Math.min(len, s.length) : len);
        if (c != 0) {
            return c;
        }
        if (s.tie != TIE_TID) {
            return s.tie;
        }
        return Long.compareUnsigned(s.tid, tid(p, item));
    }

    /** First slot in {@code [from, count)} whose item is {@code >= s} (count when none). */
    static int lowerBound(final SearchKey s, final DirectBuffer p, final int b, final int from) {
        final int count = count(p, b);
        int lo = from;
        int hi = count;
        if (s.useHead) {
            // items whose head is below the key's are below it and those above are above it: only slots with the
            // key's head need the item compared
            lo = headBound(s.head, s.hintLo, s.hintHi, p, b, from, count);
            if (lo == count || head(p, b, lo) != s.head) {
                return lo;
            }
            hi = headRunEnd(s.head, p, b, lo, count);
        }
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (compare(s, p, item(p, b, mid)) > 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First slot in {@code [from, count)} whose item is {@code > s} (count when none). */
    static int upperBound(final SearchKey s, final DirectBuffer p, final int b, final int from) {
        final int count = count(p, b);
        int lo = from;
        int hi = count;
        if (s.useHead) {
            lo = headBound(s.head, s.hintLo, s.hintHi, p, b, from, count);
            if (lo == count || head(p, b, lo) != s.head) {
                return lo;
            }
            hi = headRunEnd(s.head, p, b, lo, count);
        }
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (compare(s, p, item(p, b, mid)) >= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The end of the run of slots from {@code lo} whose head is {@code head} (slot {@code lo} has it): the
     * next slots are looked at first (they share its cache line; with distinct heads the run is one slot),
     * a long run is ended by a head search. So the item search that follows stays inside the run instead of
     * halving the rest of the page, a cache miss per step.
     */
    private static int headRunEnd(final long head, final DirectBuffer p, final int b, final int lo, final int count) {
        final int scanTo = Math.min(count, lo + 8);
        for (int i = lo + 1; i < scanTo; i++) {
            if (head(p, b, i) != head) {
                return i;
            }
        }
        return scanTo == count ? count : headBound(head + 1, p, b, scanTo, count);
    }

    /** Slots a head search scans one by one (about two cache lines; the interpolation's window). */
    private static final int SCAN = 16;
    /** A search bound packed as {@code head << POS_BITS | slot} (63 bits: ordered as the slots are). */
    private static final int POS_BITS = 15;
    private static final long POS_MASK = (1L << POS_BITS) - 1;

    /** {@link #headBound(long, long, long, DirectBuffer, int, int, int)} without a hint. */
    static int headBound(final long head, final DirectBuffer p, final int b, final int from, final int count) {
        return headBound(head, 0, -1, p, b, from, count);
    }

    /**
     * First slot in {@code [from, count)} whose head is {@code >=} {@code head} (count when none); heads are 48-bit
     * values, so signed comparison orders them. The first round loads the first and last heads and the three
     * quarter points, independent loads whose cache misses overlap (a binary search waits for one miss per
     * step), and, given the heads the page's keys are believed to lie between ({@code hintLo <= hintHi}: the
     * parent's separators around the downlink followed), a window of {@link #SCAN} slots where the key would
     * sit if the keys were spread evenly between them. Each later round guesses the position by interpolating
     * between the two heads that bound the range and loads a window around the guess besides the quarter
     * points. On keys spread evenly (random keys, hashes) the range is inside a window after the first or second
     * round, so a search of a full leaf waits for two or three cache misses; on skewed keys the quarter points
     * still cut the range four ways per round. The hint changes which slots are looked at, never the answer. The
     * last slots are scanned.
     */
    static int headBound(final long head, final long hintLo, final long hintHi, final DirectBuffer p, final int b,
        final int from, final int count) {
        if (from < 0 || count > MAX_ITEMS || b < 0 || b > p.capacity() - PAGE_SIZE) {
            throw StratumException.of(ErrorCode.CORRUPT, "B-tree page search out of bounds", "from", from,
                "count", count, "maxItems", MAX_ITEMS, "offset", b, "capacity", p.capacity());
        }
        final Object base = p.byteArray();
        final long slots = p.addressOffset() + b + HEADER;
        int lo = from;
        int hi = count;
        if (hi - lo > SCAN) {
            // the bounds found so far: 'below', the highest slot probed whose head is below the key, plus one (its
            // head kept above the slot number); 'above', the lowest slot probed whose head is at or above the key
            long below = lo;
            long above = (HEAD_MASK << POS_BITS) | hi;
            final int q = (hi - lo) >>> 2;
            final int m1 = lo + q;
            final int m2 = m1 + q;
            final int m3 = m2 + q;
            final long first = rawHead(base, slots, lo);
            final long last = rawHead(base, slots, hi - 1);
            final long y1 = rawHead(base, slots, m1);
            final long y2 = rawHead(base, slots, m2);
            final long y3 = rawHead(base, slots, m3);
            if (hintLo <= head && head <= hintHi) {
                final int g = Math.min(hi - 1, lo + (int) ((head - hintLo) * (hi - lo) / (hintHi - hintLo + 1)));
                final int g0 = Math.max(lo, g - SCAN / 2);
                final int g2 = Math.min(hi - 1, g + SCAN / 2 - 1);
                final long x0 = rawHead(base, slots, g0);
                final long x1 = rawHead(base, slots, g);
                final long x2 = rawHead(base, slots, g2);
                below = x0 < head ? Math.max(below, (x0 << POS_BITS) | (g0 + 1)) : below;
                above = x0 >= head ? Math.min(above, (x0 << POS_BITS) | g0) : above;
                below = x1 < head ? Math.max(below, (x1 << POS_BITS) | (g + 1)) : below;
                above = x1 >= head ? Math.min(above, (x1 << POS_BITS) | g) : above;
                below = x2 < head ? Math.max(below, (x2 << POS_BITS) | (g2 + 1)) : below;
                above = x2 >= head ? Math.min(above, (x2 << POS_BITS) | g2) : above;
            }
            below = first < head ? Math.max(below, (first << POS_BITS) | (lo + 1)) : below;
            above = first >= head ? Math.min(above, (first << POS_BITS) | lo) : above;
            below = last < head ? Math.max(below, (last << POS_BITS) | hi) : below;
            above = last >= head ? Math.min(above, (last << POS_BITS) | (hi - 1)) : above;
            below = y1 < head ? Math.max(below, (y1 << POS_BITS) | (m1 + 1)) : below;
            above = y1 >= head ? Math.min(above, (y1 << POS_BITS) | m1) : above;
            below = y2 < head ? Math.max(below, (y2 << POS_BITS) | (m2 + 1)) : below;
            above = y2 >= head ? Math.min(above, (y2 << POS_BITS) | m2) : above;
            below = y3 < head ? Math.max(below, (y3 << POS_BITS) | (m3 + 1)) : below;
            above = y3 >= head ? Math.min(above, (y3 << POS_BITS) | m3) : above;
            lo = (int) (below & POS_MASK);
            hi = (int) (above & POS_MASK);
            // a range still open has a probe below the key and one at or above it (else the first or the last
            // slot closed it): head(lo - 1) == hLo < head <= hHi == head(hi), the answer is in [lo, hi]
            while (hi - lo > SCAN) {
                final long hLo = below >>> POS_BITS;
                final long hHi = above >>> POS_BITS;
                // the linear model through (lo - 1, hLo) and (hi, hHi) puts the key at g, in [lo, hi]
                final int g = lo + (int) (((head - hLo) * (hi - lo + 1) - 1) / (hHi - hLo));
                final int g0 = Math.max(lo, g - SCAN / 2);
                final int g2 = Math.min(hi - 1, g + SCAN / 2 - 1);
                final int g1 = Math.min(g, g2);
                final int r = (hi - lo) >>> 2;
                final int n1 = lo + r;
                final int n2 = n1 + r;
                final int n3 = n2 + r;
                final long x0 = rawHead(base, slots, g0);
                final long x1 = rawHead(base, slots, g1);
                final long x2 = rawHead(base, slots, g2);
                final long z1 = rawHead(base, slots, n1);
                final long z2 = rawHead(base, slots, n2);
                final long z3 = rawHead(base, slots, n3);
                below = x0 < head ? Math.max(below, (x0 << POS_BITS) | (g0 + 1)) : below;
                above = x0 >= head ? Math.min(above, (x0 << POS_BITS) | g0) : above;
                below = x1 < head ? Math.max(below, (x1 << POS_BITS) | (g1 + 1)) : below;
                above = x1 >= head ? Math.min(above, (x1 << POS_BITS) | g1) : above;
                below = x2 < head ? Math.max(below, (x2 << POS_BITS) | (g2 + 1)) : below;
                above = x2 >= head ? Math.min(above, (x2 << POS_BITS) | g2) : above;
                below = z1 < head ? Math.max(below, (z1 << POS_BITS) | (n1 + 1)) : below;
                above = z1 >= head ? Math.min(above, (z1 << POS_BITS) | n1) : above;
                below = z2 < head ? Math.max(below, (z2 << POS_BITS) | (n2 + 1)) : below;
                above = z2 >= head ? Math.min(above, (z2 << POS_BITS) | n2) : above;
                below = z3 < head ? Math.max(below, (z3 << POS_BITS) | (n3 + 1)) : below;
                above = z3 >= head ? Math.min(above, (z3 << POS_BITS) | n3) : above;
                lo = (int) (below & POS_MASK);
                hi = (int) (above & POS_MASK);
            }
        }
        while (lo < hi && rawHead(base, slots, lo) < head) {
            lo++;
        }
        return lo;
    }

    /** Whether {@code s} belongs to a page to the right (it is {@code >=} this page's high key). */
    static boolean beyondHigh(final SearchKey s, final DirectBuffer p, final int b) {
        return hasHigh(p, b) && compare(s, p, high(p, b)) >= 0;
    }

    /** The child of an internal page that covers {@code s}: the last item {@code <= s}, slot 0 standing for minus infinity. */
    static long childFor(final SearchKey s, final DirectBuffer p, final int b) {
        return child(p, item(p, b, upperBound(s, p, b, 1) - 1));
    }

    // ---- page building, used by redo only ----

    static void init(final MutableDirectBuffer p, final int b, final int level, final long left, final long right) {
        p.setMemory(b, PAGE_SIZE, (byte) 0);
        p.putByte(b + KIND, (byte) (level == 0 ? KIND_LEAF : KIND_INTERNAL));
        p.putShort(b + LEVEL, (short) level, LE);
        p.putShort(b + UPPER, (short) PAGE_SIZE, LE);
        p.putInt(b + LEFT, (int) left, LE);
        p.putInt(b + RIGHT, (int) right, LE);
    }

    /** Writes an item's bytes below {@code upper}; returns its page-relative offset. */
    private static int place(final MutableDirectBuffer p, final int b, final DirectBuffer src, final int srcItem,
        final int size, final int slots) {
        if (contiguousFree(p, b) < size + slots) {
            throw StratumException.of(ErrorCode.CORRUPT, "B-tree page overflows", "size", size,
                "free", contiguousFree(p, b));
        }
        final int upper = upper(p, b) - size;
        p.putBytes(b + upper, src, srcItem, size);
        p.putShort(b + UPPER, (short) upper, LE);
        return upper;
    }

    /** Sets the high key of a page being built (before its items). */
    static void setHigh(final MutableDirectBuffer p, final int b, final DirectBuffer src, final int srcItem) {
        final int at = place(p, b, src, srcItem, itemSize(src, srcItem), 0);
        p.putShort(b + HIGH, (short) at, LE);
        p.putByte(b + FLAGS, (byte) (p.getByte(b + FLAGS) | FLAG_HIGH));
    }

    /** Appends an item after the last slot of a page being built (caller guarantees room). */
    static void append(final MutableDirectBuffer p, final int b, final DirectBuffer src, final int srcItem) {
        final int count = count(p, b);
        final int at = place(p, b, src, srcItem, itemSize(src, srcItem), SLOT);
        putSlot(p, b, count, at);
        p.putShort(b + COUNT, (short) (count + 1), LE);
    }

    /** Inserts an item at {@code slot}, compacting first if the free space is fragmented. */
    static void insert(final MutableDirectBuffer p, final int b, final int slot, final DirectBuffer src,
        final int srcItem) {
        final int size = itemSize(src, srcItem);
        final int count = count(p, b);
        if (slot > count || !fits(p, b, size)) {
            throw StratumException.of(ErrorCode.CORRUPT, "B-tree insert does not fit its page", "slot", slot,
                "count", count, "size", size);
        }
        if (contiguousFree(p, b) < size + SLOT) {
            compact(p, b, BTreeRedo.scratch());
        }
        final int at = place(p, b, src, srcItem, size, SLOT);
        final int slots = b + HEADER;
        p.putBytes(slots + SLOT * (slot + 1), p, slots + SLOT * slot, SLOT * (count - slot));
        putSlot(p, b, slot, at);
        p.putShort(b + COUNT, (short) (count + 1), LE);
    }

    /** Removes the item in {@code slot}; its bytes become fragmented space. */
    static void remove(final MutableDirectBuffer p, final int b, final int slot) {
        final int count = count(p, b);
        if (slot >= count) {
            throw StratumException.of(ErrorCode.CORRUPT, "B-tree delete of a missing slot", "slot", slot,
                "count", count);
        }
        final int size = itemSize(p, item(p, b, slot));
        final int slots = b + HEADER;
        p.putBytes(slots + SLOT * slot, p, slots + SLOT * (slot + 1), SLOT * (count - slot - 1));
        p.putLong(slots + SLOT * (count - 1), 0L, LE);
        p.putShort(b + COUNT, (short) (count - 1), LE);
        p.putShort(b + FRAG, (short) (frag(p, b) + size), LE);
    }

    /** Rewrites the page with its items packed (high key first, then slot order) and zeroed free space. */
    static void compact(final MutableDirectBuffer p, final int b, final MutableDirectBuffer scratch) {
        scratch.putBytes(0, p, b, PAGE_SIZE);
        final int count = count(scratch, 0);
        p.setMemory(b + HEADER, PAGE_SIZE - HEADER, (byte) 0);
        p.putShort(b + UPPER, (short) PAGE_SIZE, LE);
        p.putShort(b + FRAG, (short) 0, LE);
        p.putShort(b + COUNT, (short) 0, LE);
        p.putShort(b + HIGH, (short) 0, LE);
        if (hasHigh(scratch, 0)) {
            p.putByte(b + FLAGS, (byte) (p.getByte(b + FLAGS) & ~FLAG_HIGH));
            setHigh(p, b, scratch, high(scratch, 0));
        }
        for (int i = 0; i < count; i++) {
            append(p, b, scratch, item(scratch, 0, i));
        }
    }
}
