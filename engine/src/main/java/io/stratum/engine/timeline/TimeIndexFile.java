package io.stratum.engine.timeline;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.IoFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk LSN/time index of one timeline, {@code TIMELINE/timeindex.GEN}: append-only, so a flush
 * writes only the entries it adds. The timeline's metadata names the generation and the committed
 * length, and is written after the appended bytes are fsynced: bytes up to that length must verify
 * (else CORRUPT naming the file and offset), bytes beyond it are an append whose flush never
 * committed and are cut at load.
 * <pre>
 * header (16): magic "STRMTIDX" | u32 version 1 | u32 CRC32C(magic, version)
 * batch:       u32 n (1..4096) | n x (i64 lsn, i64 micros) | u32 CRC32C(n and the entries)
 * </pre>
 * Little-endian. A rewrite (after GC dropped enough old entries, or after the index thinned itself) goes
 * to the next generation: temporary file, fsync, rename, directory fsync; the metadata then commits it and
 * the old generation is deleted. Bounded: at most twice the live entries plus 64 Ki entries of garbage
 * before a rewrite, and the index itself is bounded ({@link TimeIndex}). Guarded by the timeline's
 * maintenance lock.
 */
final class TimeIndexFile {
    static final String PREFIX = "timeindex.";
    static final int MAX_BATCH = 4096;
    static final long MAX_FILE_BYTES = 64L << 20;
    private static final long MAGIC = 0x5844495454524D53L; // "STRMTIDX" read little-endian
    private static final int VERSION = 1;
    private static final int HEADER = 16;
    private static final int SLACK_ENTRIES = 64 << 10;

    private final FileIo io;
    private final Path dir;
    private final ByteBuffer buf = ByteBuffer.allocate(8 + 16 * MAX_BATCH).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long generation;
    private long length;
    private long fileEntries;
    /** A generation replaced by a rewrite, deleted once the metadata naming its successor is durable. */
    private long obsolete;

    TimeIndexFile(final FileIo io, final Path dir) {
        this.io = io;
        this.dir = dir;
    }

    long generation() {
        return generation;
    }

    /** The committed length (what the metadata records). */
    long length() {
        return length;
    }

    Path path(final long gen) {
        return dir.resolve(PREFIX + gen);
    }

