package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.stats.TableStats;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * Join order search over up to {@value #MAX_EXHAUSTIVE} items by dynamic programming over subsets
 * (Selinger's, bushy): the cheapest plan of every connected subset from the cheapest plans of its two
 * halves, joined by a hash join (its table built on the smaller side), by a merge join (each half sorted on
 * the keys, or read in their order through an index on the key column, or already in that order), or, when one
 * half is a single table with an index on the join columns, by an index nested loop into it. Besides the cheapest
 * plan of a subset it keeps the cheapest ascending on the class ORDER BY asks for, and the cheapest so with no sort
 * below (under a LIMIT only its first rows are read): {@link #top} takes one of those when it costs less than the
 * cheapest plan and a sort. A join method turned off (enable_hashjoin ...) costs {@link #DISABLED} more. Result sizes come from the items'
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

    /**
     * A node of the chosen plan: a single item (left == right == -1) or a join of two subsets. A merge join has
     * {@code merge} >= 0: its first key's class (all the classes between the halves are keys when {@code allKeys},
     * else that one only); {@code lslot} and {@code rslot} name the halves' plans ({@link #SLOT_ANY} ...,
     * {@link #SLOT_INDEX}: a single item read in the merge key's order by an index), {@code lsort} and {@code rsort}
     * whether a half is sorted for it. {@code order}: the class the output ascends on (or -1), {@code stream} whether
     * it does so without a sort below (a LIMIT then reads only a part).
     */
    record Choice(int mask, int left, int right, Index index, double rows, double cost, int merge, boolean allKeys,
                  int lslot, int rslot, boolean lsort, boolean rsort, int order, boolean stream) {
        Choice(final int mask, final int left, final int right, final Index index, final double rows, final double cost) {
            this(mask, left, right, index, rows, cost, -1, false, SLOT_ANY, SLOT_ANY, false, false, -1, false);
        }

        /** A single item read through an index in class {@code cls}'s order. */
        Choice ordered(final int cls) {
            return new Choice(mask, left, right, index, rows, cost, merge, allKeys, lslot, rslot, lsort, rsort, cls, true);
        }
    }

    /** Plans kept per subset: the cheapest; the cheapest in the wanted order; the cheapest in it with no sort below. */
    static final int SLOT_ANY = 0;
    static final int SLOT_ORDERED = 1;
    static final int SLOT_STREAM = 2;
    /** A single item read through an index in the order of the merge join above it. */
    static final int SLOT_INDEX = 3;

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
    private final Choice[][] best;
    /** Cost of reading each item in the order of each class through an index (or -1): see {@link #orders}. */
    private double[][] orderedCost;
    private int wanted = -1;
    private double limit = -1;
    private boolean hashJoins = true;
    private boolean mergeJoins = true;
    private boolean nestLoops = true;

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
        this.best = new Choice[1 << Math.min(n, MAX_EXHAUSTIVE)][3];
        this.orderedCost = new double[n][classes.size()];
        for (final double[] o : orderedCost) {
            java.util.Arrays.fill(o, -1);
        }
    }

    /**
     * The orders the search knows: {@code ordered[item][class]} the cost of reading the item ascending on its member
     * of the class through an index (-1: no such index), {@code wanted} the class ORDER BY asks for (-1: none, or
     * no class) and {@code limit} its LIMIT (-1: none).
     */
    void orders(final double[][] ordered, final int wantedClass, final double limitRows) {
        this.orderedCost = ordered;
        this.wanted = wantedClass;
        this.limit = limitRows;
    }

    /** The join methods enabled (enable_hashjoin ...): a disabled one costs {@link #DISABLED} more, as PostgreSQL's. */
    void methods(final boolean hash, final boolean merge, final boolean nestLoop) {
        this.hashJoins = hash;
        this.mergeJoins = merge;
        this.nestLoops = nestLoop;
    }

    /** PostgreSQL's disable_cost. */
    static final double DISABLED = 1.0e10;
    /** Cost of a sort per row and per comparison (log2 of the rows), of a merge join per input row and per inner row. */
    static final double SORT_ROW = 1.0;
    static final double SORT_CMP = 0.1;
    static final double MERGE = 0.2;
    static final double MERGE_GROUP = 0.05;

    static double sortCost(final double rows) {
        return rows * (SORT_ROW + SORT_CMP * (Math.log(Math.max(2, rows)) / Math.log(2)));
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
            if (connected(a, b, c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean connected(final int a, final int b, final List<Member> c) {
        boolean inA = false;
        boolean inB = false;
        for (final Member m : c) {
            inA |= (a & (1 << m.item())) != 0;
            inB |= (b & (1 << m.item())) != 0;
        }
        return inA && inB;
    }

    /** The cheapest plan of every subset in each slot (null past {@value #MAX_EXHAUSTIVE} items); then {@link #top}. */
    Choice search() {
        final int all = (1 << n) - 1;
        if (n > MAX_EXHAUSTIVE) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            best[1 << i][SLOT_ANY] = new Choice(1 << i, -1, -1, null, rows[i], accessCost[i]);
            if (wanted >= 0 && i < regular && orderedCost[i][wanted] >= 0) {
                best[1 << i][SLOT_ORDERED] = new Choice(1 << i, -1, -1, null, rows[i], orderedCost[i][wanted]).ordered(wanted);
                best[1 << i][SLOT_STREAM] = best[1 << i][SLOT_ORDERED];
            }
        }
        for (int mask = 1; mask <= all; mask++) {
            if (Integer.bitCount(mask) < 2) {
                continue;
            }
            final double out = rows(mask);
            final Choice[] here = best[mask];
            for (int pass = 0; pass < 2 && here[SLOT_ANY] == null; pass++) {
                // pass 0: connected halves only; pass 1 (none connected): cross products too
                for (int sub = (mask - 1) & mask; sub > 0; sub = (sub - 1) & mask) {
                    final int rest = mask ^ sub;
                    final Choice l = best[sub][SLOT_ANY];
                    final Choice r = best[rest][SLOT_ANY];
                    final boolean semi = semi(rest) >= 0;
                    if (l == null || r == null || semi(sub) >= 0 || semi && (semis.get(semi(rest)).required() & ~sub) != 0
                        || (pass == 0 && !semi && !connected(sub, rest))) {
                        continue;
                    }
                    join(mask, sub, rest, out, pass == 0, here);
                }
            }
        }
        return best[all][SLOT_ANY];
    }

    /**
     * The plan of all items (after {@link #search}): the cheapest, or, under an ORDER BY of a class, the cheapest in its
     * order when that costs less than the cheapest and a sort of its rows (only a part of it read under a LIMIT, when
     * no sort is below).
     */
    Choice top() {
        final Choice any = best[(1 << n) - 1][SLOT_ANY];
        if (wanted < 0 || any == null) {
            return any;
        }
        // a LIMIT of unknown size reads a tenth, as PostgreSQL guesses
        final double limit = Double.isNaN(this.limit) ? Math.max(1, 0.1 * any.rows()) : this.limit;
        Choice pick = any;
        double cost = any.cost() + (limit >= 0 ? any.rows() * (SORT_ROW + SORT_CMP * Math.log(Math.max(2, limit)) / Math.log(2))
            : sortCost(any.rows()));
        final Choice ordered = best[(1 << n) - 1][SLOT_ORDERED];
        if (ordered != null && ordered.cost() < cost) {
            pick = ordered;
            cost = ordered.cost();
        }
        final Choice stream = best[(1 << n) - 1][SLOT_STREAM];
        if (stream != null && (limit >= 0 ? stream.cost() * Math.min(1, Math.max(1, limit) / stream.rows()) : stream.cost()) < cost) {
            pick = stream;
        }
        return pick;
    }

    /** Whether the plan {@link #top} chose returns its rows in the wanted order. */
    boolean ordered(final Choice c) {
        return wanted >= 0 && c.order() == wanted;
    }

    private void offer(final Choice[] here, final Choice c) {
        if (here[SLOT_ANY] == null || c.cost() < here[SLOT_ANY].cost()) {
            here[SLOT_ANY] = c;
        }
        if (wanted >= 0 && c.order() == wanted) {
            if (here[SLOT_ORDERED] == null || c.cost() < here[SLOT_ORDERED].cost()) {
                here[SLOT_ORDERED] = c;
            }
            if (c.stream() && (here[SLOT_STREAM] == null || c.cost() < here[SLOT_STREAM].cost())) {
                here[SLOT_STREAM] = c;
            }
        }
    }

    /** The semi join whose inner side is the single item of {@code mask}, or -1. */
    int semi(final int mask) {
        final int k = Integer.numberOfTrailingZeros(mask);
        return Integer.bitCount(mask) == 1 && k >= regular ? k - regular : -1;
    }

    /**
     * Offers the joins of halves {@code sub} and {@code rest}: a hash join (or, unconnected, a nested loop), an index
     * nested loop into {@code rest} when it is a single table (keeping its outer half's order), and merge joins.
     */
    private void join(final int mask, final int sub, final int rest, final double out, final boolean connected,
                      final Choice[] here) {
        final Choice l = best[sub][SLOT_ANY];
        final Choice r = best[rest][SLOT_ANY];
        final int s = semi(rest);
        if (s >= 0) {
            offer(here, semiJoin(mask, l, r, out, semis.get(s)));
            return;
        }
        offer(here, new Choice(mask, sub, rest, null, out, l.cost() + r.cost() + OUT * out + (connected
            ? JoinPlanner.BUILD * Math.min(l.rows(), r.rows()) + JoinPlanner.HASH_PROBE * Math.max(l.rows(), r.rows())
                + (hashJoins ? 0 : DISABLED)
            : 0.1 * l.rows() * r.rows() + (nestLoops ? 0 : DISABLED))));
        if (!connected) {
            return;
        }
        if (Integer.bitCount(rest) == 1) {
            final int k = Integer.numberOfTrailingZeros(rest);
            for (final Index ix : indexes) {
                final double perProbe = ix.item() == k ? probeRows(ix, sub) : -1;
                if (perProbe < 0) {
                    continue;
                }
                for (int slot = SLOT_ANY; slot <= SLOT_STREAM; slot++) {
                    final Choice ls = best[sub][slot];
                    if (ls != null) {
                        final double inl = ls.cost() + ls.rows() * (JoinPlanner.PROBE + perProbe * JoinPlanner.FETCH) + OUT * out
                            + (nestLoops ? 0 : DISABLED);
                        offer(here, new Choice(mask, sub, rest, ix, out, inl, -1, false, slot, SLOT_ANY, false, false,
                            ls.order(), ls.stream()));
                    }
                }
            }
        }
        merges(mask, sub, rest, out, here);
    }

    /** A way to give a merge join one half in its key's order: the half's plan (slot), its cost, whether sorted. */
    private record Half(int slot, double cost, boolean sort, boolean stream) {
    }

    /** The halves' ways into a merge join on class {@code c}: sorted, read through an index, or already in order. */
    private List<Half> halves(final int h, final int c) {
        final List<Half> out = new ArrayList<>();
        final Choice any = best[h][SLOT_ANY];
        out.add(new Half(SLOT_ANY, any.cost() + sortCost(any.rows()), true, false));
        final int k = Integer.numberOfTrailingZeros(h);
        if (Integer.bitCount(h) == 1) {
            if (k < regular && orderedCost[k][c] >= 0) {
                out.add(new Half(SLOT_INDEX, orderedCost[k][c], false, true));
            }
        } else if (c == wanted) {
            for (int slot = SLOT_ORDERED; slot <= SLOT_STREAM; slot++) {
                if (best[h][slot] != null) {
                    out.add(new Half(slot, best[h][slot].cost(), false, best[h][slot].stream()));
                }
            }
        }
        return out;
    }

    /**
     * Merge joins of two halves: on every class between them with both halves sorted, and on each one class alone
     * with a half (or both) already in its order; the output ascends on the first key's class.
     */
    private void merges(final int mask, final int sub, final int rest, final double out, final Choice[] here) {
        final List<Integer> between = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            if (connected(sub, rest, classes.get(c))) {
                between.add(c);
            }
        }
        if (between.isEmpty()) {
            return;
        }
        final Choice l = best[sub][SLOT_ANY];
        final Choice r = best[rest][SLOT_ANY];
        // the inner (right) rows are held in groups as well: the larger input goes outer
        final double merge = MERGE * l.rows() + (MERGE + MERGE_GROUP) * r.rows() + OUT * out + (mergeJoins ? 0 : DISABLED);
        final int first = between.contains(wanted) ? wanted : between.get(0);
        offer(here, new Choice(mask, sub, rest, null, out, l.cost() + sortCost(l.rows()) + r.cost() + sortCost(r.rows()) + merge,
            first, true, SLOT_ANY, SLOT_ANY, true, true, first, false));
        for (final int c : between) {
            for (final Half a : halves(sub, c)) {
                for (final Half z : halves(rest, c)) {
                    if (!a.sort() || !z.sort()) {
                        offer(here, new Choice(mask, sub, rest, null, out, a.cost() + z.cost() + merge, c, false, a.slot(),
                            z.slot(), a.sort(), z.sort(), c, a.stream() && z.stream()));
                    }
                }
            }
        }
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

    /** The choice made for a subset in a slot (after {@link #search}). */
    Choice choice(final int mask, final int slot) {
        return best[mask][slot];
    }
}
