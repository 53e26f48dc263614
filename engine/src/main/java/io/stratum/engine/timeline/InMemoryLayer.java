package io.stratum.engine.timeline;

import io.stratum.engine.layer.LayerFile;
import io.stratum.engine.layer.LayerFormat;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerWriter;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The open (or frozen) in-memory layer of a timeline: versions with {@code startLsn < lsn <= endLsn},
 * appended to off-heap chunks of 1 MiB (or the capacity, if smaller) (a larger entry gets a chunk of its own), allocated as needed up
 * to {@code capacity} bytes in total. Per key, entries form a chain from newest to oldest; a hash index
 * maps the key to the newest. Sorted by (key, lsn) when written out. An entry's address is
 * {@code chunk << 32 | offset}; the entry:
 * <pre>
 * | prev entry address (i64, -1 = none) | lsn (i64) | flags (u8) | length (i32) | value |
 * </pre>
 * A record touching several pages is stored once, in the entry of its smallest key; the entries of its
 * other keys are {@code FLAG_REF} entries whose value is that key (hi, lo, big-endian, as written to layer
 * files) and the address of that entry (i64).
 * Not thread-safe: the timeline's lock guards it (writes under the write lock, reads under the read lock).
 */
final class InMemoryLayer {
    private static final int HEADER = 21;
    private static final int CHUNK = 1 << 20;

    private final long capacity;
    private final int chunkSize;
    private final long startLsn;
    private final List<ByteBuffer> memory = new ArrayList<>();
    private UnsafeBuffer[] chunks = new UnsafeBuffer[8];
    private final KeyIndex index = new KeyIndex(1024);
    private final UnsafeBuffer refScratch = new UnsafeBuffer(new byte[LayerFormat.REF_LENGTH + 8]);
    private int chunkCount;
    private int chunkUsed;
    private long used;
    /** Bytes of the entries appended (what the chunks hold, without their free tails). */
    private long stored;
    private long endLsn;
    private long entries;

    InMemoryLayer(final long startLsn, final long capacity) {
        this.startLsn = startLsn;
        this.endLsn = startLsn;
        this.capacity = capacity;
        this.chunkSize = (int) Math.min(CHUNK, capacity);
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

    /** Bytes of the entries held (the allocated chunks' filled part). */
    long storedBytes() {
        return stored;
    }

    /** Off-heap bytes allocated. */
    long bytes() {
        return used;
    }

    /**
     * Whether entries totalling {@code length} bytes ({@link #entrySize}) fit: in the current chunk, or in
     * a new one within the capacity (entries of one record that spill into a further chunk may overshoot
     * the capacity by at most that chunk).
     */
    boolean fits(final long length) {
        if (chunkCount > 0 && chunkUsed + length <= chunks[chunkCount - 1].capacity()) {
            return true;
        }
        return used + Math.max(chunkSize, length) <= capacity;
    }

    static long entrySize(final int length) {
        return HEADER + (long) length;
    }

    /**
     * Adds the record wrapped in {@code dec} for each page it touches: stored once, under its smallest key
     * (so that whatever key range a later compaction cuts, the anchor precedes its references), and a
     * reference entry for each other key. {@code engineInit}: the rmgr initialises every page it touches.
     */
    void putRecord(final WalRecordDecoder dec, final long endLsn, final boolean engineInit) {
        final int blocks = dec.blockCount();
        if (blocks == 0) {
            return;
        }
        int anchor = 0;
        for (int b = 1; b < blocks; b++) {
            if (PageKey.compare(dec.blockKeyHi(b), dec.blockKeyLo(b), dec.blockKeyHi(anchor), dec.blockKeyLo(anchor)) < 0) {
                anchor = b;
            }
        }
        final long aHi = dec.blockKeyHi(anchor);
        final long aLo = dec.blockKeyLo(anchor);
        long anchorAddr = -1;
        for (int i = 0; i < blocks; i++) {
            final int b = i == 0 ? anchor : i == anchor ? 0 : i; // the anchor first
            final boolean init = engineInit || (dec.blockFlags(b) & WalRecord.BLOCK_WILL_INIT) != 0;
            final int flags = init ? LayerFormat.FLAG_WILL_INIT : 0;
            final long hi = dec.blockKeyHi(b);
            final long lo = dec.blockKeyLo(b);
            if (i == 0) {
                anchorAddr = put(hi, lo, endLsn, flags, dec.buffer(), dec.offset(), dec.length());
            } else if (hi != aHi || lo != aLo) { // a second reference to the anchor's page adds nothing
                putRef(hi, lo, endLsn, flags, aHi, aLo, anchorAddr);
            }
        }
    }

    /** Size of a reference entry ({@link #putRef}). */
    static long refEntrySize() {
        return HEADER + LayerFormat.REF_LENGTH + 8L;
    }

    /** Adds a {@code FLAG_REF} entry for key (hi, lo) naming the entry {@code anchor} (an address from {@link #put}). */
    void putRef(final long hi, final long lo, final long lsn, final int flags, final long anchorHi, final long anchorLo,
        final long anchor) {
        refScratch.putLong(0, anchorHi, ByteOrder.BIG_ENDIAN);
        refScratch.putLong(8, anchorLo, ByteOrder.BIG_ENDIAN);
        refScratch.putLong(16, anchor, ByteOrder.LITTLE_ENDIAN);
        put(hi, lo, lsn, flags | LayerFormat.FLAG_REF, refScratch, 0, LayerFormat.REF_LENGTH + 8);
    }

    /** Adds an entry; returns its address. */
    long put(final long hi, final long lo, final long lsn, final int flags, final DirectBuffer src, final int offset,
        final int length) {
        final int size = HEADER + length;
        if (chunkCount == 0 || chunkUsed + size > chunks[chunkCount - 1].capacity()) {
            final ByteBuffer bb = ByteBuffer.allocateDirect(Math.max(chunkSize, size));
            memory.add(bb);
            if (chunkCount == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunkCount * 2);
            }
            chunks[chunkCount++] = new UnsafeBuffer(bb);
            chunkUsed = 0;
            used += bb.capacity();
        }
        final UnsafeBuffer c = chunks[chunkCount - 1];
        final int at = chunkUsed;
        c.putLong(at, index.get(hi, lo), ByteOrder.LITTLE_ENDIAN);
        c.putLong(at + 8, lsn, ByteOrder.LITTLE_ENDIAN);
        c.putByte(at + 16, (byte) flags);
        c.putInt(at + 17, length, ByteOrder.LITTLE_ENDIAN);
        c.putBytes(at + HEADER, src, offset, length);
        final long addr = ((long) (chunkCount - 1) << 32) | at;
        index.put(hi, lo, addr);
        chunkUsed = at + size;
        stored += size;
        entries++;
        return addr;
    }

