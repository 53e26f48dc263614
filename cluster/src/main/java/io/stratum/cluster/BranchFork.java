package io.stratum.cluster;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.ChangedKeys;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TimelineId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where two branch heads part: their common ancestor timeline, the fork LSN on it (the older of the two
 * points where their histories leave it), and for each side the pieces of history above the fork (a
 * timeline and an LSN range on it). From those, the relation pages each side changed since the fork,
 * through the engine's {@link ChangedKeys} scan, which reads only the layers above the fork: so what a diff
 * or a merge reads grows with the change, not with the database. A transaction open at the fork that
 * committed on one side only also changed, for that side, the pages it wrote below the fork: those are
 * added to the side as pieces of the common history scanned for its records alone
 * ({@link ForkOpenTransactions}). Threads: none.
 */
final class BranchFork {
    /** Most changed pages a diff or merge reads (8 GiB of pages). */
    static final int MAX_CHANGED_PAGES = 1 << 20;

    /**
     * A piece of one side's history: what {@code timeline} wrote in {@code (from, to]}; with {@code xids}
     * (ascending), only what those transactions wrote.
     */
    record Piece(Timeline timeline, long from, long to, long[] xids) {
    }

    final Timeline common;
    final long forkLsn;
    final List<Piece> sideA;
    final List<Piece> sideB;
    /** The transactions open at the fork that committed on one side only. */
    final ForkOpenTransactions open;

    private BranchFork(final Timeline common, final long forkLsn, final List<Piece> sideA, final List<Piece> sideB,
                       final ForkOpenTransactions open) {
        this.common = common;
        this.forkLsn = forkLsn;
        this.sideA = sideA;
        this.sideB = sideB;
        this.open = open;
    }

    /** Whether the changed pages cannot be bounded (see {@link ForkOpenTransactions}): read every table whole. */
    boolean readAll() {
        return open.readAll;
    }

    private record Link(Timeline timeline, long end) {
    }

