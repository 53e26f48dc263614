package io.stratum.engine.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRecords;
import io.stratum.wal.codec.WalRecordEncoder;
import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.ForwardingFileIo;
import io.stratum.wal.io.IoFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delta layer's key filter: a read of a key the file does not hold reads no block (about 1% still do),
 * and never misses a key it holds. At 10 GiB a delta holds few of the keys its blocks span, and GetPage
 * read one block per delta above the image to learn that (perf/RESULTS.md, {@code --timeline-gib}).
 */
class LayerKeyFilterTest {
    private static final int BLOCKS = 1 << 16;

    @TempDir
    Path dir;

    @Test
    void absentKeysReadNoBlockAndPresentKeysAreAllFound() {
        check(LayerFormat.VERSION);
    }

    /** Files of format version 3 (the unblocked filter) are still read with their own filter. */
    @Test
    void version3FiltersAreStillRead() {
        check(3);
    }

    private void check(final int version) {
        final AtomicLong reads = new AtomicLong();
        final FileIo io = new ForwardingFileIo(FileIo.real()) {
            @Override
            public IoFile openReadOnly(final Path path) throws java.io.IOException {
                return new ForwardingIoFile(super.openReadOnly(path)) {
                    @Override
                    public int read(final ByteBuffer dst, final long position) throws java.io.IOException {
                        reads.incrementAndGet();
                        return super.read(dst, position);
                    }
                };
            }
        };
        // a sparse delta: one version on every third block of a relation, as a flush of a large timeline holds
        final SplittableRandom r = new SplittableRandom(3);
        final BitSet present = new BitSet(BLOCKS);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[256]);
        final WalRecordEncoder enc = new WalRecordEncoder();
        final LayerDesc d = LayerDesc.delta(PageKey.MIN_HI, PageKey.MIN_LO, PageKey.MAX_HI, PageKey.MAX_LO, 10, 20);
        final LayerFile f;
        try (LayerWriter w = new LayerWriter(io, dir, 8192)) {
            w.version = version;
            for (int b = 0; b < BLOCKS; b++) {
                if (r.nextInt(3) == 0) {
                    present.set(b);
                    final int len = EngineRecords.patch(enc, value, 0, PageKey.relHi(1, 7), PageKey.relLo(7, 0, b), 64,
                        new UnsafeBuffer(new byte[16]), 0, 16);
                    w.add(PageKey.relHi(1, 7), PageKey.relLo(7, 0, b), 15, 0, value, 0, len);
                }
            }
            f = new LayerFile(io, w.finish(d), d);
        }
        try (LayerScratch s = new LayerScratch()) {
            f.load();
            int found = 0;
            int absent = 0;
            long absentReads = 0;
            for (int b = 0; b < BLOCKS; b++) {
                final long before = reads.get();
                final int[] n = {0};
                f.collect(s, PageKey.relHi(1, 7), PageKey.relLo(7, 0, b), 0, 20, (lsn, flags, buf, off, len) -> {
                    n[0]++;
                    return true;
                });
                s.invalidate(); // count every block read, not only the first of a run
                if (present.get(b)) {
                    assertEquals(1, n[0], "block " + b);
                    found++;
                } else {
                    assertEquals(0, n[0]);
                    absent++;
                    absentReads += reads.get() - before;
                }
            }
            assertEquals(present.cardinality(), found);
            assertTrue(absentReads < absent / 50, absentReads + " block reads for " + absent + " absent keys");
        } finally {
            f.close();
        }
        assertEquals(0, LayerTool.verifyFile(io, f.path()) - present.cardinality());
    }
}
