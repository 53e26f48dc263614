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
    // sortNewestFirst's scratch, grown with the version arrays
    private int[] order = new int[0];
    private int[] merge = new int[0];
    private long[] permLsns = new long[0];
    private int[] permInts = new int[0];
    int count;
    int used;
    /** Delta layers consulted by the reconstruction in progress (for {@code EngineStats.readWork}). */
    int visits;
    /** Versions at or below this LSN are not needed (an image or initialising record was found above). */
    long floor;
    /** References ({@code FLAG_REF}) met in the layer being read, resolved once its collect returns. */
    private long[] refLsn = new long[8];
    private long[] refHi = new long[8];
    private long[] refLo = new long[8];
    private int[] refFlags = new int[8];
    private int refCount;
    private boolean resolving;
    private int resolveFlags;
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
        visits++;
        refCount = 0;
        delta.collect(scratch, keyHi, keyLo, floor, bound, this);
        // references found: the record is in the same file under its anchor key, at the same LSN
        for (int r = 0; r < refCount; r++) {
            if (refLsn[r] > floor) {
                resolveFlags = refFlags[r];
                resolving = true;
                try {
                    delta.collect(scratch, refHi[r], refLo[r], refLsn[r] - 1, refLsn[r], this);
                } finally {
                    resolving = false;
                }
                if (resolveFlags >= 0) {
                    throw delta.corrupt("a multi-page record's reference names no entry", -1);
                }
            }
        }
    }

    void reset() {
        count = 0;
        used = 0;
        floor = 0;
        visits = 0;
    }

    @Override
    public boolean accept(final long lsn, final int f0, final DirectBuffer buffer, final int offset, final int length) {
        int f = f0;
        if (resolving) {
            if ((f & LayerFormat.FLAG_REF) != 0) {
                return true; // another reference (or this key's own), not the record
            }
            f = resolveFlags; // the referring entry's flags (WILL_INIT is per page)
            resolveFlags = -1;
        } else if (lsn <= floor) {
            return true;
        } else if ((f & LayerFormat.FLAG_REF) != 0) {
            if (length != LayerFormat.REF_LENGTH) {
                throw io.stratum.wal.StratumException.of(io.stratum.wal.ErrorCode.CORRUPT,
                    "layer file corrupt: a reference entry of the wrong length", "length", length);
            }
            addRef(lsn, f & ~LayerFormat.FLAG_REF, buffer.getLong(offset, java.nio.ByteOrder.BIG_ENDIAN),
                buffer.getLong(offset + 8, java.nio.ByteOrder.BIG_ENDIAN));
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
        return !resolving;
    }

    private void addRef(final long lsn, final int f, final long hi, final long lo) {
        if (refCount == refLsn.length) {
            refLsn = Arrays.copyOf(refLsn, refCount * 2);
            refHi = Arrays.copyOf(refHi, refCount * 2);
            refLo = Arrays.copyOf(refLo, refCount * 2);
            refFlags = Arrays.copyOf(refFlags, refCount * 2);
        }
        refLsn[refCount] = lsn;
        refHi[refCount] = hi;
        refLo[refCount] = lo;
        refFlags[refCount++] = f;
    }

    /**
     * Sorts the versions newest first, keeping versions of equal LSN in the order they were collected (stable).
     * They arrive as ascending runs, one per layer, layers in index order: the insertion sort this replaced
     * was quadratic in that case (27% of the page service's CPU under pgbench select-only, where a page is
     * rebuilt from about 100 versions). Already newest first: as is; oldest first: reversed; otherwise a merge
     * sort of their positions on reused arrays (no allocation once they have grown).
     */
    void sortNewestFirst() {
        boolean newestFirst = true;
        boolean strictlyOldestFirst = true;
        for (int i = 1; i < count; i++) {
            if (lsns[i - 1] < lsns[i]) {
                newestFirst = false;
            }
            if (lsns[i - 1] >= lsns[i]) {
                strictlyOldestFirst = false;
            }
        }
        if (newestFirst) {
            return;
        }
        if (strictlyOldestFirst) {
            for (int i = 0, j = count - 1; i < j; i++, j--) {
                swap(i, j);
            }
            return;
        }
        if (order.length < count) {
            order = new int[lsns.length];
            merge = new int[lsns.length];
            permLsns = new long[lsns.length];
            permInts = new int[lsns.length];
        }
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        for (int width = 1; width < count; width *= 2) {
            for (int lo = 0; lo < count - width; lo += 2 * width) {
                mergeRuns(lo, lo + width, Math.min(lo + 2 * width, count));
            }
        }
        permute();
    }

    /** Merges order[lo, mid) and order[mid, hi), each newest first, keeping the left one first on equal LSNs. */
    private void mergeRuns(final int lo, final int mid, final int hi) {
        int a = lo;
        int b = mid;
        int k = lo;
        while (a < mid && b < hi) {
            merge[k++] = lsns[order[b]] > lsns[order[a]] ? order[b++] : order[a++];
        }
        while (a < mid) {
            merge[k++] = order[a++];
        }
        while (b < hi) {
            merge[k++] = order[b++];
        }
        System.arraycopy(merge, lo, order, lo, hi - lo);
    }

    /** Rearranges the four version arrays into {@code order}. */
    private void permute() {
        for (int i = 0; i < count; i++) {
            permLsns[i] = lsns[order[i]];
        }
        System.arraycopy(permLsns, 0, lsns, 0, count);
        permuteInts(offsets);
        permuteInts(lengths);
        permuteInts(flags);
    }

    private void permuteInts(final int[] a) {
        for (int i = 0; i < count; i++) {
            permInts[i] = a[order[i]];
        }
        System.arraycopy(permInts, 0, a, 0, count);
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
