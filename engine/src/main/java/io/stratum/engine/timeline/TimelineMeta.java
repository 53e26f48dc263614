package io.stratum.engine.timeline;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.io.AtomicFiles;
import io.stratum.wal.io.FileIo;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The durable metadata of a timeline, one checksummed file {@code TIMELINE.meta} in its tenant's
 * directory, written atomically ({@link AtomicFiles}). Its existence is what makes a timeline exist.
 * <pre>
 * version 2: u32 version | tenant (2 x i64) | timeline (2 x i64) | ancestor (2 x i64, 0/0 = none) |
 *            i64 ancestorLsn | i64 diskConsistentLsn | i64 gcCutoff |
 *            i64 time index generation (0 = none) | i64 time index committed length
 * version 1 (read only): the same up to gcCutoff, then the whole time index (u32 n, n x (i64 lsn, i64 micros))
 * </pre>
 * The time index lives in its own append-only file ({@link TimeIndexFile}); this file names how much of
 * it is committed, so it stays a few dozen bytes however long the history.
 */
record TimelineMeta(TenantId tenant, TimelineId timeline, TimelineId ancestor, long ancestorLsn,
                    long diskConsistentLsn, long gcCutoff, long timeIndexGeneration, long timeIndexLength) {
    static final String SUFFIX = ".meta";
    private static final int VERSION = 2;
    private static final int LEGACY_VERSION = 1;

    static Path path(final Path tenantDir, final TimelineId id) {
        return tenantDir.resolve(id + SUFFIX);
    }

    void write(final FileIo io, final Path tenantDir) {
        final ByteBuffer b = ByteBuffer.allocate(4 + 6 * 8 + 5 * 8);
        b.putInt(VERSION).putLong(tenant.hi()).putLong(tenant.lo()).putLong(timeline.hi()).putLong(timeline.lo());
        b.putLong(ancestor == null ? 0 : ancestor.hi()).putLong(ancestor == null ? 0 : ancestor.lo());
        b.putLong(ancestorLsn).putLong(diskConsistentLsn).putLong(gcCutoff);
        b.putLong(timeIndexGeneration).putLong(timeIndexLength);
        AtomicFiles.write(io, path(tenantDir, timeline), b.array());
    }

    /** Reads the file; a version-1 file's time index entries go into {@code times} (not yet on disk anew). */
    static TimelineMeta read(final FileIo io, final Path file, final TimeIndex times) {
        final byte[] bytes = AtomicFiles.read(io, file);
        if (bytes == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "timeline metadata missing", "file", file.getFileName());
        }
        try {
            final ByteBuffer b = ByteBuffer.wrap(bytes);
            final int version = b.getInt();
            if (version != VERSION && version != LEGACY_VERSION) {
                throw StratumException.of(ErrorCode.CORRUPT, "unknown timeline metadata version", "file",
                    file.getFileName(), "version", version);
            }
            final TenantId tenant = new TenantId(b.getLong(), b.getLong());
            final TimelineId timeline = new TimelineId(b.getLong(), b.getLong());
            final long ahi = b.getLong();
            final long alo = b.getLong();
            final TimelineId ancestor = ahi == 0 && alo == 0 ? null : new TimelineId(ahi, alo);
            final long ancestorLsn = b.getLong();
            final long dcl = b.getLong();
            final long cutoff = b.getLong();
            if (version == LEGACY_VERSION) {
                times.decodeLegacy(b);
                return new TimelineMeta(tenant, timeline, ancestor, ancestorLsn, dcl, cutoff, 0, 0);
            }
            return new TimelineMeta(tenant, timeline, ancestor, ancestorLsn, dcl, cutoff, b.getLong(), b.getLong());
        } catch (final BufferUnderflowException e) {
            throw StratumException.of(ErrorCode.CORRUPT, "timeline metadata truncated", "file", file.getFileName());
        }
    }
}
