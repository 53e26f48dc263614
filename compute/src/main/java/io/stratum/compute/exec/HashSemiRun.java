package io.stratum.compute.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One execution of a {@link SemiJoins.Hash} semi or anti join within {@code work_mem * hash_mem_multiplier}
 * (2.0), batched on disk beyond it as {@link HashJoinRun} is (the batches are {@link HashBatches}'). The inner side's keys (its rows, when there is a join
 * filter) collect in memory; past the budget every inner key (or row) and then every outer row goes to one of
 * {@value GroupBatches#PARTITIONS} batch files by the key's hash, and each batch is done on its own (split again by
 * the next bits of the hash, up to {@value GroupBatches#MAX_DEPTH} levels, then in memory under the statement's
 * limit). An outer row with a NULL key matches nothing: a semi join drops it, an anti join returns it, a
 * null-aware anti join ({@code NOT IN}) returns it only when the inner side is empty, and returns nothing at all
 * when the inner side has a NULL key. Rows come out batch by batch. Spills only when every column of both inputs
 * has a type {@link SpillCodec} writes. Confined to its thread. Threads: none.
 */
final class HashSemiRun extends HashBatches {
    private final SemiJoins.Hash j;

    private Set<SortNodes.RowKey> keys;
    private Map<SortNodes.RowKey, List<Object[]>> rows;
    private long held;
    private long innerRows;
    private boolean innerNull;

    HashSemiRun(final SemiJoins.Hash j, final ExecContext cx) {
        super(cx, "A semi or anti join", both(j));
        this.j = j;
    }

    private static List<OutCol> both(final SemiJoins.Hash j) {
        final List<OutCol> c = new ArrayList<>(j.left.columns());
        c.addAll(j.right.columns());
        return c;
    }

    HashSemiRun start() {
        start(j.right, j.left);
        return this;
    }

    /** x NOT IN (... NULL ...) is never true. */
    @Override
    boolean outerNeeded() {
        return !(j.nullAware && innerNull);
    }

    private SortNodes.RowKey key(final Expr[] exprs, final Object[] row) {
        final Object[] k = new Object[exprs.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = exprs[i].eval(row, cx);
            if (k[i] == null) {
                return null;
            }
        }
        return new SortNodes.RowKey(k);
    }

    /**
     * Collects the inner keys (or rows, with a join filter). Without a join filter the batch files hold keys
     * ({@code fromFile} then reads them as such), with one whole rows.
     */
    @Override
    SpillFile[] load(final Supplier<Object[]> in, final boolean fromFile, final int depth) {
        keys = j.residual == null ? new HashSet<>() : null;
        rows = j.residual == null ? null : new HashMap<>();
        SpillFile[] parts = null;
        try {
            Object[] r;
            while ((r = in.get()) != null) {
                cx.check();
                final SortNodes.RowKey k = fromFile && keys != null ? new SortNodes.RowKey(r) : key(j.rightKeys, r);
                if (!fromFile) {
                    innerRows++;
                }
                if (k == null) {
                    innerNull = true; // matches nothing
                    continue;
                }
                if (parts != null) {
                    write(parts, GroupBatches.partition(k.hashCode(), depth), keys != null ? k.values : r);
                    continue;
                }
                if (keys != null) {
                    if (keys.add(k)) {
                        final long est = ExecContext.estimate(k.values) + 32;
                        cx.reserve(est);
                        held += est;
                    }
                } else {
                    final long est = ExecContext.estimate(r);
                    cx.reserve(est);
                    held += est;
                    rows.computeIfAbsent(k, x -> new ArrayList<>(2)).add(r);
                }
                if (held > memory && spillable && depth < GroupBatches.MAX_DEPTH) {
                    parts = new SpillFile[P];
                    if (keys != null) {
                        for (final SortNodes.RowKey kept : keys) {
                            write(parts, GroupBatches.partition(kept.hashCode(), depth), kept.values);
                        }
                        keys = new HashSet<>();
                    } else {
                        for (final Map.Entry<SortNodes.RowKey, List<Object[]>> e : rows.entrySet()) {
                            for (final Object[] kept : e.getValue()) {
                                write(parts, GroupBatches.partition(e.getKey().hashCode(), depth), kept);
                            }
                        }
                        rows = new HashMap<>();
                    }
                    cx.release(held);
                    held = 0;
                }
            }
            if (parts != null) {
                flush(parts);
            }
            return parts;
        } catch (final RuntimeException | Error e) {
            SpillFile.closeAll(parts);
            throw e;
        }
    }

    /**
     * A NULL outer key matches nothing: only a plain anti join returns such a row (batch 0 finds no match for
     * it); a null-aware one has a non-empty inner side here.
     */
    @Override
    void split(final Supplier<Object[]> in, final SpillFile[] parts, final int depth) {
        try {
            Object[] r;
            while ((r = in.get()) != null) {
                cx.check();
                final SortNodes.RowKey k = key(j.leftKeys, r);
                if (k != null) {
                    write(parts, GroupBatches.partition(k.hashCode(), depth), r);
                } else if (j.anti && !j.nullAware) {
                    write(parts, 0, r);
                }
            }
            flush(parts);
        } catch (final RuntimeException | Error e) {
            SpillFile.closeAll(parts);
            throw e;
        }
    }

    /** Outer rows are what comes out; a semi join's need inner rows too. */
    @Override
    boolean wanted(final SpillFile inner, final SpillFile outer) {
        return outer != null && (inner != null || j.anti);
    }

    @Override
    void release() {
        cx.release(held);
        held = 0;
        keys = null;
        rows = null;
    }

    @Override
    public Object[] next() {
        while (true) {
            if (outerIn == null && !nextBatch()) {
                return null;
            }
            final Object[] l = outerIn.get();
            if (l == null) {
                endBatch();
                continue;
            }
            cx.check();
            final SortNodes.RowKey k = key(j.leftKeys, l);
            final boolean keep;
            if (j.nullAware) {
                keep = innerRows == 0 || k != null && !keys.contains(k);
            } else {
                final boolean found = k != null && (keys != null ? keys.contains(k)
                    : rows.containsKey(k) && j.anyPasses(l, PlanNode.listCursor(rows.get(k)), cx));
                keep = found != j.anti;
            }
            if (keep) {
                return l;
            }
        }
    }
}
