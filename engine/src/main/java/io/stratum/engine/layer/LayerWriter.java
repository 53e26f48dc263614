package io.stratum.engine.layer;

import static io.stratum.engine.layer.LayerFormat.*;

import io.stratum.engine.key.PageKey;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.IoFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Streams entries, sorted by (key, lsn), into a new layer file: blocks are compressed and written as
 * they fill, so memory stays at about two blocks whatever the layer's size. The file is written under a
 * temporary name; {@link #finish} writes the index and footer, fsyncs, renames it to the name of its
 * {@link LayerDesc} and fsyncs the directory. {@link #abort} deletes the temporary file.
 */
public final class LayerWriter implements AutoCloseable {
    static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    private static final AtomicLong TMP_SEQ = new AtomicLong();

    private final FileIo io;
    private final Path dir;
    private final Path tmp;
    private final int blockBytes;
    private final ExpandableDirectByteBuffer raw = new ExpandableDirectByteBuffer(64 << 10);
    private ByteBuffer compressed = ByteBuffer.allocateDirect(LayerWriter.COMPRESSOR.maxCompressedLength(64 << 10));
    private final CRC32C crc = new CRC32C();
    private IoFile file;
    private long filePos;
    private int rawPos;
    private long entries;
    private int blocks;
    private long[] index = new long[8 * 16];
    /** The {@link LayerFormat#keyHash} of each distinct key, for a delta's key filter. */
    private long[] keyHashes = new long[256];
    private int keyCount;
    private long lastHi;
    private long lastLo;
    private long lastLsn = -1;
    private long blockFirstHi;
    private long blockFirstLo;
    private boolean hasEntries;
    private boolean done;
    /** The format version written: {@link LayerFormat#VERSION}; 3 only for tests of the older filter. */
    int version = VERSION;

    public LayerWriter(final FileIo io, final Path dir, final int blockBytes) {
        this.io = io;
        this.dir = dir;
        this.blockBytes = blockBytes;
        this.tmp = dir.resolve("layer-" + ProcessHandle.current().pid() + '-' + TMP_SEQ.incrementAndGet() + ".tmp");
        try {
            file = io.open(tmp, true);
            file.truncate(0);
        } catch (final IOException e) {
            throw ioError("cannot create layer file", tmp, e);
        }
    }

    public boolean isEmpty() {
        return !hasEntries;
    }

    public long entryCount() {
        return entries;
    }

    /** Bytes written to the file so far (compressed blocks), plus the open block's raw bytes. */
    public long bytesWritten() {
        return filePos + rawPos;
    }

    public long lastKeyHi() {
        return lastHi;
    }

    public long lastKeyLo() {
        return lastLo;
    }

    /** Appends an entry; entries must come in (key, lsn) order. */
    public void add(final long keyHi, final long keyLo, final long lsn, final int flags,
        final DirectBuffer src, final int offset, final int length) {
        if (hasEntries) {
            final int c = PageKey.compare(lastHi, lastLo, keyHi, keyLo);
            if (c > 0 || (c == 0 && lsn <= lastLsn)) {
                throw StratumException.of(ErrorCode.INTERNAL, "layer entries out of order", "file", tmp,
                    "key", PageKey.hex(keyHi, keyLo), "lsn", lsn);
            }
        }
        if (rawPos > 0 && rawPos + ENTRY_HEADER + length > blockBytes) {
            writeBlock();
        }
        if (rawPos == 0) {
            blockFirstHi = keyHi;
            blockFirstLo = keyLo;
        }
        if (!hasEntries || keyHi != lastHi || keyLo != lastLo) {
            if (keyCount == keyHashes.length) {
                keyHashes = Arrays.copyOf(keyHashes, keyCount * 2);
            }
            keyHashes[keyCount++] = keyHash(keyHi, keyLo);
        }
        raw.putLong(rawPos, keyHi, ByteOrder.BIG_ENDIAN);
        raw.putLong(rawPos + 8, keyLo, ByteOrder.BIG_ENDIAN);
        raw.putLong(rawPos + 16, lsn, ByteOrder.LITTLE_ENDIAN);
        raw.putByte(rawPos + 24, (byte) flags);
        raw.putInt(rawPos + 25, length, ByteOrder.LITTLE_ENDIAN);
        raw.putBytes(rawPos + ENTRY_HEADER, src, offset, length);
        rawPos += ENTRY_HEADER + length;
        lastHi = keyHi;
        lastLo = keyLo;
        lastLsn = lsn;
        hasEntries = true;
        entries++;
    }

    private void writeBlock() {
        final int max = COMPRESSOR.maxCompressedLength(rawPos);
        if (compressed.capacity() < max) {
            BufferUtil.free(compressed);
            compressed = ByteBuffer.allocateDirect(max);
        }
        final ByteBuffer src = raw.byteBuffer().duplicate();
        src.limit(rawPos).position(0);
        compressed.clear();
        COMPRESSOR.compress(src, compressed);
        compressed.flip();
        final int clen = compressed.remaining();
        crc.reset();
        crc.update(compressed.duplicate());
        if ((blocks + 1) * 8 > index.length) {
            index = Arrays.copyOf(index, index.length * 2);
        }
        final int i = blocks * 8;
        index[i] = filePos;
        index[i + 1] = ((long) clen << 32) | (rawPos & 0xFFFF_FFFFL);
        index[i + 2] = crc.getValue();
        index[i + 3] = blockFirstHi;
        index[i + 4] = blockFirstLo;
        index[i + 5] = lastHi;
        index[i + 6] = lastLo;
        try {
            file.write(compressed, filePos);
        } catch (final IOException e) {
            throw ioError("cannot write layer file", tmp, e);
        }
        filePos += clen;
        blocks++;
        rawPos = 0;
    }

    /** Writes index and footer, makes the file durable under {@code desc}'s name; returns its path. */
    public Path finish(final LayerDesc desc) {
        if (rawPos > 0) {
            writeBlock();
        }
        // image layers hold every key of their range (an absent key is an answer), so only deltas get a filter
        final boolean blocked = version >= BLOCKED_FILTER_VERSION;
        final int filterLength = desc.image() || keyCount == 0 ? 0 : blocked
            ? (int) ((((long) keyCount * FILTER_BITS_PER_KEY + 511) / 512) * FILTER_BLOCK_BYTES)
            : (int) ((((long) keyCount * FILTER_BITS_PER_KEY + 63) / 64) * 8);
        final ByteBuffer tail = ByteBuffer.allocate(blocks * INDEX_ENTRY_SIZE + filterLength + FOOTER_SIZE)
            .order(ByteOrder.LITTLE_ENDIAN);
        final UnsafeBuffer t = new UnsafeBuffer(tail);
        for (int b = 0; b < blocks; b++) {
            final int at = b * INDEX_ENTRY_SIZE;
            final int i = b * 8;
            t.putLong(at, index[i], ByteOrder.LITTLE_ENDIAN);
            t.putInt(at + 8, (int) (index[i + 1] >>> 32), ByteOrder.LITTLE_ENDIAN);
            t.putInt(at + 12, (int) index[i + 1], ByteOrder.LITTLE_ENDIAN);
            t.putInt(at + 16, (int) index[i + 2], ByteOrder.LITTLE_ENDIAN);
            t.putLong(at + 20, index[i + 3], ByteOrder.BIG_ENDIAN);
            t.putLong(at + 28, index[i + 4], ByteOrder.BIG_ENDIAN);
            t.putLong(at + 36, index[i + 5], ByteOrder.BIG_ENDIAN);
            t.putLong(at + 44, index[i + 6], ByteOrder.BIG_ENDIAN);
        }
        final int indexLength = blocks * INDEX_ENTRY_SIZE;
        final int filterBlocks = filterLength / FILTER_BLOCK_BYTES;
        for (int k = 0; k < (filterLength == 0 || blocked ? 0 : keyCount); k++) { // version 3
            for (int p = 0; p < FILTER_PROBES; p++) {
                final long bit = filterBit(keyHashes[k], p, filterLength * 8L);
                final int at = indexLength + (int) (bit >>> 6) * 8;
                t.putLong(at, t.getLong(at, ByteOrder.LITTLE_ENDIAN) | (1L << (bit & 63)), ByteOrder.LITTLE_ENDIAN);
            }
        }
        for (int k = 0; k < (filterLength == 0 || !blocked ? 0 : keyCount); k++) {
            final int blockAt = indexLength + filterBlock(keyHashes[k], filterBlocks) * FILTER_BLOCK_BYTES;
            final long g = filterMix(keyHashes[k]);
            for (int p = 0; p < FILTER_PROBES; p++) {
                final int bit = blockBit(g, p);
                final int at = blockAt + (bit >>> 6) * 8;
                t.putLong(at, t.getLong(at, ByteOrder.LITTLE_ENDIAN) | (1L << (bit & 63)), ByteOrder.LITTLE_ENDIAN);
            }
        }
        crc.reset();
        crc.update(tail.array(), 0, indexLength + filterLength);
        final int f = indexLength + filterLength;
        t.putLong(f, MAGIC, ByteOrder.LITTLE_ENDIAN);
        t.putInt(f + 8, version, ByteOrder.LITTLE_ENDIAN);
        t.putInt(f + 12, desc.image() ? KIND_IMAGE : KIND_DELTA, ByteOrder.LITTLE_ENDIAN);
        t.putLong(f + 16, desc.keyStartHi(), ByteOrder.BIG_ENDIAN);
        t.putLong(f + 24, desc.keyStartLo(), ByteOrder.BIG_ENDIAN);
        t.putLong(f + 32, desc.keyEndHi(), ByteOrder.BIG_ENDIAN);
        t.putLong(f + 40, desc.keyEndLo(), ByteOrder.BIG_ENDIAN);
        t.putLong(f + 48, desc.lsnStart(), ByteOrder.LITTLE_ENDIAN);
        t.putLong(f + 56, desc.lsnEnd(), ByteOrder.LITTLE_ENDIAN);
        t.putLong(f + 64, entries, ByteOrder.LITTLE_ENDIAN);
        t.putInt(f + 72, blocks, ByteOrder.LITTLE_ENDIAN);
        t.putInt(f + 76, (int) crc.getValue(), ByteOrder.LITTLE_ENDIAN);
        t.putLong(f + 80, filePos, ByteOrder.LITTLE_ENDIAN);
        t.putLong(f + 88, filterLength, ByteOrder.LITTLE_ENDIAN);
        crc.reset();
        crc.update(tail.array(), f, FOOTER_CRC_OFFSET);
        t.putInt(f + FOOTER_CRC_OFFSET, (int) crc.getValue(), ByteOrder.LITTLE_ENDIAN);
        final Path target = dir.resolve(desc.fileName());
        try {
            file.write(tail, filePos);
            file.force();
            file.close();
            file = null;
            io.rename(tmp, target);
            io.syncDirectory(dir);
        } catch (final IOException e) {
            throw ioError("cannot finish layer file", target, e);
        }
        done = true;
        return target;
    }

    /** Deletes the temporary file (after a failure or when nothing was written). */
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        try {
            if (file != null) {
                file.close();
                file = null;
            }
            io.delete(tmp);
        } catch (final IOException e) {
            // best effort: a leftover .tmp file is removed when the timeline is next loaded
        }
    }

    @Override
    public void close() {
        abort();
        BufferUtil.free(compressed);
        BufferUtil.free(raw.byteBuffer());
    }

    static StratumException ioError(final String what, final Path file, final IOException e) {
        return StratumException.withCause(ErrorCode.IO_ERROR, e, what, "file", file.getFileName(),
            "error", e.getMessage());
    }
}
