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
 * u32 version | tenant (2 x i64) | timeline (2 x i64) | ancestor (2 x i64, 0/0 = none) |
 * i64 ancestorLsn | i64 diskConsistentLsn | i64 gcCutoff | time index (u32 n, n x (i64 lsn, i64 micros))
 * </pre>
 */
record TimelineMeta(TenantId tenant, TimelineId timeline, TimelineId ancestor, long ancestorLsn,
                    long diskConsistentLsn, long gcCutoff) {
    static final String SUFFIX = ".meta";
    private static final int VERSION = 1;

    static Path path(final Path tenantDir, final TimelineId id) {
        return tenantDir.resolve(id + SUFFIX);
    }

    void write(final FileIo io, final Path tenantDir, final TimeIndex times) {
        final int timesLength = times == null ? 4 : times.encodedLength(diskConsistentLsn);
        final ByteBuffer b = ByteBuffer.allocate(4 + 6 * 8 + 3 * 8 + timesLength);
        b.putInt(VERSION).putLong(tenant.hi()).putLong(tenant.lo()).putLong(timeline.hi()).putLong(timeline.lo());
        b.putLong(ancestor == null ? 0 : ancestor.hi()).putLong(ancestor == null ? 0 : ancestor.lo());
        b.putLong(ancestorLsn).putLong(diskConsistentLsn).putLong(gcCutoff);
        if (times == null) {
            b.putInt(0);
        } else {
            times.encode(b, diskConsistentLsn);
        }
        AtomicFiles.write(io, path(tenantDir, timeline), b.array());
    }

    /** Reads the file; the time index entries go into {@code times}. */
    static TimelineMeta read(final FileIo io, final Path file, final TimeIndex times) {
        final byte[] bytes = AtomicFiles.read(io, file);
        if (bytes == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "timeline metadata missing", "file", file.getFileName());
        }
        try {
            final ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.getInt() != VERSION) {
                throw StratumException.of(ErrorCode.CORRUPT, "unknown timeline metadata version", "file",
                    file.getFileName());
            }
            final TenantId tenant = new TenantId(b.getLong(), b.getLong());
            final TimelineId timeline = new TimelineId(b.getLong(), b.getLong());
            final long ahi = b.getLong();
            final long alo = b.getLong();
            final TimelineMeta m = new TimelineMeta(tenant, timeline, ahi == 0 && alo == 0 ? null : new TimelineId(ahi, alo),
                b.getLong(), b.getLong(), b.getLong());
            if (times != null) {
                times.decode(b);
            }
            return m;
        } catch (final BufferUnderflowException e) {
            throw StratumException.of(ErrorCode.CORRUPT, "timeline metadata truncated", "file", file.getFileName());
        }
    }

    TimelineMeta withDiskConsistentLsn(final long lsn) {
        return new TimelineMeta(tenant, timeline, ancestor, ancestorLsn, lsn, gcCutoff);
    }

    TimelineMeta withGcCutoff(final long lsn) {
        return new TimelineMeta(tenant, timeline, ancestor, ancestorLsn, diskConsistentLsn, lsn);
    }
}
