package io.stratum.engine.timeline;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerCursor;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import io.stratum.engine.layer.LayerFormat;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;

/**
 * The keys of a key range that changed in an LSN range on one timeline: every key in {@code [start, end)}
 * with a version whose LSN lies in {@code (lsnFrom, lsnTo]} stored by this timeline itself (not by its
 * ancestors). Reads only what can hold such versions: the in-memory layers and the delta layers whose LSN
 * range meets {@code (lsnFrom, lsnTo]} and whose key range meets the range, each from the first block that
 * may hold the start key; an image layer at an LSN in the range counts each key it holds as changed (an
 * image does not say which pages differ from the layers below it, so the answer is then a superset, never
 * a subset). So the cost grows with the change above {@code lsnFrom}, not with the size of the timeline:
 * what branch diff needs to find the pages a branch changed since its branch point.
 *
 * <p>With an xid filter only versions written by the accepted transactions count: a WAL record counts when
 * the filter accepts its xid (a record stored once per layer file under its smallest key counts for its
 * other keys too); a page image, or a reference to a record this scan did not read (its key lies before the
 * range), counts whatever wrote it (a superset again). Branch diff uses it to find the pages that the
 * transactions open at a fork wrote before it.
 *
 * <p>Threads: none; holds the timeline's read lock while it reads (ingest waits, readers do not).
 */
public final class ChangedKeys {
    private ChangedKeys() {
    }

    /**
     * The changed keys, sorted and distinct, as pairs {@code [hi0, lo0, hi1, lo1, ...]}.
     *
     * @param maxKeys the most keys answered: more is an OUT_OF_RANGE error naming the limit
     * @throws StratumException INVALID_ARGUMENT for an empty or reversed range
     */
    public static long[] of(final Timeline t, final long startHi, final long startLo, final long endHi,
                            final long endLo, final long lsnFrom, final long lsnTo, final int maxKeys) {
        return of(t, startHi, startLo, endHi, endLo, lsnFrom, lsnTo, maxKeys, null);
    }

