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

    /** Cuts the file to {@code size} bytes. */
    void truncate(long size) throws IOException;

    @Override
    void close() throws IOException;
}
