package io.stratum.wal.io;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Small metadata files written atomically and checksummed: the content goes to {@code NAME.tmp}, is
 * fsynced, renamed over {@code NAME}, and the directory is fsynced. On disk:
 * <pre>
 * +----------------+----------------+----------------+---------------------+
 * | magic "STRM"   | length (int32) | CRC32C (int32) | content (length)    |
 * +----------------+----------------+----------------+---------------------+
 * </pre>
 * (all little-endian; the CRC covers the content). Reading verifies all three.
 */
public final class AtomicFiles {
    private static final int MAGIC = 0x4D525453; // "STRM" read little-endian
    private static final int HEADER = 12;
    /** Largest metadata file accepted. */
    public static final int MAX_LENGTH = 64 << 20;

    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code path} atomically and durably. */
    public static void write(final FileIo io, final Path path, final byte[] content) {
        if (content.length > MAX_LENGTH) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "metadata file too large", "file", path,
                "length", content.length);
        }
        final Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        final ByteBuffer buf = ByteBuffer.allocate(HEADER + content.length).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();
        crc.update(content);
        buf.putInt(MAGIC).putInt(content.length).putInt((int) crc.getValue()).put(content).flip();
        try {
            try (IoFile f = io.open(tmp, true)) {
                f.truncate(0);
                f.write(buf, 0);
                f.force();
            }
            io.rename(tmp, path);
            io.syncDirectory(path.toAbsolutePath().getParent());
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot write metadata file", "file", path,
                "error", e.getMessage());
        }
    }

    /**
     * Creates {@code dir} and any missing parents, fsyncing the parent of each directory created, so the
     * new directory entries survive a crash.
     */
    public static void createDirectories(final FileIo io, final Path dir) throws IOException {
        final Path abs = dir.toAbsolutePath();
        final java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
        for (Path p = abs; p != null && !io.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        for (final Path p : missing) {
            io.createDirectories(p);
            io.syncDirectory(p.getParent());
        }
    }

    /** Reads and verifies a file written by {@link #write}; {@code null} if it does not exist. */
    public static byte[] read(final FileIo io, final Path path) {
        if (!io.exists(path)) {
            return null;
        }
        try (IoFile f = io.openReadOnly(path)) {
            final long size = f.size();
            if (size < HEADER || size > HEADER + (long) MAX_LENGTH) {
                throw StratumException.of(ErrorCode.CORRUPT, "metadata file has a bad size", "file", path,
                    "size", size);
            }
            final ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
            while (buf.hasRemaining()) {
                if (f.read(buf, buf.position()) < 0) {
                    break;
                }
            }
            buf.flip();
            final int magic = buf.getInt();
            final int len = buf.getInt();
            final int expected = buf.getInt();
            if (magic != MAGIC || len != size - HEADER) {
                throw StratumException.of(ErrorCode.CORRUPT, "metadata file has a bad header", "file", path);
            }
            final byte[] content = new byte[len];
            buf.get(content);
            final CRC32C crc = new CRC32C();
            crc.update(content);
            if ((int) crc.getValue() != expected) {
                throw StratumException.of(ErrorCode.CORRUPT, "metadata file checksum mismatch", "file", path);
            }
            return content;
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot read metadata file", "file", path,
                "error", e.getMessage());
        }
    }
}
