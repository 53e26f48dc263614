package io.stratum.engine.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.key.PageKey;
import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.ForwardingFileIo;
import io.stratum.wal.io.IoFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer file's block index stays in the file (memory-mapped), not on the heap: a 10 GiB timeline's
 * layers have millions of blocks, and at 52 bytes each on the heap they outgrew a 256 MiB heap
 * ({@code bench getpage --timeline-gib 1,10}, perf/RESULTS.md).
 */
class LayerFileIndexMemoryTest {
    private static final int KEYS = 20_000;

    @TempDir
    Path dir;

    @Test
    void loadingAnIndexOfManyBlocksPutsNoneOfItOnTheHeap() {
        final LayerFile f = write(FileIo.real());
        try {
            final long before = allocatedBytes();
            f.load();
            final long allocated = allocatedBytes() - before;
            assertTrue(f.blockCount() >= KEYS, "one block per 8 KiB image: " + f.blockCount());
            final long index = (long) f.blockCount() * LayerFormat.INDEX_ENTRY_SIZE;
            assertTrue(allocated < 64 << 10, "load allocated " + allocated + " bytes of heap for a " + index
                + "-byte index");
            checkReads(f);
            f.close();
            checkReads(f); // reopens and maps again after a close
        } finally {
            f.close();
        }
    }

    @Test
    void aFacadeThatCannotMapGetsAHeapCopy() {
        final FileIo noMap = new ForwardingFileIo(FileIo.real()) {
            @Override
            public IoFile openReadOnly(final Path path) throws java.io.IOException {
                return new ForwardingIoFile(super.openReadOnly(path)) {
                    @Override
                    public ByteBuffer mapReadOnly(final long position, final long length) {
                        return null;
                    }
                };
            }
        };
        final LayerFile f = write(noMap);
        try {
            checkReads(f);
        } finally {
            f.close();
        }
    }

    private LayerFile write(final FileIo io) {
        final UnsafeBuffer page = new UnsafeBuffer(new byte[PageKey.PAGE_SIZE]);
        final LayerDesc d = LayerDesc.image(PageKey.MIN_HI, PageKey.MIN_LO, PageKey.MAX_HI, PageKey.MAX_LO, 100);
        try (LayerWriter w = new LayerWriter(io, dir, 8192)) {
            for (int k = 0; k < KEYS; k++) {
                page.putInt(0, k, ByteOrder.LITTLE_ENDIAN);
                w.add(PageKey.relHi(1, 1), PageKey.relLo(1, 0, k), 100, LayerFormat.FLAG_IMAGE, page, 0,
                    PageKey.PAGE_SIZE);
            }
            return new LayerFile(io, w.finish(d), d);
        }
    }

    private static void checkReads(final LayerFile f) {
        try (LayerScratch s = new LayerScratch()) {
            for (int k = 0; k < KEYS; k += 997) {
                final int[] found = {-1};
                f.collect(s, PageKey.relHi(1, 1), PageKey.relLo(1, 0, k), 0, 100, (lsn, flags, b, off, len) -> {
                    found[0] = b.getInt(off, ByteOrder.LITTLE_ENDIAN);
                    return false;
                });
                assertEquals(k, found[0], "page " + k);
            }
        }
        assertTrue(f.mayHaveKeysIn(PageKey.relHi(1, 1), PageKey.relLo(1, 0, 5), PageKey.relHi(1, 1),
            PageKey.relLo(1, 0, 6)));
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
            .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