    /**
     * Hands the versions of the key with {@code lsnLow < lsn <= lsnHigh} to {@code sink}, newest first.
     */
    void collect(final long hi, final long lo, final long lsnLow, final long lsnHigh, final LayerFile.VersionSink sink) {
        long addr = index.get(hi, lo);
        while (addr >= 0) {
            final UnsafeBuffer c = chunks[(int) (addr >>> 32)];
            final int at = (int) addr;
            final long lsn = c.getLong(at + 8, ByteOrder.LITTLE_ENDIAN);
            if (lsn <= lsnLow) {
                return;
            }
            if (lsn <= lsnHigh) {
                final int flags = c.getByte(at + 16) & 0xFF;
                final boolean accepted;
                if ((flags & LayerFormat.FLAG_REF) != 0) { // the record lives in the anchor's entry
                    final long anchor = c.getLong(at + HEADER + LayerFormat.REF_LENGTH, ByteOrder.LITTLE_ENDIAN);
                    final UnsafeBuffer ac = chunks[(int) (anchor >>> 32)];
                    final int aat = (int) anchor;
                    accepted = sink.accept(lsn, flags & ~LayerFormat.FLAG_REF, ac, aat + HEADER,
                        ac.getInt(aat + 17, ByteOrder.LITTLE_ENDIAN));
                } else {
                    accepted = sink.accept(lsn, flags, c, at + HEADER, c.getInt(at + 17, ByteOrder.LITTLE_ENDIAN));
                }
                if (!accepted) {
                    return;
                }
            }
            addr = c.getLong(at, ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Writes every entry, sorted by (key, lsn), to {@code writer}. */
    void writeTo(final LayerWriter writer) {
        final int n = index.size();
        final long[] keys = new long[2 * n];
        final long[] heads = new long[n];
        index.copyTo(keys, heads);
        KeySort.sort(keys, heads, n);
        long[] chain = new long[16];
        for (int i = 0; i < n; i++) {
            int count = 0;
            for (long addr = heads[i]; addr >= 0; addr = chunks[(int) (addr >>> 32)].getLong((int) addr, ByteOrder.LITTLE_ENDIAN)) {
                if (count == chain.length) {
                    chain = Arrays.copyOf(chain, count * 2);
                }
                chain[count++] = addr;
            }
            for (int k = count - 1; k >= 0; k--) {
                final UnsafeBuffer c = chunks[(int) (chain[k] >>> 32)];
                final int at = (int) chain[k];
                final int flags = c.getByte(at + 16) & 0xFF;
                // a reference is written as the anchor key only: the anchor's entry is in the same file
                writer.add(keys[2 * i], keys[2 * i + 1], c.getLong(at + 8, ByteOrder.LITTLE_ENDIAN), flags, c,
                    at + HEADER, (flags & LayerFormat.FLAG_REF) != 0 ? LayerFormat.REF_LENGTH
                        : c.getInt(at + 17, ByteOrder.LITTLE_ENDIAN));
            }
        }
    }

    /** Adds every key of this layer to {@code keys}. */
    void addKeysTo(final KeyList keys) {
        final int n = index.size();
        final long[] k = new long[2 * n];
        index.copyTo(k, new long[n]);
        for (int i = 0; i < n; i++) {
            keys.add(k[2 * i], k[2 * i + 1]);
        }
    }

    void free() {
        for (final ByteBuffer b : memory) {
            BufferUtil.free(b);
        }
        memory.clear();
        chunkCount = 0;
    }
}