    /** The fork of heads {@code (a, headA)} and {@code (b, headB)}; {@code byId} finds an ancestor timeline. */
    static BranchFork of(final Timeline a, final long headA, final Timeline b, final long headB,
                         final Function<TimelineId, Timeline> byId) {
        final List<Link> ca = chain(a, headA, byId);
        final List<Link> cb = chain(b, headB, byId);
        for (int i = 0; i < ca.size(); i++) {
            for (int j = 0; j < cb.size(); j++) {
                if (ca.get(i).timeline().id().equals(cb.get(j).timeline().id())) {
                    final Timeline c = ca.get(i).timeline();
                    final long lA = ca.get(i).end();
                    final long lB = cb.get(j).end();
                    final long fork = Math.min(lA, lB);
                    final ForkOpenTransactions open = ForkOpenTransactions.of(c, fork, a, headA, b, headB, byId);
                    final List<Piece> pa = pieces(ca, i, fork);
                    final List<Piece> pb = pieces(cb, j, fork);
                    for (final Piece p : open.below) {
                        if (open.committedOnA.length > 0) {
                            pa.add(new Piece(p.timeline(), p.from(), p.to(), open.committedOnA));
                        }
                        if (open.committedOnB.length > 0) {
                            pb.add(new Piece(p.timeline(), p.from(), p.to(), open.committedOnB));
                        }
                    }
                    return new BranchFork(c, fork, pa, pb, open);
                }
            }
        }
        throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "the branches have no common ancestor", "a", a.id(),
            "b", b.id());
    }

    private static List<Link> chain(final Timeline t, final long head, final Function<TimelineId, Timeline> byId) {
        final List<Link> out = new ArrayList<>();
        Timeline cur = t;
        long end = head;
        while (cur != null) {
            out.add(new Link(cur, end));
            if (cur.ancestorId() == null) {
                break;
            }
            end = cur.ancestorLsn();
            cur = byId.apply(cur.ancestorId());
        }
        return out;
    }

    private static List<Piece> pieces(final List<Link> chain, final int common, final long fork) {
        final List<Piece> out = new ArrayList<>();
        for (int k = 0; k < common; k++) {
            final Link l = chain.get(k);
            out.add(new Piece(l.timeline(), l.timeline().ancestorLsn(), l.end(), null));
        }
        final Link c = chain.get(common);
        if (c.end() > fork) {
            out.add(new Piece(c.timeline(), fork, c.end(), null));
        }
        return out;
    }

    /**
     * The main-fork heap pages one side changed since the fork, by relation number: page keys as pairs
     * {@code hi, lo}, sorted and distinct.
     */
    static Map<Integer, long[]> changedPages(final List<Piece> side) {
        final Map<Integer, long[]> out = new HashMap<>();
        final Map<Integer, Integer> counts = new HashMap<>();
        int total = 0;
        for (final Piece p : side) {
            final long[] keys = ChangedKeys.of(p.timeline(), PageKey.hi(PageKey.KIND_RELATION, 0, 0), 0L,
                PageKey.hi(PageKey.KIND_CLOG, 0, 0), 0L, p.from(), p.to(), MAX_CHANGED_PAGES,
                p.xids() == null ? null : x -> Arrays.binarySearch(p.xids(), x) >= 0);
            for (int i = 0; i < keys.length; i += 2) {
                final long hi = keys[i];
                final long lo = keys[i + 1];
                if (PageKey.fork(lo) != 0 || PageKey.isSizeKey(hi, lo)) {
                    continue;
                }
                final int rel = PageKey.relation(hi, lo);
                long[] l = out.get(rel);
                final int n = counts.getOrDefault(rel, 0);
                if (l == null) {
                    l = new long[16];
                } else if (2 * n + 2 > l.length) {
                    l = Arrays.copyOf(l, l.length * 2);
                }
                l[2 * n] = hi;
                l[2 * n + 1] = lo;
                out.put(rel, l);
                counts.put(rel, n + 1);
                if (++total > MAX_CHANGED_PAGES) {
                    throw StratumException.of(ErrorCode.OUT_OF_RANGE, "more pages changed since the branch point than a"
                        + " diff reads", "limit", MAX_CHANGED_PAGES);
                }
            }
        }
        for (final Map.Entry<Integer, long[]> e : out.entrySet()) {
            e.setValue(sortUnique(e.getValue(), counts.get(e.getKey())));
        }
        return out;
    }

    /** Both sides' changed pages of each relation, merged. */
    static Map<Integer, long[]> union(final Map<Integer, long[]> a, final Map<Integer, long[]> b) {
        final Map<Integer, long[]> out = new HashMap<>(a);
        for (final Map.Entry<Integer, long[]> e : b.entrySet()) {
            final long[] x = out.get(e.getKey());
            if (x == null) {
                out.put(e.getKey(), e.getValue());
            } else {
                final long[] m = Arrays.copyOf(x, x.length + e.getValue().length);
                System.arraycopy(e.getValue(), 0, m, x.length, e.getValue().length);
                out.put(e.getKey(), sortUnique(m, m.length / 2));
            }
        }
        return out;
    }

    private static long[] sortUnique(final long[] pairs, final int n) {
        final long[][] p = new long[n][];
        for (int i = 0; i < n; i++) {
            p[i] = new long[] {pairs[2 * i], pairs[2 * i + 1]};
        }
        Arrays.sort(p, (x, y) -> PageKey.compare(x[0], x[1], y[0], y[1]));
        final long[] out = new long[2 * n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m > 0 && out[2 * m - 2] == p[i][0] && out[2 * m - 1] == p[i][1]) {
                continue;
            }
            out[2 * m] = p[i][0];
            out[2 * m + 1] = p[i][1];
            m++;
        }
        return Arrays.copyOf(out, 2 * m);
    }
}
