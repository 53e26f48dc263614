package io.stratum.engine.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.key.PageKey;
import io.stratum.wal.io.FileIo;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block lookup through the heap fences ({@link LayerFile#FENCE_STRIDE} blocks each) finds the block a
 * linear scan of the index finds, for files of fewer blocks than one stride up to many strides, with keys
 * whose versions run over several blocks (equal last keys on both sides of a fence) and probe keys before,
 * between, on and after the keys of the file.
 */
class LayerFenceTest {
    @TempDir
    Path dir;

    @Test
    void fencedLookupAgreesWithALinearScan() {
        final SplittableRandom r = new SplittableRandom(27);
        final int stride = LayerFile.FENCE_STRIDE;
        final int[] sizes = {1, stride - 1, stride, stride + 1, 2 * stride, 5 * stride + 7, 40 * stride + 3};
        for (final int targetBlocks : sizes) {
            final LayerFile f = write(r, targetBlocks);
            try {
                f.load();
                assertTrue(f.blockCount() >= targetBlocks, f.blockCount() + " blocks for " + targetBlocks);
                for (int i = 0; i < 4000; i++) {
                    // mostly keys of the file's relation (on a key, or just after one), some before or after it
                    final long lo = PageKey.relLo(3, 0, r.nextInt(2 * targetBlocks + 8)) + (r.nextInt(4) == 0 ? 1 : 0);
                    final long hi = PageKey.relHi(1, r.nextInt(10) == 0 ? 2 + 2 * r.nextInt(2) : 3);
                    assertEquals(linear(f, hi, lo), f.firstBlockEndingAtOrAfter(hi, lo),
                        "blocks " + f.blockCount() + ", key " + PageKey.describe(hi, lo));
                }
            } finally {
                f.close();
            }
        }
    }

    private static int linear(final LayerFile f, final long hi, final long lo) {
        try (LayerCursor c = new LayerCursor(f)) {
            // the first block whose last entry is at or after the key, from the blocks themselves
            int lastBlock = -1;
            int found = f.blockCount();
            long prevHi = 0;
            long prevLo = 0;
            boolean any = false;
            while (c.next()) {
                if (c.block() != lastBlock && any && PageKey.compare(prevHi, prevLo, hi, lo) >= 0) {
                    return lastBlock; // the previous block ended at or after the key
                }
                lastBlock = c.block();
                prevHi = c.keyHi();
                prevLo = c.keyLo();
                any = true;
            }
            if (any && PageKey.compare(prevHi, prevLo, hi, lo) >= 0) {
                found = lastBlock;
            }
            return found;
        }
    }

    /** A delta of at least {@code blocks} 1 KiB blocks, one key in eight with 3 to 14 versions. */
    private LayerFile write(final SplittableRandom r, final int blocks) {
        final LayerDesc d = LayerDesc.delta(PageKey.MIN_HI, PageKey.MIN_LO, PageKey.MAX_HI, PageKey.MAX_LO, 1,
            1 << 30);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[400]);
        try (LayerWriter w = new LayerWriter(FileIo.real(), dir, 1024)) {
            int block = 0;
            while (block < 2 * blocks) { // two 429-byte entries fill a block
                final long lo = PageKey.relLo(3, 0, block++);
                final int versions = r.nextInt(8) == 0 ? 3 + r.nextInt(12) : 1; // a run over a few blocks
                for (int v = 0; v < versions; v++) {
                    r.nextBytes(value.byteArray());
                    w.add(PageKey.relHi(1, 3), lo, 2 + v, 0, value, 0, 400);
                }
            }
            return new LayerFile(FileIo.real(), w.finish(d), d);
        }
    }
}
