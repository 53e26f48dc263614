package io.stratum.cluster;

import io.stratum.engine.timeline.Timeline;
import io.stratum.mvcc.TxnPages;
import io.stratum.wal.TimelineId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The transactions open at a fork that ended as committed on one side only, and where their writes before
 * the fork are. Such a transaction (it began on the parent before the branch point and committed there after
 * it) changed heap pages below the fork and, above it, only the commit log; so the pages each side changed
 * above the fork miss its rows, which one side sees and the other never will (the branch's compute aborts
 * it). This finds them from the commit log and the xid metadata page alone, at three points:
 * <ol>
 *   <li>at the fork (on the common timeline): the xid limit L and the oldest xid O in progress when L was
 *   logged; no xid at or above L was handed out by then, and every xid in progress at the fork is at or
 *   above O;</li>
 *   <li>for each xid in {@code [O, L)} that the commit log at the fork shows as not ended: its state at each
 *   head; committed at one head and not at the other, it is open at the fork for that side (an xid handed
 *   out after the fork from the same batch looks the same; it wrote nothing below the fork and the filtered
 *   scan below finds no page of it);</li>
 *   <li>the oldest such xid X got its batch when the xid limit passed X, at an LSN S found by a binary search
 *   of the xid page's history; it wrote nothing at or below S. The pieces of the common history in
 *   {@code (S, fork]} are then scanned for the records of the open xids only ({@link
 *   io.stratum.engine.timeline.ChangedKeys} with an xid filter).</li>
 * </ol>
 * What this adds to a diff grows with what the open transactions wrote and how long the oldest was open,
 * not with the database. When S lies below the retained history (the transaction is older than the PITR
 * window), the pages cannot be bounded and the caller reads every table whole ({@link #readAll}).
 * Threads: none.
 */
final class ForkOpenTransactions {
    /** Most xids looked at between O and L; past it the caller reads every table whole. */
    static final long MAX_XIDS = 4L << 20;

    /** No transaction open at the fork ended differently on the two sides. */
    static final ForkOpenTransactions NONE = new ForkOpenTransactions(new long[0], new long[0], List.of(), false);

    /** The open xids committed on side A only and on side B only, ascending. */
    final long[] committedOnA;
    final long[] committedOnB;
    /** Pieces of the common history below the fork to scan for those xids' records (no filter set). */
    final List<BranchFork.Piece> below;
    /** Whether the pages cannot be bounded: compare every table whole. */
    final boolean readAll;

    private ForkOpenTransactions(final long[] a, final long[] b, final List<BranchFork.Piece> below,
                                 final boolean readAll) {
        this.committedOnA = a;
        this.committedOnB = b;
        this.below = below;
        this.readAll = readAll;
    }

    boolean any() {
        return committedOnA.length + committedOnB.length > 0;
    }

    /** The open transactions of the fork at {@code forkLsn} on {@code common} between heads A and B. */
    static ForkOpenTransactions of(final Timeline common, final long forkLsn, final Timeline a, final long headA,
                                   final Timeline b, final long headB, final Function<TimelineId, Timeline> byId) {
        final Reader r = new Reader();
        final long limit = r.meta(common, forkLsn, true);
        if (limit == 0) {
            return NONE;
        }
        final long from = Math.max(TxnPages.FIRST_XID, r.meta(common, forkLsn, false));
        if (limit - from > MAX_XIDS) {
            return new ForkOpenTransactions(new long[0], new long[0], List.of(), true);
        }
        final LongList onA = new LongList();
        final LongList onB = new LongList();
        for (long x = from; x < limit; x++) {
            if (r.state(0, common, forkLsn, x) != TxnPages.IN_PROGRESS) {
                continue;
            }
            final boolean ca = r.state(1, a, headA, x) == TxnPages.COMMITTED;
            final boolean cb = r.state(2, b, headB, x) == TxnPages.COMMITTED;
            if (ca && !cb) {
                onA.add(x);
            } else if (cb && !ca) {
                onB.add(x);
            }
        }
        if (onA.size == 0 && onB.size == 0) {
            return NONE;
        }
        final long oldest = Math.min(onA.size > 0 ? onA.v[0] : Long.MAX_VALUE, onB.size > 0 ? onB.v[0] : Long.MAX_VALUE);
        final List<Span> chain = chain(common, forkLsn, byId);
        final long low = chain.get(chain.size() - 1).low;
        if (r.limitAt(chain, low) > oldest) {
            return new ForkOpenTransactions(onA.array(), onB.array(), List.of(), true); // older than the history kept
        }
        long lo = low; // limit(lo) <= oldest < limit(hi)
        long hi = forkLsn;
        while (hi - lo > 1) {
            final long mid = lo + (hi - lo) / 2;
            if (r.limitAt(chain, mid) > oldest) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        final List<BranchFork.Piece> below = new ArrayList<>();
        for (final Span s : chain) {
            if (s.high > hi) {
                below.add(new BranchFork.Piece(s.timeline, Math.max(s.timeline.ancestorLsn(), hi), s.high, null));
            }
        }
        return new ForkOpenTransactions(onA.array(), onB.array(), below, false);
    }

    /** A readable stretch {@code [low, high]} of the fork's history, on one timeline. */
    private record Span(Timeline timeline, long low, long high) {
    }

    /** The fork's history from the common timeline down its ancestors, as far as it is retained. */
    private static List<Span> chain(final Timeline common, final long forkLsn, final Function<TimelineId, Timeline> byId) {
        final List<Span> out = new ArrayList<>();
        Timeline t = common;
        long high = forkLsn;
        while (true) {
            final long low = Math.max(Math.max(t.ancestorLsn(), t.gcCutoff()), 1);
            out.add(new Span(t, low, high));
            if (t.ancestorId() == null || t.gcCutoff() > t.ancestorLsn()) {
                return out;
            }
            final Timeline up = byId.apply(t.ancestorId());
            if (up == null) {
                return out;
            }
            high = t.ancestorLsn();
            t = up;
        }
    }

    /** Page reads at an LSN: the xid page, and the commit-log page last read at each of up to three points. */
    private static final class Reader {
        private final UnsafeBuffer meta = new UnsafeBuffer(ByteBuffer.allocateDirect(8192));
        private final UnsafeBuffer[] clog = new UnsafeBuffer[3];
        private final Timeline[] clogTimeline = new Timeline[3];
        private final long[] clogLsn = new long[3];
        private final long[] clogPage = {-1, -1, -1};

        /** The xid limit ({@code limit}) or the oldest xid in progress when it was logged, at {@code lsn}. */
        long meta(final Timeline t, final long lsn, final boolean limit) {
            t.getPage(TxnPages.xidPageHi(BranchView.DATABASE), TxnPages.xidPageLo(), lsn, meta, 0);
            return limit ? TxnPages.xidLimit(meta, 0) : TxnPages.xidOldest(meta, 0);
        }

        long limitAt(final List<Span> chain, final long lsn) {
            for (final Span s : chain) {
                if (lsn >= s.low && lsn <= s.high) {
                    return meta(s.timeline, lsn, true);
                }
            }
            throw new IllegalArgumentException("LSN outside the chain: " + lsn);
        }

        /** The commit log's state of {@code xid} at {@code lsn} on {@code t}, read through slot {@code at}. */
        int state(final int at, final Timeline t, final long lsn, final long xid) {
            final long p = TxnPages.commitLogPageOf(xid);
            if (clog[at] == null) {
                clog[at] = new UnsafeBuffer(ByteBuffer.allocateDirect(8192));
            }
            if (t != clogTimeline[at] || lsn != clogLsn[at] || p != clogPage[at]) {
                t.getPage(TxnPages.commitLogHi(BranchView.DATABASE), TxnPages.commitLogLo(p), lsn, clog[at], 0);
                clogTimeline[at] = t;
                clogLsn[at] = lsn;
                clogPage[at] = p;
            }
            return TxnPages.state(clog[at], 0, xid);
        }
    }

    /** A growing array of longs, ascending as added. */
    private static final class LongList {
        long[] v = new long[8];
        int size;

        void add(final long x) {
            if (size == v.length) {
                v = Arrays.copyOf(v, size * 2);
            }
            v[size++] = x;
        }

        long[] array() {
            return Arrays.copyOf(v, size);
        }
    }
}
