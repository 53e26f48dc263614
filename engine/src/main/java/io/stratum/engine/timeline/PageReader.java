package io.stratum.engine.timeline;

import static io.stratum.engine.key.PageKey.PAGE_SIZE;

import io.stratum.engine.PageSource;
import io.stratum.engine.layer.LayerFile;
import io.stratum.engine.layer.LayerFormat;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.engine.key.PageKey;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import java.util.List;
import org.agrona.MutableDirectBuffer;

/**
 * The read path: GetPage@LSN. For a key and LSN, per timeline from the requested one down its ancestors:
 * take the newest image layer at or below the LSN that covers the key, collect the versions above it from
 * the in-memory layers and the delta layers (newest first, stopping once an image or an initialising
 * record is found below everything left), and if nothing in this timeline starts the page, continue in
 * the ancestor at the branch point. Then redo the records, oldest first, over the base image (or zeros).
 */
final class PageReader {
    private final Timeline t;

    PageReader(final Timeline t) {
        this.t = t;
    }

    void getPage(final long hi, final long lo, final long lsn, final MutableDirectBuffer dst, final int offset) {
        if (t.ctx.cache.get(t.instanceId, hi, lo, lsn, dst, offset)) {
            return;
        }
        final ReadContext rc = t.ctx.acquire();
        try {
            reconstruct(rc, hi, lo, lsn, true);
            t.ctx.cache.put(t.instanceId, hi, lo, lsn, rc.page, 0);
            dst.putBytes(offset, rc.page, 0, PAGE_SIZE);
        } finally {
            t.ctx.release(rc);
        }
    }

    long relationSize(final long hi, final long lo, final long lsn) {
        final ReadContext rc = t.ctx.acquire();
        try {
            if (!reconstruct(rc, hi, lo, lsn)) {
                return PageSource.NO_RELATION;
            }
            return rc.page.getInt(0, WalRecord.ORDER) & 0xFFFF_FFFFL;
        } finally {
            t.ctx.release(rc);
        }
    }

    /** Rebuilds the page into {@code rc.page}; returns whether the key has any version at or below lsn. */
    boolean reconstruct(final ReadContext rc, final long hi, final long lo, final long lsn) {
        return reconstruct(rc, hi, lo, lsn, false);
    }

    /**
     * As {@link #reconstruct(ReadContext, long, long, long)}; with {@code cachedBases} an ancestor's page at
     * the branch point is taken from the page cache when there (then the answer no longer tells whether the
     * key has a version: the cache holds zeros for a page read where it had none, so only a page read
     * uses it).
     */
    private boolean reconstruct(final ReadContext rc, final long hi, final long lo, final long lsn,
                                final boolean cachedBases) {
        rc.reset();
        final long blocks0 = rc.scratch.blockReads;
        Timeline cur = t;
        long bound = lsn;
        int base = -1;
        LayerFile image = null;
        boolean absentInImage = false;
        final List<InMemoryLayer> mem = rc.mem;
        while (cur != null) {
            rc.floor = 0;
            if (cachedBases && cur != t && cachedBase(rc, cur, hi, lo, bound)) {
                base = findBase(rc);
                break;
            }
            if (cur != t && cur.lastRecordLsn() < bound) {
                // an ancestor restarted and has not re-ingested up to the branch point yet
                cur.awaitIngested(bound);
            }
            cur.rw.readLock().lock();
            try {
                image = cur.layers.newestImage(hi, lo, bound);
                if (image != null) {
                    rc.floor = image.desc().imageLsn();
                }
                mem.clear();
                cur.inMemoryNewestFirst(mem);
                for (int i = 0; i < mem.size(); i++) {
                    mem.get(i).collect(hi, lo, rc.floor, bound, rc);
                }
                rc.collectDeltas(cur.layers.index(), hi, lo, bound);
                rc.sortNewestFirst();
                base = findBase(rc);
                if (base < 0 && image != null) {
                    final int before = rc.count;
                    rc.floor = image.desc().imageLsn() - 1;
                    image.collect(rc.scratch, hi, lo, image.desc().imageLsn() - 1, image.desc().imageLsn(), rc);
                    if (rc.count > before) {
                        rc.sortNewestFirst();
                        base = findBase(rc);
                    } else {
                        absentInImage = true;
                    }
                }
            } finally {
                cur.rw.readLock().unlock();
            }
            if (base >= 0 || absentInImage) {
                break;
            }
            bound = cur.ancestorLsn;
            cur = cur.ancestor;
        }
        mem.clear();
        apply(rc, base, hi, lo);
        t.ctx.stats.reconstructed(base >= 0 ? base : rc.count);
        t.ctx.stats.readWork(rc.visits, rc.scratch.blockReads - blocks0);
        return rc.count > 0;
    }