    /**
     * Loads generation {@code gen} up to {@code committed} bytes into {@code times}, cuts what lies beyond
     * and deletes other generations. {@code gen == 0}: no file yet.
     */
    void load(final long gen, final long committed, final TimeIndex times) {
        generation = gen;
        length = committed;
        try {
            for (final Path p : io.list(dir)) {
                final String name = p.getFileName().toString();
                if (name.startsWith(PREFIX) && !name.equals(PREFIX + gen)) {
                    io.delete(p);
                }
            }
            if (gen == 0) {
                return;
            }
            final Path file = path(gen);
            if (committed < HEADER || committed > MAX_FILE_BYTES || !io.exists(file)) {
                throw corrupt(file, "time index missing or of a bad committed length", committed);
            }
            try (IoFile f = io.open(file, false)) {
                if (f.size() < committed) {
                    throw corrupt(file, "time index shorter than its committed length", f.size());
                }
                readHeader(f, file);
                long pos = HEADER;
                while (pos < committed) {
                    pos = readBatch(f, file, pos, committed, times);
                }
                if (f.size() > committed) {
                    f.truncate(committed); // an append whose flush did not commit
                    f.force();
                }
            }
            times.markPersisted(times.size());
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot read time index", "file",
                PREFIX + gen, "error", e.getMessage());
        }
    }

    private void readHeader(final IoFile f, final Path file) throws IOException {
        buf.clear().limit(HEADER);
        readFully(f, file, 0);
        crc.reset();
        crc.update(buf.array(), 0, 12);
        if (buf.getLong(0) != MAGIC || buf.getInt(8) != VERSION || buf.getInt(12) != (int) crc.getValue()) {
            throw corrupt(file, "time index header mismatch", 0);
        }
    }

    private long readBatch(final IoFile f, final Path file, final long pos, final long committed, final TimeIndex times)
        throws IOException {
        buf.clear().limit(4);
        readFully(f, file, pos);
        final int n = buf.getInt(0);
        if (n < 1 || n > MAX_BATCH || pos + 8 + 16L * n > committed) {
            throw corrupt(file, "time index batch length out of range", pos);
        }
        buf.clear().limit(8 + 16 * n);
        readFully(f, file, pos);
        crc.reset();
        crc.update(buf.array(), 0, 4 + 16 * n);
        if (buf.getInt(4 + 16 * n) != (int) crc.getValue()) {
            throw corrupt(file, "time index batch checksum mismatch", pos);
        }
        final ByteBuffer be = ByteBuffer.wrap(buf.array(), 4, 16 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            final long lsn = be.getLong();
            times.add(lsn, be.getLong());
        }
        fileEntries += n;
        return pos + 8 + 16L * n;
    }

    private void readFully(final IoFile f, final Path file, final long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            if (f.read(buf, p) < 0) {
                throw corrupt(file, "time index ends early", p);
            }
            p = position + buf.position();
        }
    }

    /**
     * Makes the entries of {@code times} at or below {@code lsn} durable: appends the ones not on disk
     * and fsyncs, or rewrites a new generation when garbage or a thinning calls for it. Afterwards
     * {@link #generation()} and {@link #length()} are what the metadata written next must record.
     */
    void persist(final TimeIndex times, final long lsn) {
        final int n = times.countAtOrBelow(lsn);
        final boolean rewrite = times.takeRewrite();
        try {
            if (rewrite || generation == 0 && n > 0 || fileEntries > 2L * n + SLACK_ENTRIES) {
                if (n > 0 || generation != 0) {
                    rewrite(times, n);
                }
            } else if (times.persisted() < n) {
                try (IoFile f = io.open(path(generation), false)) {
                    length = appendBatches(f, times, times.persisted(), n, length);
                    f.force();
                }
            }
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot write time index", "file",
                PREFIX + generation, "error", e.getMessage());
        }
        times.markPersisted(n);
    }

    private void rewrite(final TimeIndex times, final int n) throws IOException {
        final long gen = generation + 1;
        final Path tmp = dir.resolve(PREFIX + gen + ".tmp");
        long end;
        try (IoFile f = io.open(tmp, true)) {
            f.truncate(0);
            buf.clear();
            buf.putLong(MAGIC).putInt(VERSION);
            crc.reset();
            crc.update(buf.array(), 0, 12);
            buf.putInt((int) crc.getValue()).flip();
            f.write(buf, 0);
            end = appendBatches(f, times, 0, n, HEADER);
            f.force();
        }
        io.rename(tmp, path(gen));
        io.syncDirectory(dir);
        if (generation != 0) {
            obsolete = generation;
        }
        generation = gen;
        length = end;
        fileEntries = n;
    }

    private long appendBatches(final IoFile f, final TimeIndex times, final int from, final int to, final long at)
        throws IOException {
        long pos = at;
        for (int i = from; i < to; i += MAX_BATCH) {
            final int k = Math.min(MAX_BATCH, to - i);
            buf.clear();
            buf.putInt(k);
            final ByteBuffer be = ByteBuffer.wrap(buf.array(), 4, 16 * k).order(ByteOrder.LITTLE_ENDIAN);
            times.copy(i, i + k, be);
            crc.reset();
            crc.update(buf.array(), 0, 4 + 16 * k);
            buf.position(4 + 16 * k);
            buf.putInt((int) crc.getValue()).flip();
            f.write(buf, pos);
            pos += 8 + 16L * k;
            fileEntries += k;
        }
        if (pos > MAX_FILE_BYTES) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "time index file too large", "file",
                PREFIX + generation, "bytes", pos, "max", MAX_FILE_BYTES);
        }
        return pos;
    }

    /** After the metadata naming the current generation is durable: deletes the generation it replaced. */
    void committed() {
        if (obsolete != 0) {
            try {
                io.delete(path(obsolete));
            } catch (final IOException e) {
                // deleted at the next load
            }
            obsolete = 0;
        }
    }

    private static StratumException corrupt(final Path file, final String what, final long offset) {
        return StratumException.of(ErrorCode.CORRUPT, what, "file", file.getFileName(), "offset", offset);
    }
}
