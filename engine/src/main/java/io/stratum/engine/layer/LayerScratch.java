package io.stratum.engine.layer;

import java.nio.ByteBuffer;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/** Reusable direct buffers for reading one block at a time; one per reader, not thread-safe. */
public final class LayerScratch implements AutoCloseable {
    ByteBuffer compressed = ByteBuffer.allocateDirect(64 << 10);
    ByteBuffer raw = ByteBuffer.allocateDirect(64 << 10);
    final UnsafeBuffer rawView = new UnsafeBuffer(raw);
    final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    /** The layer and block whose bytes {@link #raw} holds, to skip re-reading the same block. */
    LayerFile cachedLayer;
    int cachedBlock = -1;
    /** Blocks read from files through this scratch (not counting re-uses of the block held). */
    public long blockReads;

    void ensure(final int compressedLength, final int rawLength) {
        if (compressed.capacity() < compressedLength) {
            BufferUtil.free(compressed);
            compressed = ByteBuffer.allocateDirect(Integer.highestOneBit(compressedLength) << 1);
        }
        if (raw.capacity() < rawLength) {
            BufferUtil.free(raw);
            raw = ByteBuffer.allocateDirect(Integer.highestOneBit(rawLength) << 1);
            rawView.wrap(raw);
            cachedLayer = null;
        }
    }

    /** Forgets which block is held. */
    public void invalidate() {
        cachedLayer = null;
        cachedBlock = -1;
    }

    @Override
    public void close() {
        BufferUtil.free(compressed);
        BufferUtil.free(raw);
        cachedLayer = null;
    }
}
