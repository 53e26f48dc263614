package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.ForwardingFileIo;
import io.stratum.wal.io.IoFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LSN/time index is written incrementally, survives restarts, cuts an uncommitted tail and detects damage. */
class TimeIndexDurabilityTest {
    private static final long START = 0x100_0000L;
    private static final long T0 = 1_700_000_000_000_000L;
    private static final TenantId TENANT = new TenantId(1, 1);
    private static final TimelineId TIMELINE = new TimelineId(1, 1);
    private static final int COMMITS = 5000;

    @TempDir
    Path dir;

    /** Counts bytes written to files other than layer files (metadata, time index). */
    static final class CountingWrites extends ForwardingFileIo {
        final AtomicLong bytes = new AtomicLong();

        CountingWrites(final FileIo delegate) {
            super(delegate);
        }

        @Override
        public IoFile open(final Path path, final boolean create) throws IOException {
            final IoFile f = delegate.open(path, create);
            final boolean layer = path.getFileName().toString().startsWith("layer-");
            return new ForwardingFileIo.ForwardingIoFile(f) {
                @Override
                public void write(final ByteBuffer src, final long position) throws IOException {
                    if (!layer) {
                        bytes.addAndGet(src.remaining());
                    }
                    f.write(src, position);
                }
            };
        }
    }

    private EngineConfig config(final FileIo io) {
        return EngineConfig.builder(dir).fileIo(io).backgroundThreads(0).autoCompact(false).build();
    }

    /** Commits one a second; returns the end LSN of commit i at index i. */
    private static long[] commit(final Timeline t, final TestWal wal, final int from, final int to) {
        final long[] lsns = new long[to - from];
        for (int i = from; i < to; i++) {
            lsns[i - from] = wal.commit(T0 + i * 1_000_000L);
        }
        wal.fullPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, from), from);
        wal.ingestInto(t);
        return lsns;
    }

    @Test
    void aFlushWritesOnlyTheNewEntries() {
        final CountingWrites io = new CountingWrites(FileIo.real());
        try (PageServer ps = PageServer.open(config(io))) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, TIMELINE, START);
            final TestWal wal = new TestWal(START);
            commit(t, wal, 0, COMMITS);
            t.flush();
            io.bytes.set(0);
            final long[] last = commit(t, wal, COMMITS, COMMITS + 1);
            t.flush();
            assertTrue(io.bytes.get() < 1024, "a flush adding one index entry wrote " + io.bytes.get()
                + " bytes of metadata and index (" + COMMITS + " entries in the index)");
            assertEquals(last[0], t.lsnAtTime(T0 + COMMITS * 1_000_000L));
        }
    }

    @Test
    void survivesRestartsCutsAnUncommittedTailAndDetectsDamage() throws IOException {
        final long[] lsns;
        try (PageServer ps = PageServer.open(config(FileIo.real()))) {
            ps.createTenant(TENANT);
            final Timeline t = ps.createTimeline(TENANT, TIMELINE, START);
            final TestWal wal = new TestWal(START);
            final long[] a = commit(t, wal, 0, COMMITS / 2);
            t.flush();
            final long[] b = commit(t, wal, COMMITS / 2, COMMITS);
            t.flush();
            lsns = new long[COMMITS];
            System.arraycopy(a, 0, lsns, 0, a.length);
            System.arraycopy(b, 0, lsns, a.length, b.length);
        }
        final Path timelineDir = dir.resolve(TENANT.toString()).resolve(TIMELINE.toString());
        final List<Path> index = Files.list(timelineDir).filter(p -> p.getFileName().toString().startsWith("timeindex."))
            .toList();
        assertEquals(1, index.size(), "one generation of the index file: " + index);
        final Path file = index.get(0);
        final long committed = Files.size(file);
        Files.write(file, new byte[] {1, 0, 0, 0, 9, 9, 9}, StandardOpenOption.APPEND); // an append never committed
        try (PageServer ps = PageServer.open(config(FileIo.real()))) {
            final Timeline t = ps.timeline(TENANT, TIMELINE);
            for (int i = 0; i < COMMITS; i += 97) {
                assertEquals(lsns[i], t.lsnAtTime(T0 + i * 1_000_000L + 500_000L), "commit " + i);
            }
        }
        assertEquals(committed, Files.size(file), "the uncommitted tail is cut at load");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(committed / 2);
            final int v = raf.read();
            raf.seek(committed / 2);
            raf.write(v ^ 0x40);
        }
        final StratumException e = assertThrows(StratumException.class, () -> PageServer.open(config(FileIo.real())));
        assertEquals(ErrorCode.CORRUPT, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    }
}
