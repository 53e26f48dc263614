package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.stats.TableStats;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * Join order search over up to {@value #MAX_EXHAUSTIVE} items by dynamic programming over subsets
 * (Selinger's, bushy): the cheapest plan of every connected subset from the cheapest plans of its two
 * halves, joined by a hash join (its table built on the smaller side) or, when one half is a single table
 * with an index on the join columns, by an index nested loop into it. Result sizes come from the items'
 * estimated rows and the equivalence classes of the equality edges (a class whose members in a subset have
 * d1 >= d2 >= ... >= dm distinct values keeps 1 / (d1 ... d(m-1)) of the product). Larger lists are joined
 * greedily. The inner sides of semi and anti joins ({@link Semi}) are items after the FROM items: one joins
 * only as the right half of a join whose left half holds every item its conditions read, by a hash semi or
 * anti join (or, unkeyed, a nested loop) or an index nested loop into its single table, and keeps
 * {@link Semi#keep} of the left half's rows; a subset holding one is joined further like any other.
 * Pure computation on the estimates; not thread-safe. Threads: none.
 */
final class JoinOrder {
    static final int MAX_EXHAUSTIVE = 10;
    /** Cost of producing one joined row; the others are {@link JoinPlanner}'s. */
    static final double OUT = 0.3;
    /** Selectivity of a condition over several items that is not an equality. */
    static final double GENERAL = 1.0 / 3;

    /** A member of an equivalence class: an item, the item's column (or -1 for an expression) and its distinct values. */
    record Member(int item, int column, double distinct) {
    }

    /** An index of an item usable for an index nested loop: its key columns, uniqueness. */
    record Index(int item, int ordinal, int[] columns, boolean unique) {
    }

    /**
     * The inner side of a semi or anti join: the items (mask) its conditions read, the share of the outer rows
     * it keeps, and whether it has keys to hash on.
     */
    record Semi(int required, double keep, boolean keyed) {
    }

    /** A node of the chosen plan: a single item (left == right == -1) or a join of two subsets. */
    record Choice(int mask, int left, int right, Index index, double rows, double cost) {
    }

    private final int n;
    private final double[] rows;
    private final double[] baseRows;
    private final double[] accessCost;
    private final List<List<Member>> classes;
    private final List<int[]> generals;
    private final List<Index> indexes;
    private final List<Semi> semis;
    /** Equalities of the semi joins as two-member classes (outer item's column, inner item's): index probes only. */
    private final List<List<Member>> semiKeys;
    private final int regular;
    private final Choice[] best;

    /**
     * @param rows estimated rows of each item after its own filters
     * @param baseRows rows of each item before them (what an index probe meets)
     * @param accessCost cost of reading each item with its filters
     * @param classes equivalence classes of equi-join columns
     * @param generals the items (bit masks, as one-element arrays) each non-equality condition reads
     * @param indexes indexes of the items that are tables
     * @param semis the semi and anti joins' inner sides, the last items
     * @param semiKeys their equalities, each [outer member, inner member]
     */
    JoinOrder(final double[] rows, final double[] baseRows, final double[] accessCost, final List<List<Member>> classes,
              final List<int[]> generals, final List<Index> indexes, final List<Semi> semis, final List<List<Member>> semiKeys) {
        this.n = rows.length;
        this.rows = rows;
        this.baseRows = baseRows;
        this.accessCost = accessCost;
        this.classes = classes;
        this.generals = generals;
        this.indexes = indexes;
        this.semis = semis;
        this.semiKeys = semiKeys;
        this.regular = n - semis.size();
        this.best = new Choice[1 << Math.min(n, MAX_EXHAUSTIVE)];
    }

    /** The estimated rows of a join of the items in {@code mask}. */
    double rows(final int mask) {
        double r = 1;
        for (int i = 0; i < n; i++) {
            if ((mask & (1 << i)) != 0) {
                r *= i < regular ? rows[i] : semis.get(i - regular).keep();
            }
        }
        for (final List<Member> c : classes) {
            final List<Double> d = new ArrayList<>();
            for (final Member m : c) {
                if ((mask & (1 << m.item())) != 0) {
                    d.add(Math.max(1, Math.min(m.distinct(), rows[m.item()])));
                }
            }
            d.sort(null);
            for (int k = 1; k < d.size(); k++) {
                r /= d.get(k);
            }
        }
        for (final int[] g : generals) {
            if ((mask & g[0]) == g[0]) {
                r *= GENERAL;
            }
        }
        return Math.max(1, r);
    }

    private boolean connected(final int a, final int b) {
        for (final List<Member> c : classes) {
            boolean inA = false;
            boolean inB = false;
            for (final Member m : c) {
                inA |= (a & (1 << m.item())) != 0;
                inB |= (b & (1 << m.item())) != 0;
            }
            if (inA && inB) {
                return true;
            }
        }
        return false;
    }

    /** The cheapest plan of all items, or null past {@value #MAX_EXHAUSTIVE} items. */
    Choice search() {
        final int all = (1 << n) - 1;
        if (n > MAX_EXHAUSTIVE) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            best[1 << i] = new Choice(1 << i, -1, -1, null, rows[i], accessCost[i]);
        }
        for (int mask = 1; mask <= all; mask++) {
            if (Integer.bitCount(mask) < 2) {
                continue;
            }
            final double out = rows(mask);
            Choice bestHere = null;
            for (int pass = 0; pass < 2 && bestHere == null; pass++) {
                // pass 0: connected halves only; pass 1 (none connected): cross products too
                for (int sub = (mask - 1) & mask; sub > 0; sub = (sub - 1) & mask) {
                    final int rest = mask ^ sub;
                    final Choice l = best[sub];
                    final Choice r = best[rest];
                    final boolean semi = semi(rest) >= 0;
                    if (l == null || r == null || semi(sub) >= 0 || semi && (semis.get(semi(rest)).required() & ~sub) != 0
                        || (pass == 0 && !semi && !connected(sub, rest))) {
                        continue;
                    }
                    Choice c = join(mask, l, r, out, pass == 0);
                    if (bestHere == null || c.cost() < bestHere.cost()) {
                        bestHere = c;
                    }
                }
            }
            best[mask] = bestHere;
        }
        return best[all];
    }

    /** The semi join whose inner side is the single item of {@code mask}, or -1. */
    int semi(final int mask) {
        final int k = Integer.numberOfTrailingZeros(mask);
        return Integer.bitCount(mask) == 1 && k >= regular ? k - regular : -1;
    }

    /** The cheaper of a hash join (or, unconnected, a nested loop) and an index nested loop into {@code r}. */
    private Choice join(final int mask, final Choice l, final Choice r, final double out, final boolean connected) {
        final int s = semi(r.mask());
        if (s >= 0) {
            return semiJoin(mask, l, r, out, semis.get(s));
        }
        double cost = l.cost() + r.cost() + OUT * out + (connected
            ? JoinPlanner.BUILD * Math.min(l.rows(), r.rows()) + JoinPlanner.HASH_PROBE * Math.max(l.rows(), r.rows())
            : 0.1 * l.rows() * r.rows());
        Choice c = new Choice(mask, l.mask(), r.mask(), null, out, cost);
        if (connected && Integer.bitCount(r.mask()) == 1) {
            final int k = Integer.numberOfTrailingZeros(r.mask());
            for (final Index ix : indexes) {
                if (ix.item() != k) {
                    continue;
                }
                final double perProbe = probeRows(ix, l.mask());
                if (perProbe < 0) {
                    continue;
                }
                final double inl = l.cost() + l.rows() * (JoinPlanner.PROBE + perProbe * JoinPlanner.FETCH) + OUT * out;
                if (inl < c.cost()) {
                    c = new Choice(mask, l.mask(), r.mask(), ix, out, inl);
                }
            }
        }
        return c;
    }

    /** A semi or anti join into {@code r}: hashed (or a nested loop without keys), or an index nested loop. */
    private Choice semiJoin(final int mask, final Choice l, final Choice r, final double out, final Semi s) {
        final double cost = l.cost() + r.cost() + OUT * out + (s.keyed()
            ? JoinPlanner.BUILD * r.rows() + JoinPlanner.HASH_PROBE * l.rows() : 0.1 * l.rows() * r.rows());
        Choice c = new Choice(mask, l.mask(), r.mask(), null, out, cost);
        final int k = Integer.numberOfTrailingZeros(r.mask());
        for (final Index ix : indexes) {
            final double perProbe = ix.item() == k ? probeRows(ix, l.mask()) : -1;
            if (perProbe < 0) {
                continue;
            }
            // a probe stops at the first row that passes the inner side's own filters
            final double fetched = Math.min(perProbe, Math.max(1, baseRows[k] / Math.max(1, rows[k])));
            final double inl = l.cost() + l.rows() * (JoinPlanner.PROBE + fetched * JoinPlanner.FETCH) + OUT * out;
            if (inl < c.cost()) {
                c = new Choice(mask, l.mask(), r.mask(), ix, out, inl);
            }
        }
        return c;
    }

    /**
     * Rows one probe of {@code ix} meets when the outer side {@code outer} gives values for a prefix of its
     * columns (through equivalence classes), or -1 when it gives none for the first.
     */
    double probeRows(final Index ix, final int outer) {
        double per = baseRows[ix.item()];
        int matched = 0;
        for (final int col : ix.columns()) {
            final Member m = member(ix.item(), col, outer);
            if (m == null) {
                break;
            }
            matched++;
            per /= Math.max(1, Math.min(m.distinct(), baseRows[ix.item()]));
        }
        if (matched == 0) {
            return -1;
        }
        return Math.max(ix.unique() && matched == ix.columns().length ? Math.min(1, per) : per, 1e-3);
    }

    /** The member (item, column) of a class that also has a member in {@code outer}, or null. */
    Member member(final int item, final int column, final int outer) {
        for (final List<Member> c : item < regular ? classes : semiKeys) {
            Member self = null;
            boolean other = false;
            for (final Member m : c) {
                if (m.item() == item && m.column() == column) {
                    self = m;
                }
                other |= (outer & (1 << m.item())) != 0;
            }
            if (self != null && other) {
                return self;
            }
        }
        return null;
    }

    /** ANALYZE's row count, else the heap's blocks times the rows a block holds at the columns' typical widths. */
    static double tableRows(final TableDef t, final TableStats stats, final BindContext.TableEstimates estimates) {
        if (stats != null) {
            return Math.max(1, stats.rows());
        }
        if (estimates == null) {
            return 1000;
        }
        int width = 28;
        for (final io.stratum.compute.catalog.ColumnDef c : t.columns()) {
            final PgType ty = c.type();
            width += ty == PgType.INT2 || ty == PgType.BOOL ? 2 : ty == PgType.INT4 || ty == PgType.DATE
                || ty == PgType.FLOAT4 ? 4 : ty == PgType.INT8 || ty == PgType.FLOAT8 ? 8 : 24;
        }
        return Math.max(1, estimates.blocks(t)) * Math.max(1, 8000 / width);
    }

    /** The choice made for a subset (after {@link #search}). */
    Choice choice(final int mask) {
        return best[mask];
    }
}
