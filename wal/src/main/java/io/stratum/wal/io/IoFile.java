package io.stratum.wal.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/** An open file of the {@link FileIo} facade. Positional reads and writes only. */
public interface IoFile extends AutoCloseable {

    /** Writes all remaining bytes of {@code src} at {@code position}. */
    void write(ByteBuffer src, long position) throws IOException;

    /** Reads up to {@code dst.remaining()} bytes at {@code position}; returns the count, -1 at end of file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Makes written data durable ({@code fdatasync}). */
    void force() throws IOException;

    long size() throws IOException;

    /**
     * Maps {@code length} bytes at {@code position} read-only, for a file that no longer changes (a
     * finished layer file's index); null if this facade cannot map (the caller reads instead). The caller
     * frees the mapping ({@code org.agrona.BufferUtil.free}) once no thread reads it.
     */
    default ByteBuffer mapReadOnly(long position, long length) throws IOException {
        return null;
    }

    /** Cuts the file to {@code size} bytes. */
    void truncate(long size) throws IOException;

    @Override
    void close() throws IOException;
}
