package io.stratum.examples.kvstore;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The store's page format: one 8 KiB page per bucket holds that bucket's entries, unsorted, packed from
 * byte 8 up. A page the engine has never seen is all zeros, which reads as an empty page.
 * <pre>
 *  0        2        4        6        8
 * +--------+--------+--------+--------+------------------------------------------------+
 * | magic  | count  |  end   |   0    | entries: u16 keyLength, u16 valueLength,       |
 * | "KV"   |        |        |        |          key bytes, value bytes; then free     |
 * +--------+--------+--------+--------+------------------------------------------------+
 * </pre>
 * Integers little-endian. Static helpers over a buffer and an offset: no object per page.
 */
final class KvPage {
    static final int SIZE = 8192;
    static final int MAGIC = 0x4B56;
    static final int FIRST = 8;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private KvPage() {
    }

    /** Bytes free after removing {@code key}'s entry, if any. */
    static int freeAfterRemoving(final DirectBuffer page, final int off, final byte[] key) {
        final int at = find(page, off, key, 0, key.length);
        final int removed = at < 0 ? 0 : 4 + key.length + (page.getShort(off + at + 2, LE) & 0xFFFF);
        return SIZE - end(page, off) + removed;
    }

    /** Sets {@code key} to the value in {@code src}; replaces an existing entry. */
    static void put(final MutableDirectBuffer page, final int off, final DirectBuffer src, final int keyAt,
                    final int keyLength, final int valueLength) {
        init(page, off);
        remove(page, off, src, keyAt, keyLength);
        final int end = end(page, off);
        if (end + 4 + keyLength + valueLength > SIZE) {
            throw StratumException.of(ErrorCode.CORRUPT, "key-value page overflow", "end", end, "key", keyLength,
                "value", valueLength);
        }
        page.putShort(off + end, (short) keyLength, LE);
        page.putShort(off + end + 2, (short) valueLength, LE);
        page.putBytes(off + end + 4, src, keyAt, keyLength + valueLength);
        page.putShort(off + 4, (short) (end + 4 + keyLength + valueLength), LE);
        page.putShort(off + 2, (short) (count(page, off) + 1), LE);
    }

    /** Removes {@code key}'s entry, if any, closing the gap. */
    static void remove(final MutableDirectBuffer page, final int off, final DirectBuffer key, final int keyAt,
                       final int keyLength) {
        init(page, off);
        final int at = find(page, off, key, keyAt, keyLength);
        if (at < 0) {
            return;
        }
        final int len = 4 + keyLength + (page.getShort(off + at + 2, LE) & 0xFFFF);
        final int end = end(page, off);
        for (int i = at; i + len < end; i++) { // forward copy: the destination is below the source
            page.putByte(off + i, page.getByte(off + i + len));
        }
        page.setMemory(off + end - len, len, (byte) 0);
        page.putShort(off + 4, (short) (end - len), LE);
        page.putShort(off + 2, (short) (count(page, off) - 1), LE);
    }

    /** The value of {@code key}, or null. */
    static byte[] get(final DirectBuffer page, final int off, final byte[] key) {
        final int at = find(page, off, key, 0, key.length);
        if (at < 0) {
            return null;
        }
        final byte[] v = new byte[page.getShort(off + at + 2, LE) & 0xFFFF];
        page.getBytes(off + at + 4 + key.length, v);
        return v;
    }

    /** Every entry, by key, into {@code out}. */
    static void entries(final DirectBuffer page, final int off, final Map<String, byte[]> out) {
        for (int at = FIRST, end = end(page, off); at < end; ) {
            final int k = page.getShort(off + at, LE) & 0xFFFF;
            final int v = page.getShort(off + at + 2, LE) & 0xFFFF;
            final byte[] key = new byte[k];
            final byte[] value = new byte[v];
            page.getBytes(off + at + 4, key);
            page.getBytes(off + at + 4 + k, value);
            out.put(new String(key, java.nio.charset.StandardCharsets.UTF_8), value);
            at += 4 + k + v;
        }
    }

    static Map<String, byte[]> entries(final DirectBuffer page, final int off) {
        final Map<String, byte[]> out = new TreeMap<>();
        entries(page, off, out);
        return out;
    }

    private static int find(final DirectBuffer page, final int off, final Object key, final int keyAt,
                            final int keyLength) {
        for (int at = FIRST, end = end(page, off); at < end; ) {
            final int k = page.getShort(off + at, LE) & 0xFFFF;
            final int v = page.getShort(off + at + 2, LE) & 0xFFFF;
            if (k == keyLength && same(page, off + at + 4, key, keyAt, k)) {
                return at;
            }
            at += 4 + k + v;
        }
        return -1;
    }

    private static boolean same(final DirectBuffer page, final int at, final Object key, final int keyAt,
                                final int length) {
        for (int i = 0; i < length; i++) {
            final byte b = key instanceof byte[] a ? a[keyAt + i] : ((DirectBuffer) key).getByte(keyAt + i);
            if (page.getByte(at + i) != b) {
                return false;
            }
        }
        return true;
    }

    /** Where the entries end; FIRST on a page never written. */
    private static int end(final DirectBuffer page, final int off) {
        final int magic = page.getShort(off, LE) & 0xFFFF;
        if (magic == 0) {
            return FIRST;
        }
        final int end = page.getShort(off + 4, LE) & 0xFFFF;
        if (magic != MAGIC || end < FIRST || end > SIZE) {
            throw StratumException.of(ErrorCode.CORRUPT, "not a key-value page", "magic", magic, "end", end);
        }
        return end;
    }

    private static int count(final DirectBuffer page, final int off) {
        return page.getShort(off + 2, LE) & 0xFFFF;
    }

    private static void init(final MutableDirectBuffer page, final int off) {
        if ((page.getShort(off, LE) & 0xFFFF) == 0) {
            page.putShort(off, (short) MAGIC, LE);
            page.putShort(off + 2, (short) 0, LE);
            page.putShort(off + 4, (short) FIRST, LE);
        }
    }
}
