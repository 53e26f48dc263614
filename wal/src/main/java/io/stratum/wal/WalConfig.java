package io.stratum.wal;

import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.io.FileIo;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * Configuration of a {@link WalLog}. Build with {@link #builder(Path)}; {@link WalLog#open} validates it.
 *
 * @param dir where the segments and {@code wal.meta} live (created if missing)
 * @param segmentSize bytes of WAL per segment file, a power of two between 64 KiB and 1 GiB (default 16 MiB)
 * @param maxRecordLength largest record accepted, header included (default 1 MiB)
 * @param writeBufferSize bytes of appended records held in memory before they are written out (default
 *     4 MiB, at least twice {@code maxRecordLength})
 * @param startLsn where a new, empty log begins (default 0/1000000); ignored when the log exists
 * @param preallocate fill each segment with zeros before use, so an fdatasync does not also have to
 *     update the file size (default true); a background thread prepares the next segment
 * @param fileIo the file-system facade (default the real one)
 * @param preallocator with {@code preallocate}: where the next segment is prepared, an executor the caller owns
 *     and may share between many logs (a log never shuts it down, and waits on close for a preparation it
 *     started); null (default): a daemon thread of the log's own, stopped on close
 */
public record WalConfig(Path dir, long segmentSize, int maxRecordLength, int writeBufferSize, long startLsn,
                        boolean preallocate, FileIo fileIo, Executor preallocator) {

    public static final long DEFAULT_SEGMENT_SIZE = 16L << 20;
    public static final int DEFAULT_WRITE_BUFFER_SIZE = 4 << 20;
    public static final long DEFAULT_START_LSN = 0x1000000L;

    public static Builder builder(final Path dir) {
        return new Builder(dir);
    }

    /** Checks every field; returns this. Throws INVALID_ARGUMENT naming the bad field. */
    public WalConfig validate() {
        if (dir == null) {
            throw bad("dir", null, "is required");
        }
        if (segmentSize < (64 << 10) || segmentSize > (1L << 30) || Long.bitCount(segmentSize) != 1) {
            throw bad("segmentSize", segmentSize, "must be a power of two between 64 KiB and 1 GiB");
        }
        if (maxRecordLength < WalRecord.HEADER_LENGTH || maxRecordLength > WalRecord.MAX_RECORD_LENGTH_LIMIT) {
            throw bad("maxRecordLength", maxRecordLength, "must be between 20 bytes and 64 MiB");
        }
        if (writeBufferSize < 2L * maxRecordLength || writeBufferSize > (1 << 30)) {
            throw bad("writeBufferSize", writeBufferSize, "must be at least twice maxRecordLength and at most 1 GiB");
        }
        if (!Lsn.isValid(startLsn) || startLsn > (1L << 62)) {
            throw bad("startLsn", Lsn.format(startLsn), "must be a valid LSN");
        }
        if (fileIo == null) {
            throw bad("fileIo", null, "is required");
        }
        return this;
    }

    private static StratumException bad(final String field, final Object value, final String why) {
        return StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid WAL config: " + field + " " + why,
            field, value);
    }

    /** Builder with defaults. */
    public static final class Builder {
        private final Path dir;
        private long segmentSize = DEFAULT_SEGMENT_SIZE;
        private int maxRecordLength = WalRecord.DEFAULT_MAX_RECORD_LENGTH;
        private int writeBufferSize = DEFAULT_WRITE_BUFFER_SIZE;
        private long startLsn = DEFAULT_START_LSN;
        private boolean preallocate = true;
        private FileIo fileIo = FileIo.real();
        private Executor preallocator;

        private Builder(final Path dir) {
            this.dir = dir;
        }

        public Builder segmentSize(final long v) {
            segmentSize = v;
            return this;
        }

        public Builder maxRecordLength(final int v) {
            maxRecordLength = v;
            return this;
        }

        public Builder writeBufferSize(final int v) {
            writeBufferSize = v;
            return this;
        }

        public Builder startLsn(final long v) {
            startLsn = v;
            return this;
        }

        public Builder preallocate(final boolean v) {
            preallocate = v;
            return this;
        }

        public Builder fileIo(final FileIo v) {
            fileIo = v;
            return this;
        }

        /** Where segments are preallocated (see {@link WalConfig#preallocator()}); null: a thread of the log's own. */
        public Builder preallocator(final Executor v) {
            preallocator = v;
            return this;
        }

        public WalConfig build() {
            return new WalConfig(dir, segmentSize, maxRecordLength, writeBufferSize, startLsn, preallocate, fileIo,
                preallocator).validate();
        }
    }
}