    /**
     * As {@link #of(Timeline, long, long, long, long, long, long, int)}, counting only the records whose xid
     * {@code xids} accepts (null: every version).
     */
    public static long[] of(final Timeline t, final long startHi, final long startLo, final long endHi,
                            final long endLo, final long lsnFrom, final long lsnTo, final int maxKeys,
                            final LongPredicate xids) {
        if (lsnTo < lsnFrom || PageKey.compare(startHi, startLo, endHi, endLo) > 0) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "bad range for changed keys", "from",
                Lsn.format(lsnFrom), "to", Lsn.format(lsnTo), "start", PageKey.hex(startHi, startLo), "end",
                PageKey.hex(endHi, endLo));
        }
        final KeyList keys = new KeyList();
        if (lsnTo == lsnFrom) {
            return new long[0];
        }
        t.rw.readLock().lock();
        try {
            final List<InMemoryLayer> mem = new ArrayList<>();
            t.inMemoryNewestFirst(mem);
            final KeyList all = new KeyList();
            final boolean[] hit = new boolean[1];
            for (final InMemoryLayer m : mem) {
                if (m.endLsn() <= lsnFrom || m.startLsn() > lsnTo) {
                    continue;
                }
                all.size = 0;
                m.addKeysTo(all);
                for (int i = 0; i < all.size; i++) {
                    final long hi = all.hi(i);
                    final long lo = all.lo(i);
                    if (!inRange(hi, lo, startHi, startLo, endHi, endLo)) {
                        continue;
                    }
                    hit[0] = false;
                    m.collect(hi, lo, lsnFrom, lsnTo, (lsn, flags, buf, off, len) -> {
                        if (counts(xids, flags, buf, off, len)) {
                            hit[0] = true;
                            return false;
                        }
                        return true;
                    });
                    if (hit[0]) {
                        add(keys, hi, lo, maxKeys);
                    }
                }
            }
            for (final LayerFile f : t.layers.all()) {
                final LayerDesc d = f.desc();
                if (d.lsnEnd() <= lsnFrom + 1 && !d.image() || d.lsnStart() > lsnTo
                    || d.image() && d.imageLsn() <= lsnFrom
                    || !f.mayHaveKeysIn(startHi, startLo, endHi, endLo)) {
                    continue;
                }
                scan(f, keys, startHi, startLo, endHi, endLo, d.image() ? d.imageLsn() - 1 : lsnFrom, lsnTo, maxKeys,
                    xids);
            }
        } finally {
            t.rw.readLock().unlock();
        }
        keys.sortUnique();
        if (keys.size > maxKeys) {
            throw tooMany(maxKeys);
        }
        final long[] out = new long[2 * keys.size];
        System.arraycopy(keys.keys, 0, out, 0, out.length);
        return out;
    }

    private static void scan(final LayerFile f, final KeyList keys, final long startHi, final long startLo,
                             final long endHi, final long endLo, final long lsnFrom, final long lsnTo,
                             final int maxKeys, final LongPredicate xids) {
        // with a filter: the LSNs of the accepted records read so far (a record's other keys refer to it by LSN)
        final LongHashSet accepted = xids == null ? null : new LongHashSet();
        try (LayerCursor c = new LayerCursor(f)) {
            c.seek(startHi, startLo);
            long lastHi = 0;
            long lastLo = 0;
            boolean any = false;
            while (c.next()) {
                final long hi = c.keyHi();
                final long lo = c.keyLo();
                if (PageKey.compare(hi, lo, startHi, startLo) < 0) {
                    continue;
                }
                if (PageKey.compare(hi, lo, endHi, endLo) >= 0) {
                    return;
                }
                if (c.lsn() <= lsnFrom || c.lsn() > lsnTo) {
                    continue;
                }
                // before the duplicate check: an accepted record's LSN is needed by its references
                if (xids != null && !countsInFile(c, xids, accepted, startHi, startLo)) {
                    continue;
                }
                if (any && hi == lastHi && lo == lastLo) {
                    continue;
                }
                add(keys, hi, lo, maxKeys);
                lastHi = hi;
                lastLo = lo;
                any = true;
            }
        }
    }

    /** Whether a version (a record, or an image) counts under the filter {@code xids} (null: every one). */
    private static boolean counts(final LongPredicate xids, final int flags, final DirectBuffer buf, final int off,
                                  final int len) {
        return xids == null || (flags & LayerFormat.FLAG_IMAGE) != 0 || len < WalRecord.HEADER_LENGTH
            || xids.test(buf.getLong(off + WalRecord.XID_OFFSET, WalRecord.ORDER));
    }

    /** As {@link #counts} for the cursor's entry, resolving a reference through the records already read. */
    private static boolean countsInFile(final LayerCursor c, final LongPredicate xids, final LongHashSet accepted,
                                        final long startHi, final long startLo) {
        if ((c.flags() & LayerFormat.FLAG_REF) != 0) {
            final DirectBuffer b = c.buffer();
            final long aHi = b.getLong(c.valueOffset(), java.nio.ByteOrder.BIG_ENDIAN);
            final long aLo = b.getLong(c.valueOffset() + 8, java.nio.ByteOrder.BIG_ENDIAN);
            // the record lives under a smaller key of this file: read already unless it lies before the range
            return accepted.contains(c.lsn()) || PageKey.compare(aHi, aLo, startHi, startLo) < 0;
        }
        final boolean yes = counts(xids, c.flags(), c.buffer(), c.valueOffset(), c.valueLength());
        if (yes && (c.flags() & LayerFormat.FLAG_IMAGE) == 0) {
            accepted.add(c.lsn());
        }
        return yes;
    }

    private static boolean inRange(final long hi, final long lo, final long startHi, final long startLo,
                                   final long endHi, final long endLo) {
        return PageKey.compare(hi, lo, startHi, startLo) >= 0 && PageKey.compare(hi, lo, endHi, endLo) < 0;
    }

    private static void add(final KeyList keys, final long hi, final long lo, final int maxKeys) {
        keys.add(hi, lo);
        if (keys.size > 2 * maxKeys + 1024) { // duplicates across layers: deduplicate before giving up
            keys.sortUnique();
            if (keys.size > maxKeys) {
                throw tooMany(maxKeys);
            }
        }
    }

    private static StratumException tooMany(final int maxKeys) {
        return StratumException.of(ErrorCode.OUT_OF_RANGE, "more changed keys than the limit", "limit", maxKeys);
    }
}
