package io.stratum.engine.layer;

import static io.stratum.engine.layer.LayerFormat.ENTRY_HEADER;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * Walks every entry of a layer file in (key, lsn) order, one decompressed block in memory at a time.
 * Owns its scratch; close it when done. Used by compaction, key enumeration and the tools.
 */
public final class LayerCursor implements AutoCloseable {
    private final LayerFile layer;
    private final LayerScratch scratch = new LayerScratch();
    private int block = -1;
    private DirectBuffer raw;
    private int at;
    private int end;
    private long keyHi;
    private long keyLo;
    private long lsn;
    private int flags;
    private int valueOffset;
    private int valueLength;

    public LayerCursor(final LayerFile layer) {
        this.layer = layer;
        layer.load();
    }

    /**
     * Positions before the first block that may hold keys at or after {@code (hi, lo)} (binary search of
     * the index, nothing read): the next {@link #next()} starts there, and may still return a few smaller
     * keys of that block, which the caller skips.
     */
    public void seek(final long hi, final long lo) {
        block = layer.firstBlockEndingAtOrAfter(hi, lo) - 1;
        raw = null;
        at = 0;
        end = 0;
    }

    /**
     * A forward skip: as {@link #seek}, but when {@code (hi, lo)} may lie in the block being read (or an
     * earlier one), keeps reading it rather than reading it again. Call it only with a key past the last one
     * returned; smaller keys may still follow, which the caller skips.
     */
    public void skipTo(final long hi, final long lo) {
        final int b = layer.firstBlockEndingAtOrAfter(hi, lo);
        if (b > block) {
            seek(hi, lo);
        }
    }

    /** Advances to the next entry; false at the end. */
    public boolean next() {
        while (raw == null || at >= end) {
            if (block + 1 >= layer.blockCount()) {
                return false;
            }
            block++;
            raw = layer.readBlock(scratch, block);
            at = 0;
            end = layer.rawLength(block);
        }
        valueLength = layer.entryLength(raw, at, end, block);
        keyHi = raw.getLong(at, ByteOrder.BIG_ENDIAN);
        keyLo = raw.getLong(at + 8, ByteOrder.BIG_ENDIAN);
        lsn = raw.getLong(at + 16, ByteOrder.LITTLE_ENDIAN);
        flags = raw.getByte(at + 24) & 0xFF;
        valueOffset = at + ENTRY_HEADER;
        at += ENTRY_HEADER + valueLength;
        return true;
    }

    public LayerFile layer() {
        return layer;
    }

    public long keyHi() {
        return keyHi;
    }

    public long keyLo() {
        return keyLo;
    }

    public long lsn() {
        return lsn;
    }

    public int flags() {
        return flags;
    }

    public DirectBuffer buffer() {
        return raw;
    }

    public int valueOffset() {
        return valueOffset;
    }

    public int valueLength() {
        return valueLength;
    }

    /** File offset of the current block (for error messages and dumps). */
    public long blockOffset() {
        return layer.blockOffset(block);
    }

    public int block() {
        return block;
    }

    @Override
    public void close() {
        scratch.close();
    }
}