    /**
     * Whether the ancestor {@code cur}'s page at the branch point {@code bound} is in the page cache (a read
     * of the parent at that LSN put it there: a diff of a branch against its parent, or another branch made
     * at the same point); if so it is added as the base image below the versions found so far, and the
     * ancestor's layers are not read. {@code rc.page} is free until {@link #apply}.
     */
    private boolean cachedBase(final ReadContext rc, final Timeline cur, final long hi, final long lo, final long bound) {
        if (!t.ctx.cache.probe(cur.instanceId, hi, lo, bound, rc.page, 0)) {
            return false;
        }
        rc.accept(bound, LayerFormat.FLAG_IMAGE, rc.page, 0, PAGE_SIZE);
        rc.sortNewestFirst();
        return true;
    }

    private static int findBase(final ReadContext rc) {
        for (int i = 0; i < rc.count; i++) {
            if ((rc.flags[i] & (LayerFormat.FLAG_IMAGE | LayerFormat.FLAG_WILL_INIT)) != 0) {
                return i;
            }
        }
        return -1;
    }

    /** Applies versions {@code start..0} (oldest first) over zeros, skipping duplicate LSNs. */
    private void apply(final ReadContext rc, final int base, final long hi, final long lo) {
        rc.page.setMemory(0, PAGE_SIZE, (byte) 0);
        final RedoRegistry redo = t.ctx.config.redo();
        final WalRecordDecoder dec = rc.decoder;
        long applied = -1;
        for (int i = base >= 0 ? base : rc.count - 1; i >= 0; i--) {
            final long lsn = rc.lsns[i];
            if (lsn == applied) {
                continue;
            }
            applied = lsn;
            if ((rc.flags[i] & LayerFormat.FLAG_IMAGE) != 0) {
                if (rc.lengths[i] != PAGE_SIZE) {
                    throw StratumException.of(ErrorCode.CORRUPT, "page image of the wrong size", "key",
                        PageKey.describe(hi, lo), "lsn", Lsn.format(lsn), "length", rc.lengths[i]);
                }
                rc.page.putBytes(0, rc.arena, rc.offsets[i], PAGE_SIZE);
                continue;
            }
            if ((rc.flags[i] & LayerFormat.FLAG_WILL_INIT) != 0) {
                rc.page.setMemory(0, PAGE_SIZE, (byte) 0);
            }
            dec.wrapTrusted(rc.arena, rc.offsets[i], rc.lengths[i]);
            int block = -1;
            for (int b = 0; b < dec.blockCount(); b++) {
                if (dec.blockKeyHi(b) == hi && dec.blockKeyLo(b) == lo) {
                    block = b;
                    break;
                }
            }
            if (block < 0) {
                throw StratumException.of(ErrorCode.CORRUPT, "stored record does not reference its page", "key",
                    PageKey.describe(hi, lo), "lsn", Lsn.format(lsn));
            }
            try {
                redo.handler(dec.rmgr()).redo(dec, block, rc.page, 0);
            } catch (final StratumException e) {
                throw StratumException.withCause(e.code(), e, e.getMessage() + " during redo", "key",
                    PageKey.describe(hi, lo), "lsn", Lsn.format(lsn));
            }
        }
    }
}
