package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One temporary file of records, appended through a bounded buffer and read back in ranges (a sort's runs), each
 * record {@code [length i32 BE][row bytes (SpillCodec)]}. Every length read back is checked against the record
 * limit and the range's end (XX001 on a torn or corrupt file). Deleted on {@link #close()}. Not thread-safe.
 * Threads: none.
 */
final class SpillFile implements AutoCloseable {
    /** Bytes of the write buffer and of each reader's buffer. */
    static final int BUFFER = 8 << 10;

    private final Path path;
    private final TempFiles owner;
    private final FileChannel ch;
    private final ByteBuffer wbuf = ByteBuffer.allocate(BUFFER);
    private final SpillCodec codec = new SpillCodec();
    private long written;
    private boolean closed;

    SpillFile(final Path path, final TempFiles owner) {
        this.path = path;
        this.owner = owner;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (final IOException e) {
            try {
                Files.deleteIfExists(path);
            } catch (final IOException ignored) {
                // reported below
            }
            throw error("open", e);
        }
    }

    private SqlException error(final String op, final IOException e) {
        return new SqlException("58030", "could not " + op + " temporary file \"" + path + "\": " + e.getMessage());
    }

    /** Bytes appended so far (the offset of the next record). */
    long position() {
        return written + wbuf.position();
    }

    /** Appends one row (must be {@link SpillCodec#encodable}). */
    void append(final Object[] row) {
        codec.encode(row);
        final byte[] b = codec.bytes();
        final int n = codec.length();
        if (wbuf.remaining() < 4) {
            flush();
        }
        wbuf.putInt(n);
        int off = 0;
        while (off < n) {
            if (!wbuf.hasRemaining()) {
                flush();
            }
            final int k = Math.min(n - off, wbuf.remaining());
            wbuf.put(b, off, k);
            off += k;
        }
    }

    /** Writes the buffered bytes out (before reading what was appended). */
    void flush() {
        wbuf.flip();
        try {
            while (wbuf.hasRemaining()) {
                written += ch.write(wbuf, written);
            }
        } catch (final IOException e) {
            throw error("write to", e);
        } finally {
            wbuf.clear();
        }
    }

    /** A reader of the records in [{@code start}, {@code end}) (flushed). */
    Reader reader(final long start, final long end) {
        return new Reader(start, end);
    }

    Path path() {
        return path;
    }

    /** Closes (deletes) every file of {@code files} that is not null; {@code files} may be null. */
    static void closeAll(final SpillFile[] files) {
        if (files != null) {
            for (final SpillFile f : files) {
                if (f != null) {
                    f.close();
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        owner.closed(this);
        try {
            ch.close();
        } catch (final IOException ignored) {
            // deleting it is what matters
        }
        try {
            Files.deleteIfExists(path);
        } catch (final IOException e) {
            throw error("remove", e);
        }
    }

    /** Reads one range's records through a bounded buffer (a record longer than the buffer gets one of its size). */
    final class Reader {
        private long pos;
        private final long end;
        private final ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        private byte[] big;

        Reader(final long start, final long end) {
            this.pos = start;
            this.end = end;
            buf.limit(0);
        }

        /** Moves to the record at {@code start} (within this reader's range), dropping what is buffered. */
        void seek(final long start) {
            if (start < 0 || start > end) {
                throw corrupt("seek to " + start + " past the range's end " + end);
            }
            pos = start;
            buf.clear();
            buf.limit(0);
        }

        /** The next row, or null at the range's end. */
        Object[] next() {
            if (pos == end && !buf.hasRemaining()) {
                return null;
            }
            fill(4);
            final int n = buf.getInt();
            if (n < 2 || n > SpillCodec.MAX_RECORD || n > buf.remaining() + (end - pos)) {
                throw corrupt("record length " + n);
            }
            if (n <= BUFFER) {
                fill(n);
                final Object[] row = SpillCodec.decode(buf.array(), buf.position(), n, path.toString());
                buf.position(buf.position() + n);
                return row;
            }
            if (big == null || big.length < n) {
                big = new byte[n];
            }
            final int have = buf.remaining();
            buf.get(big, 0, have);
            read(ByteBuffer.wrap(big, have, n - have));
            return SpillCodec.decode(big, 0, n, path.toString());
        }

        private SqlException corrupt(final String what) {
            return new SqlException("XX001", "could not read temporary file \"" + path + "\": " + what + " before byte " + pos);
        }

        /** Makes at least {@code k} bytes (k at most the buffer) available in buf. */
        private void fill(final int k) {
            if (buf.remaining() >= k) {
                return;
            }
            buf.compact();
            final int want = (int) Math.min(buf.remaining(), end - pos);
            final ByteBuffer dst = buf.slice(buf.position(), want);
            read(dst);
            buf.position(buf.position() + want);
            buf.flip();
            if (buf.remaining() < k) {
                throw corrupt("short record");
            }
        }

        private void read(final ByteBuffer dst) {
            if (dst.remaining() > end - pos) {
                throw corrupt("short record");
            }
            try {
                while (dst.hasRemaining()) {
                    final int r = ch.read(dst, pos);
                    if (r < 0) {
                        throw corrupt("end of file");
                    }
                    pos += r;
                }
            } catch (final IOException e) {
                throw error("read from", e);
            }
        }
    }
}
