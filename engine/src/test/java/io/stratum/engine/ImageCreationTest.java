package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.ForwardingFileIo;
import io.stratum.wal.io.IoFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image creation reads only what changed, and one tenant's image backlog does not hold up another's flush. */
class ImageCreationTest {
    private static final long START = 0x100_0000L;
    private static final int PER = 16;

    @TempDir
    Path dir;

    /** Counts the bytes read from files opened read-only (layer files). */
    static final class CountingFileIo extends ForwardingFileIo {
        final AtomicLong bytesRead = new AtomicLong();

        CountingFileIo(final FileIo delegate) {
            super(delegate);
        }

        @Override
        public IoFile openReadOnly(final Path path) throws IOException {
            final IoFile f = delegate.openReadOnly(path);
            return new ForwardingFileIo.ForwardingIoFile(f) {
                @Override
                public int read(final ByteBuffer dst, final long position) throws IOException {
                    final int n = f.read(dst, position);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    }
                    return n;
                }
            };
        }
    }

    @Test
    void imagesAfterASmallChangeReadOnlyTheChangedRange() throws IOException {
        final CountingFileIo io = new CountingFileIo(FileIo.real());
        final TenantId tenant = new TenantId(1, 1);
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).fileIo(io).backgroundThreads(0)
            .autoCompact(false).compactionThreshold(100).imageThreshold(1).pageCacheBytes(1)
            .targetLayerBytes(PER * PageKey.PAGE_SIZE).build())) {
            ps.createTenant(tenant);
            final Timeline t = ps.createTimeline(tenant, new TimelineId(1, 1), START);
            final TestWal wal = new TestWal(START);
            for (int i = 0; i < 16 * PER; i++) {
                wal.fullPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i), i);
            }
            wal.ingestInto(t);
            t.flush();
            t.createImages();
            assertEquals(16, images(t, t.diskConsistentLsn()), "one image layer per " + PER + " keys");
            final long end = wal.patch(PageKey.relHi(1, 1), PageKey.relLo(1, 0, 100), 10, new byte[] {(byte) 0xEE});
            wal.ingestInto(t);
            t.flush();
            long total = 0;
            for (final Path p : Files.list(dir.resolve(tenant.toString()).resolve(t.id().toString())).toList()) {
                total += Files.size(p);
            }
            io.bytesRead.set(0);
            assertTrue(t.compact(), "the changed range is due");
            final long read = io.bytesRead.get();
            assertEquals(1, images(t, end), "only the range holding the changed key gets a new image");
            assertTrue(read * 4 < total, "image creation read " + read + " bytes of " + total
                + " in layer files: it should read the changed range, not every layer");
            final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
            for (int i = 0; i < 16 * PER; i++) {
                t.getPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i), end, page, 0);
                assertEquals((byte) i, page.getByte(0), "key " + i);
                assertEquals(i == 100 ? (byte) 0xEE : (byte) i, page.getByte(10), "key " + i);
            }
        }
    }

    /** Image creation keeps nothing per version on the heap: its allocation does not grow with the versions. */
    @Test
    void imageCreationHeapDoesNotGrowWithTheVersions() {
        final long small = allocatedByImageCreation(dir.resolve("small"), 1);
        final long large = allocatedByImageCreation(dir.resolve("large"), 16);
        assertTrue(large < small + (256 << 10), "image creation allocated " + large + " bytes for 16 versions per key, "
            + small + " for 1: it grows with the versions");
    }

    private static long allocatedByImageCreation(final Path data, final int versions) {
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        final TenantId tenant = new TenantId(1, 1);
        try (PageServer ps = PageServer.open(EngineConfig.builder(data).backgroundThreads(0).autoCompact(false)
            .pageCacheBytes(1).inMemoryLayerBytes(256L << 20).build())) {
            ps.createTenant(tenant);
            final Timeline t = ps.createTimeline(tenant, new TimelineId(1, 1), START);
            final TestWal wal = new TestWal(START);
            final byte[] one = {1};
            for (int i = 0; i < 4096; i++) {
                wal.zero(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i));
                for (int v = 1; v < versions; v++) {
                    wal.patch(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i), v, one);
                }
                if (wal.len > (6 << 20)) {
                    wal.ingestInto(t);
                }
            }
            wal.ingestInto(t);
            t.flush();
            final long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            t.createImages();
            return mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        }
    }

    private static int images(final Timeline t, final long lsn) {
        int n = 0;
        for (final LayerDesc d : t.layerDescs()) {
            if (d.image() && d.imageLsn() == lsn) {
                n++;
            }
        }
        return n;
    }

    /** Holds the first rename of an image layer into {@code dirOf} until released. */
    static final class HoldFirstImageRename extends ForwardingFileIo {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger held = new AtomicInteger();
        volatile Path dirOf;

        HoldFirstImageRename(final FileIo delegate) {
            super(delegate);
        }

        @Override
        public void rename(final Path from, final Path to) throws IOException {
            if (dirOf != null && to.getParent().equals(dirOf) && to.toString().endsWith(".image")
                && held.getAndIncrement() == 0) {
                entered.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("never released");
                    }
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            delegate.rename(from, to);
        }
    }

    @Test
    void aLargeTenantsImageBacklogDoesNotHoldUpAnotherTenantsFlush() throws Exception {
        final HoldFirstImageRename io = new HoldFirstImageRename(FileIo.real());
        final TenantId big = new TenantId(1, 1);
        final TenantId small = new TenantId(2, 2);
        try (PageServer ps = PageServer.open(EngineConfig.builder(dir).fileIo(io).backgroundThreads(1)
            .compactionThreshold(100).imageThreshold(1).inMemoryLayerBytes(2 << 20)
            .targetLayerBytes(PER * PageKey.PAGE_SIZE).build())) {
            ps.createTenant(big);
            ps.createTenant(small);
            final Timeline a = ps.createTimeline(big, new TimelineId(1, 1), START);
            final Timeline b = ps.createTimeline(small, new TimelineId(2, 2), START);
            io.dirOf = dir.resolve(big.toString()).resolve(a.id().toString());
            final int keysA = ingestUntilFrozen(a);
            assertTrue(io.entered.await(10, TimeUnit.SECONDS), "the big tenant's image creation starts");
            final int expected = (keysA + PER - 1) / PER;
            final AtomicInteger imagesOfAAtFlushOfB = new AtomicInteger(-1);
            b.setPersistedListener(lsn -> imagesOfAAtFlushOfB.compareAndSet(-1, images(a, a.diskConsistentLsn())));
            ingestUntilFrozen(b); // queues the small tenant's flush behind the big one's image work
            io.release.countDown();
            await(() -> imagesOfAAtFlushOfB.get() >= 0, "the small tenant's flush");
            await(() -> images(a, a.diskConsistentLsn()) == expected, "the big tenant's images (" + expected + ")");
            assertTrue(imagesOfAAtFlushOfB.get() < expected, "the small tenant flushed only after all "
                + expected + " image layers of the big one were written (" + imagesOfAAtFlushOfB.get() + ")");
        } finally {
            io.release.countDown();
        }
    }

    /** Ingests one full page per call until the open layer freezes; returns the keys in the frozen layer. */
    private static int ingestUntilFrozen(final Timeline t) {
        final TestWal wal = new TestWal(t.lastRecordLsn());
        for (int i = 0; i < 100_000; i++) {
            wal.fullPage(PageKey.relHi(1, 1), PageKey.relLo(1, 0, i), i);
            wal.ingestInto(t);
            if (t.info().frozenLayers() > 0 || t.diskConsistentLsn() > START) {
                return i;
            }
        }
        throw new AssertionError("the in-memory layer never froze");
    }

    private static void await(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            LockSupport.parkNanos(1_000_000L);
        }
    }
}
