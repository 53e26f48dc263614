package io.stratum.engine.timeline;

import io.stratum.engine.PageSource;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerCursor;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a branch holds, for listings: its logical size (the bytes of every relation fork's pages as of an
 * LSN) and the bytes only it holds (what deleting it frees). Neither reads a page:
 * <ul>
 * <li>logical size: a key-range scan for relation size entries ({@link PageKey#SIZE_BLOCK}, which sort right
 * after each fork's last block) over the layers at or below the LSN on the timeline and, below its branch
 * point, its ancestors: from each key of a fork met, the scan skips to that fork's size entry
 * ({@link LayerCursor#skipTo}, a binary search of the layer's index), so it reads about one block per fork
 * and layer. Then each fork's size at the LSN (one small reconstruction each) times 8 KiB.</li>
 * <li>branch-only bytes: from the layer map, the timeline's own layer files (their size) and in-memory
 * layers (the bytes of their entries) that no
 * child branch reads: a delta layer whose first LSN, an image layer whose LSN, or an in-memory layer whose
 * start lies above the newest branch point of a child (everything, for a branch without children).</li>
 * </ul>
 * Threads: none; holds each timeline's read lock while it reads that timeline's layers.
 */
public final class TimelineSizes {
    /** Most relation forks a logical size counts. */
    public static final int MAX_FORKS = 1 << 20;

    private TimelineSizes() {
    }

    /**
     * Bytes of the pages of every relation fork as of {@code lsn} on {@code t}: the sum of their sizes in
     * blocks, times 8 KiB.
     *
     * @throws StratumException OUT_OF_RANGE when {@code lsn} is outside what {@code t} retains, or more than
     *     {@link #MAX_FORKS} forks
     */
    public static long logicalSize(final Timeline t, final long lsn) {
        final KeyList sizes = new KeyList();
        Timeline cur = t;
        long bound = lsn;
        while (cur != null) {
            sizeKeys(cur, bound, sizes);
            if (cur.ancestor == null) {
                break;
            }
            bound = cur.ancestorLsn;
            cur = cur.ancestor;
        }
        sizes.sortUnique();
        long total = 0;
        for (int i = 0; i < sizes.size; i++) {
            final long hi = sizes.hi(i);
            final long lo = sizes.lo(i);
            final long blocks = t.relationSize(PageKey.database(hi), PageKey.relation(hi, lo), PageKey.fork(lo), lsn);
            if (blocks != PageSource.NO_RELATION) {
                total += blocks * PageKey.PAGE_SIZE;
            }
        }
        return total;
    }

    /** Adds the relation size keys {@code t} itself holds a version of at or below {@code bound} (a superset). */
    private static void sizeKeys(final Timeline t, final long bound, final KeyList out) {
        t.rw.readLock().lock();
        try {
            final List<InMemoryLayer> mem = new ArrayList<>();
            t.inMemoryNewestFirst(mem);
            final KeyList keys = new KeyList();
            for (final InMemoryLayer m : mem) {
                if (m.startLsn() > bound) {
                    continue;
                }
                keys.size = 0;
                m.addKeysTo(keys);
                for (int i = 0; i < keys.size; i++) {
                    if (PageKey.kind(keys.hi(i)) == PageKey.KIND_RELATION && PageKey.isSizeKey(keys.hi(i), keys.lo(i))) {
                        add(out, keys.hi(i), keys.lo(i));
                    }
                }
            }
            for (final LayerFile f : t.layers.all()) {
                final LayerDesc d = f.desc();
                if (d.image() ? d.imageLsn() > bound : d.lsnStart() > bound) {
                    continue;
                }
                scan(f, out);
            }
        } finally {
            t.rw.readLock().unlock();
        }
    }

    /** The size keys in one layer: from each fork's first key met, a skip to its size entry. */
    private static void scan(final LayerFile f, final KeyList out) {
        final long endHi = PageKey.hi(PageKey.KIND_CLOG, 0, 0);
        if (!f.mayHaveKeysIn(PageKey.MIN_HI, PageKey.MIN_LO, endHi, 0L)) {
            return;
        }
        try (LayerCursor c = new LayerCursor(f)) {
            c.seek(PageKey.MIN_HI, PageKey.MIN_LO);
            long wantHi = PageKey.MIN_HI;
            long wantLo = PageKey.MIN_LO;
            while (c.next()) {
                final long hi = c.keyHi();
                final long lo = c.keyLo();
                if (PageKey.compare(hi, lo, wantHi, wantLo) < 0) {
                    continue; // before the key skipped to, in the same block
                }
                if (PageKey.kind(hi) != PageKey.KIND_RELATION) {
                    return;
                }
                if (PageKey.isSizeKey(hi, lo)) {
                    if (out.size == 0 || out.hi(out.size - 1) != hi || out.lo(out.size - 1) != lo) {
                        add(out, hi, lo); // once per key here; across layers sortUnique removes repeats
                    }
                    continue;
                }
                wantHi = hi;
                wantLo = PageKey.sizeLo(PageKey.relation(hi, lo), PageKey.fork(lo));
                c.skipTo(wantHi, wantLo);
            }
        }
    }

    private static void add(final KeyList out, final long hi, final long lo) {
        out.add(hi, lo);
        if (out.size > 2 * MAX_FORKS) {
            out.sortUnique();
            if (out.size > MAX_FORKS) {
                throw StratumException.of(ErrorCode.OUT_OF_RANGE, "more relation forks than a logical size counts",
                    "limit", MAX_FORKS);
            }
        }
    }

    /**
     * Bytes of {@code t}'s own layer files and in-memory layers that no child branch reads (those above its
     * children's newest branch point; all of them for a branch without children).
     */
    public static long branchOnlyBytes(final Timeline t) {
        long newestChild = -1;
        for (final Timeline c : t.children) {
            newestChild = Math.max(newestChild, c.ancestorLsn);
        }
        t.rw.readLock().lock();
        try {
            long bytes = 0;
            final List<InMemoryLayer> mem = new ArrayList<>();
            t.inMemoryNewestFirst(mem);
            for (final InMemoryLayer m : mem) {
                if (m.startLsn() > newestChild) {
                    bytes += m.storedBytes();
                }
            }
            for (final LayerFile f : t.layers.all()) {
                final LayerDesc d = f.desc();
                if ((d.image() ? d.imageLsn() : d.lsnStart()) > newestChild) {
                    bytes += f.fileSize();
                }
            }
            return bytes;
        } finally {
            t.rw.readLock().unlock();
        }
    }
}
