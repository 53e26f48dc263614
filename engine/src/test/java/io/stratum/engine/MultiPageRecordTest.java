package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerCursor;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import io.stratum.engine.layer.LayerTool;
import io.stratum.engine.redo.EngineRmgr;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordEncoder;
import io.stratum.wal.io.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record touching k pages is stored once per layer file (under its smallest key, the other keys
 * referring to it), through the in-memory layer, flush, level-0 compaction into many small level-1 files
 * (where a reference whose record went to an earlier file gets its own copy), images and a restart.
 */
class MultiPageRecordTest {
    private static final long START = 0x100_0000L;
    private static final int KEYS = 60;
    private static final TenantId TENANT = new TenantId(1, 1);
    private static final TimelineId TIMELINE = new TimelineId(1, 1);

    @TempDir
    Path dir;

    private final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20));
    private final WalRecordEncoder enc = new WalRecordEncoder();
    private final byte[][] model = new byte[KEYS][PageKey.PAGE_SIZE];
    private final List<Long> lsns = new ArrayList<>();
    private final List<byte[][]> snapshots = new ArrayList<>();
    private long next = START;
    private long recordBytes;

    private static long lo(final int key) {
        return PageKey.relLo(1, 0, key);
    }

    /** A FULL_PAGE record of three pages. */
    private void fullPages(final Timeline t, final int a, final int b, final int c, final int fill) {
        final UnsafeBuffer pages = new UnsafeBuffer(new byte[3 * PageKey.PAGE_SIZE]);
        pages.setMemory(0, 3 * PageKey.PAGE_SIZE, (byte) fill);
        final int len = enc.wrap(buf, 0, buf.capacity()).begin(EngineRmgr.FULL_PAGE, 0, 0)
            .addBlock(PageKey.relHi(1, 1), lo(a), WalRecord.BLOCK_WILL_INIT)
            .addBlock(PageKey.relHi(1, 1), lo(b), WalRecord.BLOCK_WILL_INIT)
            .addBlock(PageKey.relHi(1, 1), lo(c), WalRecord.BLOCK_WILL_INIT)
            .payload(pages, 0, 3 * PageKey.PAGE_SIZE).finish();
        for (final int k : new int[] {a, b, c}) {
            java.util.Arrays.fill(model[k], (byte) fill);
        }
        ingest(t, len);
    }

    /** A PATCH record writing 4 bytes of value v into each of three pages (keys in any order). */
    private void patch(final Timeline t, final int[] keys, final int v) {
        enc.wrap(buf, 0, buf.capacity()).begin(EngineRmgr.PATCH, 0, 0);
        for (final int k : keys) {
            enc.addBlock(PageKey.relHi(1, 1), lo(k), 0);
        }
        final int p = enc.payloadOffset();
        buf.putShort(p, (short) keys.length, WalRecord.ORDER);
        int at = p + 2;
        for (int b = 0; b < keys.length; b++) {
            final int off = 100 + 8 * (v % 500) + b;
            buf.putShort(at, (short) b, WalRecord.ORDER);
            buf.putShort(at + 2, (short) off, WalRecord.ORDER);
            buf.putShort(at + 4, (short) 4, WalRecord.ORDER);
            for (int i = 0; i < 4; i++) {
                buf.putByte(at + 6 + i, (byte) (v + i));
                model[keys[b]][off + i] = (byte) (v + i);
            }
            at += 10;
        }
        ingest(t, enc.finish(at - p));
    }

    private void ingest(final Timeline t, final int len) {
        t.ingest(next, buf, 0, len);
        next += len;
        recordBytes += len;
        lsns.add(next);
        final byte[][] snap = new byte[KEYS][];
        for (int k = 0; k < KEYS; k++) {
            snap[k] = model[k].clone();
        }
        snapshots.add(snap);
    }

    private void checkReads(final Timeline t, final String when) {
        final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
        for (int s = 0; s < lsns.size(); s += 7) {
            for (int k = 0; k < KEYS; k++) {
                t.getPage(PageKey.relHi(1, 1), lo(k), lsns.get(s), page, 0);
                final byte[] got = new byte[PageKey.PAGE_SIZE];
                page.getBytes(0, got);
                assertArrayEquals(snapshots.get(s)[k], got, when + ": key " + k + " after record " + s);
            }
        }
    }

    private EngineConfig config() {
        return EngineConfig.builder(dir).backgroundThreads(0).autoCompact(false).compactionThreshold(2)
            .targetLayerBytes(16 << 10).blockBytes(1024).pageCacheBytes(1).build();
    }

    @Test
    void aMultiPageRecordIsStoredOncePerLayerFile() {
        final Random r = new Random(9);
        PageServer ps = PageServer.open(config());
        try {
            ps.createTenant(TENANT);
            Timeline t = ps.createTimeline(TENANT, TIMELINE, START);
            for (int i = 0; i < KEYS / 3; i++) {
                fullPages(t, i + 2 * KEYS / 3, i, i + KEYS / 3, 0x10 + i); // smallest key not first
            }
            for (int v = 0; v < 300; v++) {
                patch(t, distinct(r), v);
            }
            checkReads(t, "in memory");
            t.flush();
            long values = 0;
            for (final LayerDesc d : t.layerDescs()) {
                values += valueBytes(d);
            }
            assertTrue(values < recordBytes + 3L * lsns.size() * 16, "the level-0 layer holds "
                + values + " bytes of values for " + recordBytes + " bytes of 3-page records: stored more than once");
            checkReads(t, "after flush");
            for (int v = 300; v < 600; v++) {
                patch(t, distinct(r), v);
            }
            t.flush();
            assertTrue(t.compact(), "two level-0 layers are merged");
            assertTrue(t.layerDescs().stream().filter(d -> !d.image() && !d.fullKeyRange()).count() > 3,
                "the merge cut several level-1 files: " + t.layerDescs());
            checkReads(t, "after compaction");
            verifyFiles();
            ps.close();
            ps = PageServer.open(config());
            t = ps.timeline(TENANT, TIMELINE);
            checkReads(t, "after a restart");
            t.createImages();
            for (int v = 600; v < 650; v++) {
                patch(t, distinct(r), v);
            }
            t.flush();
            checkReads(t, "after images");
            verifyFiles();
        } finally {
            ps.close();
        }
    }

    private int[] distinct(final Random r) {
        final int a = r.nextInt(KEYS);
        int b;
        do {
            b = r.nextInt(KEYS);
        } while (b == a);
        int c;
        do {
            c = r.nextInt(KEYS);
        } while (c == a || c == b);
        return new int[] {a, b, c};
    }

    private long valueBytes(final LayerDesc d) {
        final LayerFile f = new LayerFile(FileIo.real(), dir.resolve(TENANT.toString()).resolve(TIMELINE.toString())
            .resolve(d.fileName()), d);
        long n = 0;
        try (LayerCursor c = new LayerCursor(f)) {
            while (c.next()) {
                n += c.valueLength();
            }
        } finally {
            f.close();
        }
        return n;
    }

    private void verifyFiles() {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertEquals(0, LayerTool.verify(FileIo.real(), dir, new java.io.PrintStream(out)), out.toString());
    }
}
