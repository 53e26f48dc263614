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
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An immutable layer file opened for reading. The footer and index are read and verified on first use
 * (so a damaged file fails the read that touches it, naming the file, rather than the whole server);
 * every block's CRC is verified each time it is read. Thread-safe: reads are positional and each reader
 * brings its own {@link LayerScratch}.
 *
 * <p>Memory: the block index (52 bytes per block, about 6 bytes per KiB of file) stays where it is in the
 * file, memory-mapped read-only ({@link IoFile#mapReadOnly}) once its CRC has been verified, so the heap
 * holds a few dozen bytes per layer whatever its size and the OS page cache holds the index pages in use
 * (a 10 GiB timeline's layers have about 5 million blocks: 250 MiB of index, formerly on the heap). A
 * facade that cannot map gets a heap copy instead. {@link #close} unmaps it: callers close a layer only
 * when no reader can still reach it (the timeline's write lock, as for the in-memory layers' memory).
 */
public final class LayerFile implements AutoCloseable {
    private static final byte[] NO_INDEX = new byte[0];
    private static final long[] NO_FENCES = new long[0];
    /**
     * Blocks per heap fence (16 bytes of heap per 32 blocks, about 2.5 MiB for the 5 million blocks of a
     * 10 GiB timeline). A binary search of the whole mapped index touched a dozen scattered index pages per
     * lookup: at 10 GiB, 44% of GetPage time (perf/RESULTS.md); now at most two pages.
     */
    static final int FENCE_STRIDE = 32;
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();

    /** Receives the versions of one key found by {@link #collect}. */
    @FunctionalInterface
    public interface VersionSink {
        /** @return false to stop */
        boolean accept(long lsn, int flags, DirectBuffer buffer, int offset, int length);
    }

    private final FileIo io;
    private final Path path;
    private final LayerDesc desc;
    private volatile boolean loaded;
    private IoFile file;
    private int blockCount;
    private long entryCount;
    /** The index as in the file: per block offset (u64 LE), compressed and raw length, CRC, first and last key. */
    private final UnsafeBuffer index = new UnsafeBuffer(NO_INDEX);
    /** The key filter (delta layers of format version 3 and later), in the same mapping; empty: none. */
    private final UnsafeBuffer filter = new UnsafeBuffer(NO_INDEX);
    private long filterBits;
    /** Whether {@link #filter} is blocked (format version 4 and later) rather than a version-3 filter. */
    private boolean blockedFilter;
    /** The mapping {@link #index} wraps, freed at close; null for a heap copy. */
    private ByteBuffer mapped;
    private long fileSize;
    /**
     * The last key of every {@value #FENCE_STRIDE}th block (blocks {@code S-1, 2S-1, ...}), hi and lo: a
     * lookup searches these on the heap, then at most {@value #FENCE_STRIDE} index entries in the mapping.
     */
    private long[] fences = NO_FENCES;
    private int fenceCount;

    public LayerFile(final FileIo io, final Path path, final LayerDesc desc) {
        this.io = io;
        this.path = path;
        this.desc = desc;
    }

    public LayerDesc desc() {
        return desc;
    }

    public Path path() {
        return path;
    }

    public long fileSize() {
        load();
        return fileSize;
    }

    public int blockCount() {
        load();
        return blockCount;
    }

    public long entryCount() {
        load();
        return entryCount;
    }

    /** Reads and verifies footer and index (once). */
    public void load() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (loaded) {
                return;
            }
            try {
                file = io.openReadOnly(path);
                fileSize = file.size();
                if (fileSize < FOOTER_SIZE) {
                    throw corrupt("file shorter than its footer", 0);
                }
                final ByteBuffer footer = readFully(fileSize - FOOTER_SIZE, FOOTER_SIZE);
                final UnsafeBuffer f = new UnsafeBuffer(footer);
                final CRC32C crc = new CRC32C();
                crc.update(footer.array(), 0, FOOTER_CRC_OFFSET);
                if (f.getLong(0, ByteOrder.LITTLE_ENDIAN) != MAGIC
                    || f.getInt(FOOTER_CRC_OFFSET, ByteOrder.LITTLE_ENDIAN) != (int) crc.getValue()) {
                    throw corrupt("footer magic or checksum mismatch", fileSize - FOOTER_SIZE);
                }
                final int kind = f.getInt(12, ByteOrder.LITTLE_ENDIAN);
                final int version = f.getInt(8, ByteOrder.LITTLE_ENDIAN);
                if (version < MIN_VERSION || version > VERSION || kind != (desc.image() ? KIND_IMAGE : KIND_DELTA)
                    || f.getLong(16, ByteOrder.BIG_ENDIAN) != desc.keyStartHi()
                    || f.getLong(24, ByteOrder.BIG_ENDIAN) != desc.keyStartLo()
                    || f.getLong(32, ByteOrder.BIG_ENDIAN) != desc.keyEndHi()
                    || f.getLong(40, ByteOrder.BIG_ENDIAN) != desc.keyEndLo()
                    || f.getLong(48, ByteOrder.LITTLE_ENDIAN) != desc.lsnStart()
                    || f.getLong(56, ByteOrder.LITTLE_ENDIAN) != desc.lsnEnd()) {
                    throw corrupt("footer does not match the file name", fileSize - FOOTER_SIZE);
                }
                entryCount = f.getLong(64, ByteOrder.LITTLE_ENDIAN);
                blockCount = f.getInt(72, ByteOrder.LITTLE_ENDIAN);
                final int indexCrc = f.getInt(76, ByteOrder.LITTLE_ENDIAN);
                final long indexOffset = f.getLong(80, ByteOrder.LITTLE_ENDIAN);
                final long filterLength = f.getLong(88, ByteOrder.LITTLE_ENDIAN); // 0 before version 3
                blockedFilter = version >= BLOCKED_FILTER_VERSION;
                if (blockCount < 0 || indexOffset < 0 || filterLength < 0
                    || filterLength % (blockedFilter ? FILTER_BLOCK_BYTES : 8) != 0
                    || filterLength > Integer.MAX_VALUE
                    || indexOffset + (long) blockCount * INDEX_ENTRY_SIZE + filterLength != fileSize - FOOTER_SIZE) {
                    throw corrupt("index bounds do not match the file size", fileSize - FOOTER_SIZE);
                }
                if ((long) blockCount * INDEX_ENTRY_SIZE + filterLength > Integer.MAX_VALUE) {
                    throw corrupt("index larger than 2 GiB", indexOffset);
                }
                final int indexLength = blockCount * INDEX_ENTRY_SIZE;
                final int tailLength = indexLength + (int) filterLength;
                ByteBuffer idx = tailLength == 0 ? null : file.mapReadOnly(indexOffset, tailLength);
                if (idx == null) {
                    idx = readFully(indexOffset, tailLength);
                } else {
                    mapped = idx;
                }
                crc.reset();
                crc.update(idx.duplicate());
                if ((int) crc.getValue() != indexCrc) {
                    throw corrupt("index checksum mismatch", indexOffset);
                }
                index.wrap(idx, 0, indexLength);
                if (filterLength > 0) {
                    filter.wrap(idx, indexLength, (int) filterLength);
                }
                filterBits = filterLength * 8;
                checkIndex(indexOffset);
                buildFences();
                loaded = true;
            } catch (final IOException e) {
                throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot read layer file", "file",
                    path.getFileName(), "error", e.getMessage());
            } finally {
                if (!loaded && file != null) {
                    closeQuietly();
                }
                if (!loaded) {
                    unmap();
                }
            }
        }
    }

    /** Checks that the (checksummed) index's blocks lie end to end up to the index, each of a sane size. */
    private void checkIndex(final long indexOffset) {
        long expect = 0;
        for (int b = 0; b < blockCount; b++) {
            if (blockOffset(b) != expect || compressedLength(b) <= 0 || rawLength(b) <= 0
                || rawLength(b) > (256 << 20)) {
                throw corrupt("index entry out of bounds", indexOffset + (long) b * INDEX_ENTRY_SIZE);
            }
            expect += compressedLength(b);
        }
        if (expect != indexOffset) {
            throw corrupt("blocks do not end where the index starts", indexOffset);
        }
    }

    private void buildFences() {
        fenceCount = blockCount / FENCE_STRIDE;
        fences = fenceCount == 0 ? NO_FENCES : new long[2 * fenceCount];
        for (int f = 0; f < fenceCount; f++) {
            final int b = (f + 1) * FENCE_STRIDE - 1;
            fences[2 * f] = lastHi(b);
            fences[2 * f + 1] = lastLo(b);
        }
    }

    private int compressedLength(final int b) {
        return index.getInt(b * INDEX_ENTRY_SIZE + 8, ByteOrder.LITTLE_ENDIAN);
    }

    private int blockCrc(final int b) {
        return index.getInt(b * INDEX_ENTRY_SIZE + 16, ByteOrder.LITTLE_ENDIAN);
    }

    private long firstHi(final int b) {
        return index.getLong(b * INDEX_ENTRY_SIZE + 20, ByteOrder.BIG_ENDIAN);
    }

    private long firstLo(final int b) {
        return index.getLong(b * INDEX_ENTRY_SIZE + 28, ByteOrder.BIG_ENDIAN);
    }

    private long lastHi(final int b) {
        return index.getLong(b * INDEX_ENTRY_SIZE + 36, ByteOrder.BIG_ENDIAN);
    }

    private long lastLo(final int b) {
        return index.getLong(b * INDEX_ENTRY_SIZE + 44, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Hands {@code sink} every version of key {@code (hi, lo)} with {@code lsnLow < lsn <= lsnHigh}, in
     * ascending LSN order. The buffer is valid only during the call.
     */
    public void collect(final LayerScratch s, final long hi, final long lo, final long lsnLow, final long lsnHigh,
        final VersionSink sink) {
        load();
        if (!mayHaveKey(hi, lo)) {
            return;
        }
        int b = firstBlockEndingAtOrAfter(hi, lo);
        for (; b < blockCount; b++) {
            if (PageKey.compare(firstHi(b), firstLo(b), hi, lo) > 0) {
                return;
            }
            final DirectBuffer raw = readBlock(s, b);
            final int end = rawLength(b);
            int at = 0;
            while (at < end) {
                final int len = entryLength(raw, at, end, b);
                final long eHi = raw.getLong(at, ByteOrder.BIG_ENDIAN);
                final long eLo = raw.getLong(at + 8, ByteOrder.BIG_ENDIAN);
                final int c = PageKey.compare(eHi, eLo, hi, lo);
                if (c > 0) {
                    return;
                }
                if (c == 0) {
                    final long lsn = raw.getLong(at + 16, ByteOrder.LITTLE_ENDIAN);
                    if (lsn > lsnHigh) {
                        return;
                    }
                    if (lsn > lsnLow && !sink.accept(lsn, raw.getByte(at + 24) & 0xFF, raw, at + ENTRY_HEADER, len)) {
                        return;
                    }
                }
                at += ENTRY_HEADER + len;
            }
        }
    }

    /**
     * False when the key filter shows the file holds no entry of the key (no block read); true when it
     * may, or the file has no filter (image layers, files before format version 3).
     */
    public boolean mayHaveKey(final long hi, final long lo) {
        load();
        if (filterBits == 0) {
            return true;
        }
        final long h = keyHash(hi, lo);
        if (blockedFilter) {
            final int blockAt = filterBlock(h, (int) (filterBits >>> 9)) * FILTER_BLOCK_BYTES;
            final long g = filterMix(h);
            for (int p = 0; p < FILTER_PROBES; p++) {
                final int bit = blockBit(g, p);
                if ((filter.getLong(blockAt + (bit >>> 6) * 8, ByteOrder.LITTLE_ENDIAN) & (1L << (bit & 63))) == 0) {
                    return false;
                }
            }
            return true;
        }
        for (int p = 0; p < FILTER_PROBES; p++) {
            final long bit = filterBit(h, p, filterBits);
            if ((filter.getLong((int) (bit >>> 6) * 8, ByteOrder.LITTLE_ENDIAN) & (1L << (bit & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether some block's key span meets {@code [startHi/Lo, endHi/Lo)}, from the index alone (no block is
     * read): false means the layer holds no key of the range.
     */
    public boolean mayHaveKeysIn(final long startHi, final long startLo, final long endHi, final long endLo) {
        load();
        final int b = firstBlockEndingAtOrAfter(startHi, startLo);
        return b < blockCount && PageKey.compare(firstHi(b), firstLo(b), endHi, endLo) < 0;
    }

    int firstBlockEndingAtOrAfter(final long hi, final long lo) {
        // the fences first: blocks before group g end below fence g-1, block (g+1)S-1 ends at fence g
        int fl = 0;
        int fh = fenceCount;
        while (fl < fh) {
            final int mid = (fl + fh) >>> 1;
            if (PageKey.compare(fences[2 * mid], fences[2 * mid + 1], hi, lo) < 0) {
                fl = mid + 1;
            } else {
                fh = mid;
            }
        }
        int low = fl * FENCE_STRIDE;
        int high = fl < fenceCount ? (fl + 1) * FENCE_STRIDE : blockCount;
        while (low < high) {
            final int mid = (low + high) >>> 1;
            if (PageKey.compare(lastHi(mid), lastLo(mid), hi, lo) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Length of the value of the entry at {@code at}, checked against the block's end. */
    int entryLength(final DirectBuffer raw, final int at, final int end, final int block) {
        if (end - at < ENTRY_HEADER) {
            throw corrupt("entry header overruns its block", blockOffset(block));
        }
        final int len = raw.getInt(at + 25, ByteOrder.LITTLE_ENDIAN);
        if (len < 0 || len > end - at - ENTRY_HEADER) {
            throw corrupt("entry overruns its block", blockOffset(block));
        }
        return len;
    }

    int rawLength(final int block) {
        return index.getInt(block * INDEX_ENTRY_SIZE + 12, ByteOrder.LITTLE_ENDIAN);
    }

    long blockOffset(final int block) {
        return index.getLong(block * INDEX_ENTRY_SIZE, ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads, verifies and decompresses block {@code b} into the scratch; returns a view of it. */
    DirectBuffer readBlock(final LayerScratch s, final int b) {
        if (s.cachedLayer == this && s.cachedBlock == b) {
            return s.rawView;
        }
        s.invalidate();
        final int clen = compressedLength(b);
        final int rlen = rawLength(b);
        final long offset = blockOffset(b);
        s.ensure(clen, rlen);
        final ByteBuffer c = s.compressed;
        c.clear().limit(clen);
        try {
            long pos = offset;
            while (c.hasRemaining()) {
                final int n = file.read(c, pos);
                if (n < 0) {
                    throw corrupt("block beyond the end of the file", offset);
                }
                pos += n;
            }
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot read layer file", "file",
                path.getFileName(), "offset", offset, "error", e.getMessage());
        }
        c.flip();
        final CRC32C crc = s.crc;
        crc.reset();
        crc.update(c); // consumes c's position; the decompressor below uses absolute offsets
        if ((int) crc.getValue() != blockCrc(b)) {
            throw corrupt("block checksum mismatch", offset);
        }
        final int n;
        try {
            n = DECOMPRESSOR.decompress(c, 0, clen, s.raw, 0, rlen);
        } catch (final RuntimeException e) {
            throw corrupt("block does not decompress", offset);
        }
        if (n != rlen) {
            throw corrupt("block decompressed to the wrong length", offset);
        }
        s.cachedLayer = this;
        s.cachedBlock = b;
        s.blockReads++;
        return s.rawView;
    }

    private ByteBuffer readFully(final long position, final int length) throws IOException {
        final ByteBuffer buf = ByteBuffer.allocate(length);
        long pos = position;
        while (buf.hasRemaining()) {
            final int n = file.read(buf, pos);
            if (n < 0) {
                throw corrupt("unexpected end of file", pos);
            }
            pos += n;
        }
        buf.flip();
        return buf;
    }

    /** A CORRUPT error naming this file and {@code offset}. */
    public StratumException corrupt(final String what, final long offset) {
        return StratumException.of(ErrorCode.CORRUPT, "layer file corrupt: " + what, "file", path.getFileName(),
            "offset", offset);
    }

    private void closeQuietly() {
        try {
            file.close();
        } catch (final IOException e) {
            // closing a read-only handle
        }
        file = null;
    }

    private void unmap() {
        fences = NO_FENCES;
        fenceCount = 0;
        index.wrap(NO_INDEX);
        filter.wrap(NO_INDEX);
        filterBits = 0;
        if (mapped != null) {
            BufferUtil.free(mapped);
            mapped = null;
        }
    }

    @Override
    public synchronized void close() {
        loaded = false;
        if (file != null) {
            closeQuietly();
        }
        unmap();
    }
}
