package io.stratum.wal;

import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.IoFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * One segment file: WAL bytes {@code [start, start + size)} of the log, behind a 32-byte header.
 * <pre>
 * +--------+---------+-----------------+-----------------+----------+--------+------------------+
 * | "STWS" | version | start LSN (i64) | size (i64)      | reserved | CRC32C | WAL bytes (size) |
 * | 4      | 4       | 8               | 8               | 4        | 4      | ...              |
 * +--------+---------+-----------------+-----------------+----------+--------+------------------+
 * </pre>
 * Little-endian; the CRC covers the first 28 bytes; zeros pad the header to 4 KiB, so WAL byte
 * {@code lsn} sits at a file offset with the same remainder modulo the page size (8 KiB-aligned records
 * are page-aligned writes). Named {@code %016X.seg} after its start LSN, so
 * {@code ls} sorts segments in log order. Bytes past the end of the log are zero.
 */
final class Segment {
    /** Bytes before the WAL data: a 32-byte header padded to 4 KiB so that file pages and LSN pages align. */
    static final int HEADER = 4096;
    private static final int HEADER_FIELDS = 32;
    static final String SUFFIX = ".seg";
    private static final int MAGIC = 0x53575453; // "STWS" little-endian
    private static final int VERSION = 1;

    final long start;
    final long size;
    final Path path;
    final IoFile file;

    private Segment(final long start, final long size, final Path path, final IoFile file) {
        this.start = start;
        this.size = size;
        this.path = path;
        this.file = file;
    }

    long end() {
        return start + size;
    }

    long fileOffset(final long lsn) {
        return HEADER + (lsn - start);
    }

    static String name(final long start) {
        return String.format("%016X%s", start, SUFFIX);
    }

    /** The start LSN a segment file name stands for, or -1 if it is not a segment name. */
    static long parseName(final String name) {
        if (name.length() != 16 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(name, 0, 16, 16);
        } catch (final NumberFormatException e) {
            return -1;
        }
    }

    /** Creates a segment durably: header and (if asked) zeros written to a temporary file, fsynced, renamed. */
    static void create(final FileIo io, final Path dir, final long start, final long size, final boolean preallocate)
        throws IOException {
        final Path path = dir.resolve(name(start));
        final Path tmp = dir.resolve(name(start) + ".tmp");
        try (IoFile f = io.open(tmp, true)) {
            f.truncate(0);
            final ByteBuffer page = ByteBuffer.allocate(HEADER);
            page.put(header(start, size)).clear();
            f.write(page, 0);
            if (preallocate) {
                final ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
                try {
                    for (long pos = 0; pos < size; pos += zeros.capacity()) {
                        zeros.clear().limit((int) Math.min(zeros.capacity(), size - pos));
                        f.write(zeros, HEADER + pos);
                    }
                } finally {
                    org.agrona.BufferUtil.free(zeros); // one per segment: not left for the GC to find
                }
            }
            f.force();
        }
        io.rename(tmp, path);
        io.syncDirectory(dir);
    }

    /** Opens an existing segment and verifies its header. */
    static Segment open(final FileIo io, final Path path, final long expectedSize, final boolean readOnly) {
        final long start = parseName(path.getFileName().toString());
        try {
            final IoFile f = readOnly ? io.openReadOnly(path) : io.open(path, false);
            final ByteBuffer h = ByteBuffer.allocate(HEADER_FIELDS).order(ByteOrder.LITTLE_ENDIAN);
            while (h.hasRemaining() && f.read(h, h.position()) > 0) {
                // fill
            }
            h.flip();
            final ByteBuffer expected = header(start, expectedSize);
            if (h.remaining() != HEADER_FIELDS || !h.equals(expected)) {
                f.close();
                throw StratumException.of(ErrorCode.CORRUPT, "WAL segment header is bad", "segment", path,
                    "expectedStart", Lsn.format(start), "expectedSize", expectedSize);
            }
            return new Segment(start, expectedSize, path, f);
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot open WAL segment", "segment", path,
                "error", e.getMessage());
        }
    }

    private static ByteBuffer header(final long start, final long size) {
        final ByteBuffer h = ByteBuffer.allocate(HEADER_FIELDS).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(MAGIC).putInt(VERSION).putLong(start).putLong(size).putInt(0);
        final CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, 28);
        h.putInt((int) crc.getValue()).flip();
        return h;
    }
}
