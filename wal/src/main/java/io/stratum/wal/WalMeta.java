package io.stratum.wal;

import io.stratum.wal.io.AtomicFiles;
import io.stratum.wal.io.FileIo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The content of {@code wal.meta} (written with {@link AtomicFiles}: checksummed, atomic, durable):
 * <pre>
 * +-----------------+--------------------+-----------------+-----------------+--------------------+-------------------+
 * | version 2 (i32) | segment size (i64) | begin LSN (i64) | clean end (i64) | durable mark (i64) | max record (i32)  |
 * +-----------------+--------------------+-----------------+-----------------+--------------------+-------------------+
 * </pre>
 * Little-endian, 40 bytes.
 *
 * @param segmentSize bytes per segment file
 * @param beginLsn first readable record (everything below was truncated)
 * @param cleanEnd the end of the log at a clean close, 0 otherwise
 * @param durableMark every byte below this LSN is known fsynced
 * @param maxRecordLength the largest record length any configuration allowed in this log
 */
record WalMeta(long segmentSize, long beginLsn, long cleanEnd, long durableMark, int maxRecordLength) {
    static final String FILE = "wal.meta";
    private static final int VERSION = 2;
    private static final int LENGTH = 40;

    /** Reads {@code DIR/wal.meta}; null when there is none. */
    static WalMeta read(final FileIo io, final Path dir) {
        final byte[] b = AtomicFiles.read(io, dir.resolve(FILE));
        if (b == null) {
            return null;
        }
        final ByteBuffer m = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (b.length != LENGTH || m.getInt() != VERSION) {
            throw StratumException.of(ErrorCode.CORRUPT, "wal.meta has an unknown format", "dir", dir);
        }
        return new WalMeta(m.getLong(), m.getLong(), m.getLong(), m.getLong(), m.getInt());
    }

    /** Writes {@code DIR/wal.meta} atomically and durably. */
    void write(final FileIo io, final Path dir) {
        final ByteBuffer m = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        m.putInt(VERSION).putLong(segmentSize).putLong(beginLsn).putLong(cleanEnd).putLong(durableMark)
            .putInt(maxRecordLength);
        AtomicFiles.write(io, dir.resolve(FILE), m.array());
    }
}
