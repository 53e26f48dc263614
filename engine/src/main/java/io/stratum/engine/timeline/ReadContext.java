package io.stratum.engine.timeline;

import static io.stratum.engine.key.PageKey.PAGE_SIZE;

import io.stratum.engine.layer.LayerFile;
import io.stratum.engine.layer.LayerFormat;
import io.stratum.engine.layer.LayerScratch;
import io.stratum.wal.codec.WalRecordDecoder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Scratch state of one page reconstruction: the versions found so far (copied into an off-heap arena),
 * the page being rebuilt, block scratch and a record decoder. Pooled; reused without allocation.
 */
final class ReadContext implements LayerFile.VersionSink, LayerIndex.DeltaVisitor, AutoCloseable {
    final LayerScratch scratch = new LayerScratch();
    final ExpandableDirectByteBuffer arena = new ExpandableDirectByteBuffer(64 << 10);
    final ByteBuffer pageMemory = ByteBuffer.allocateDirect(PAGE_SIZE);
    final UnsafeBuffer page = new UnsafeBuffer(pageMemory);
    final WalRecordDecoder decoder = new WalRecordDecoder(io.stratum.wal.codec.WalRecord.MAX_RECORD_LENGTH_LIMIT);
    final java.util.ArrayList<InMemoryLayer> mem = new java.util.ArrayList<>(4);
    long[] lsns = new long[64];
    int[] offsets = new int[64];
    int[] lengths = new int[64];
    int[] flags = new int[64];
    int count;
    int used;
    /** Versions at or below this LSN are not needed (an image or initialising record was found above). */
    long floor;
    /** The key and bound of the delta lookup in progress ({@link #visit}). */
    private long keyHi;
    private long keyLo;
    private long bound;

    /** Collects the key's versions in {@code (floor, bound]} from every delta layer the index reports. */
    void collectDeltas(final LayerIndex index, final long hi, final long lo, final long lsnBound) {
        keyHi = hi;
        keyLo = lo;
        bound = lsnBound;
        index.deltas(hi, lo, lsnBound, this);
    }

    @Override
    public long floor() {
        return floor;
    }

    @Override
    public void visit(final LayerFile delta) {
        delta.collect(scratch, keyHi, keyLo, floor, bound, this);
    }

    void reset() {
        count = 0;
        used = 0;
        floor = 0;
    }

    @Override
    public boolean accept(final long lsn, final int f, final DirectBuffer buffer, final int offset, final int length) {
        if (lsn <= floor) {
            return true;
        }
        if (count == lsns.length) {
            lsns = Arrays.copyOf(lsns, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
            flags = Arrays.copyOf(flags, count * 2);
        }
        arena.putBytes(used, buffer, offset, length);
        lsns[count] = lsn;
        offsets[count] = used;
        lengths[count] = length;
        flags[count] = f;
        count++;
        used += length;
        if ((f & (LayerFormat.FLAG_IMAGE | LayerFormat.FLAG_WILL_INIT)) != 0) {
            floor = lsn;
        }
        return true;
    }

    /** Sorts the versions newest first (insertion sort: there are few). */
    void sortNewestFirst() {
        for (int i = 1; i < count; i++) {
            for (int j = i; j > 0 && lsns[j - 1] < lsns[j]; j--) {
                swap(j, j - 1);
            }
        }
    }

    private void swap(final int a, final int b) {
        final long l = lsns[a];
        lsns[a] = lsns[b];
        lsns[b] = l;
        int t = offsets[a];
        offsets[a] = offsets[b];
        offsets[b] = t;
        t = lengths[a];
        lengths[a] = lengths[b];
        lengths[b] = t;
        t = flags[a];
        flags[a] = flags[b];
        flags[b] = t;
    }

    @Override
    public void close() {
        scratch.close();
        BufferUtil.free(arena.byteBuffer());
        BufferUtil.free(pageMemory);
    }
}
