package io.stratum.engine.timeline;

import io.stratum.engine.layer.LayerFile;
import io.stratum.engine.layer.LayerWriter;
import java.nio.ByteOrder;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * The open (or frozen) in-memory layer of a timeline: versions with {@code startLsn < lsn <= endLsn},
 * appended to an off-heap arena that grows up to {@code capacity} bytes. Per key, entries form a chain
 * from newest to oldest; a hash index maps the key to the newest. Ordered by (key, lsn) when written
 * out. Entry in the arena:
 * <pre>
 * | prev entry offset (i32, -1 = none) | lsn (i64) | flags (u8) | length (i32) | value |
 * </pre>
 * Not thread-safe: the timeline's lock guards it (writes under the write lock, reads under the read lock).
 */
final class InMemoryLayer {
    private static final int HEADER = 17;

    private final long capacity;
    private final long startLsn;
    private final ExpandableDirectByteBuffer arena;
    private final KeyIndex index = new KeyIndex(1024);
    private int used;
    private long endLsn;
    private long entries;

    InMemoryLayer(final long startLsn, final long capacity) {
        this.startLsn = startLsn;
        this.endLsn = startLsn;
        this.capacity = capacity;
        this.arena = new ExpandableDirectByteBuffer((int) Math.min(capacity, 256 << 10));
    }

    long startLsn() {
        return startLsn;
    }

    long endLsn() {
        return endLsn;
    }

    void advanceEnd(final long lsn) {
        endLsn = lsn;
    }

    boolean isEmpty() {
        return entries == 0;
    }

    long bytes() {
        return used;
    }

    /** Whether an entry of {@code length} value bytes fits. */
    boolean fits(final int length) {
        return used + HEADER + (long) length <= capacity;
    }

    static long entrySize(final int length) {
        return HEADER + (long) length;
    }

    void put(final long hi, final long lo, final long lsn, final int flags, final DirectBuffer src, final int offset,
        final int length) {
        final int at = used;
        arena.putInt(at, index.get(hi, lo), ByteOrder.LITTLE_ENDIAN);
        arena.putLong(at + 4, lsn, ByteOrder.LITTLE_ENDIAN);
        arena.putByte(at + 12, (byte) flags);
        arena.putInt(at + 13, length, ByteOrder.LITTLE_ENDIAN);
        arena.putBytes(at + HEADER, src, offset, length);
        index.put(hi, lo, at);
        used = at + HEADER + length;
        entries++;
    }

    /**
     * Hands the versions of the key with {@code lsnLow < lsn <= lsnHigh} to {@code sink}, newest first.
     */
    void collect(final long hi, final long lo, final long lsnLow, final long lsnHigh, final LayerFile.VersionSink sink) {
        int at = index.get(hi, lo);
        while (at >= 0) {
            final long lsn = arena.getLong(at + 4, ByteOrder.LITTLE_ENDIAN);
            if (lsn <= lsnLow) {
                return;
            }
            if (lsn <= lsnHigh) {
                final int len = arena.getInt(at + 13, ByteOrder.LITTLE_ENDIAN);
                if (!sink.accept(lsn, arena.getByte(at + 12) & 0xFF, arena, at + HEADER, len)) {
                    return;
                }
            }
            at = arena.getInt(at, ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Writes every entry, sorted by (key, lsn), to {@code writer}. */
    void writeTo(final LayerWriter writer) {
        final int n = index.size();
        final long[] keys = new long[2 * n];
        final int[] heads = new int[n];
        index.copyTo(keys, heads);
        KeySort.sort(keys, heads, n);
        int[] chain = new int[16];
        for (int i = 0; i < n; i++) {
            int count = 0;
            for (int at = heads[i]; at >= 0; at = arena.getInt(at, ByteOrder.LITTLE_ENDIAN)) {
                if (count == chain.length) {
                    chain = java.util.Arrays.copyOf(chain, count * 2);
                }
                chain[count++] = at;
            }
            for (int c = count - 1; c >= 0; c--) {
                final int at = chain[c];
                writer.add(keys[2 * i], keys[2 * i + 1], arena.getLong(at + 4, ByteOrder.LITTLE_ENDIAN),
                    arena.getByte(at + 12) & 0xFF, arena, at + HEADER, arena.getInt(at + 13, ByteOrder.LITTLE_ENDIAN));
            }
        }
    }

    /** Adds every key of this layer to {@code keys}. */
    void addKeysTo(final KeyList keys) {
        final int n = index.size();
        final long[] k = new long[2 * n];
        index.copyTo(k, new int[n]);
        for (int i = 0; i < n; i++) {
            keys.add(k[2 * i], k[2 * i + 1]);
        }
    }

    void free() {
        BufferUtil.free(arena.byteBuffer());
    }
}
