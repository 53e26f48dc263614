package io.stratum.compute.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One execution of a {@link Joins.Hash} join within {@code work_mem * hash_mem_multiplier} (2.0, PostgreSQL 15's
 * default), spilling as PostgreSQL's Grace hash join does. The inner (right) rows collect in memory; when
 * their estimated size passes the budget, every inner row, those already held and the rest, goes to one of
 * {@value GroupBatches#PARTITIONS} batch files by its key's hash, and then so does every outer (left) row, so
 * that a key's rows on both sides land in the same batch. Each batch is then joined in memory: its inner rows
 * make the hash table and its outer rows probe it; a batch whose inner rows pass the budget again is split by
 * the next bits of the hash, up to {@value GroupBatches#MAX_DEPTH} levels, then joined in memory under the
 * statement's limit (53200 past it). Rows with a NULL key match nothing; they go to batch 0, so an outer join
 * still returns them. Unmatched inner rows of a RIGHT or FULL join are returned after their batch's outer rows.
 * The join spills only when every column of both inputs has a type {@link SpillCodec} writes; otherwise it stays
 * in memory under the statement's limit. Rows come out batch by batch, which is an order SQL does not promise.
 * {@code EXPLAIN ANALYZE} notes {@code Batches}, {@code Memory Usage} and {@code Disk Usage}. The batch queue and
 * files are {@link HashBatches}'. Confined to its
 * thread; its files are deleted when their batch is done, on {@link #close()}, or by the statement's end.
 * Threads: none.
 */
final class HashJoinRun extends HashBatches {
    private final Joins.Hash j;
    private final int lw;
    private final int rw;

    private List<Object[]> rightRows = new ArrayList<>();
    private Map<SortNodes.RowKey, List<Integer>> table;
    private boolean[] matchedRight;
    private long held;
    private long peak;

    private Object[] l;
    private List<Integer> bucket;
    private int bi;
    private boolean lMatched;
    private boolean leftDone;
    private int tail;

    HashJoinRun(final Joins.Hash j, final ExecContext cx) {
        super(cx, "Hash join", j.columns());
        this.j = j;
        this.lw = j.left.columns().size();
        this.rw = j.right.columns().size();
    }

    /** Reads the inner side (and, when it spills, partitions the outer side); then rows can be read. */
    HashJoinRun start() {
        start(j.right, j.left);
        return this;
    }

    private SortNodes.RowKey key(final List<Expr> keys, final Object[] row) {
        final Object[] k = new Object[keys.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = keys.get(i).eval(row, cx);
            if (k[i] == null) {
                return null;
            }
        }
        return new SortNodes.RowKey(k);
    }

    private int batchOf(final List<Expr> keys, final Object[] row, final int depth) {
        final SortNodes.RowKey k = key(keys, row);
        return k == null ? 0 : GroupBatches.partition(k.hashCode(), depth);
    }

    @Override
    SpillFile[] load(final Supplier<Object[]> in, final boolean fromFile, final int depth) {
        SpillFile[] parts = null;
        try {
            Object[] r;
            while ((r = in.get()) != null) {
                cx.check();
                if (parts != null) {
                    write(parts, batchOf(j.rightKeys, r, depth), r);
                    continue;
                }
                final long est = ExecContext.estimate(r);
                cx.reserve(est);
                held += est;
                rightRows.add(r);
                if (held > memory && spillable && depth < GroupBatches.MAX_DEPTH) {
                    peak = Math.max(peak, held);
                    parts = new SpillFile[P];
                    for (final Object[] kept : rightRows) {
                        write(parts, batchOf(j.rightKeys, kept, depth), kept);
                    }
                    rightRows = new ArrayList<>();
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

    @Override
    void split(final Supplier<Object[]> in, final SpillFile[] parts, final int depth) {
        try {
            Object[] r;
            while ((r = in.get()) != null) {
                cx.check();
                write(parts, batchOf(j.leftKeys, r, depth), r);
            }
            flush(parts);
        } catch (final RuntimeException | Error e) {
            SpillFile.closeAll(parts);
            throw e;
        }
    }

    /** An inner join needs both sides of a batch; an outer join its own side. */
    @Override
    boolean wanted(final SpillFile rf, final SpillFile lf) {
        final boolean keepLeft = j.kind == Joins.Kind.LEFT || j.kind == Joins.Kind.FULL;
        final boolean keepRight = j.kind == Joins.Kind.RIGHT || j.kind == Joins.Kind.FULL;
        return rf != null && (lf != null || keepRight) || lf != null && keepLeft;
    }

    /** Makes the hash table of the batch's inner rows. */
    @Override
    void begin() {
        table = new HashMap<>();
        for (int i = 0; i < rightRows.size(); i++) {
            final SortNodes.RowKey k = key(j.rightKeys, rightRows.get(i));
            if (k != null) {
                table.computeIfAbsent(k, x -> new ArrayList<>(2)).add(i);
            }
        }
        peak = Math.max(peak, held);
        matchedRight = j.kind == Joins.Kind.RIGHT || j.kind == Joins.Kind.FULL ? new boolean[rightRows.size()] : null;
        leftDone = false;
        tail = -1;
        l = null;
    }

    @Override
    void release() {
        cx.release(held);
        held = 0;
        rightRows = new ArrayList<>();
        table = null;
        matchedRight = null;
    }

    @Override
    void note() {
        if (cx.instrument() != null) {
            cx.instrument().note(j, "Batches: " + batches + "  Memory Usage: " + (peak + 1023) / 1024 + "kB"
                + (diskBytes > 0 ? "  Disk Usage: " + (diskBytes + 1023) / 1024 + "kB" : ""));
        }
    }

    @Override
    public Object[] next() {
        while (true) {
            if (outerIn == null && !nextBatch()) {
                return null;
            }
            if (leftDone) {
                if (matchedRight != null) {
                    while (++tail < rightRows.size()) {
                        if (!matchedRight[tail]) {
                            return Joins.concat(null, rightRows.get(tail), lw, rw);
                        }
                    }
                }
                endBatch();
                continue;
            }
            if (l == null) {
                l = outerIn.get();
                if (l == null) {
                    leftDone = true;
                    continue;
                }
                cx.check();
                final SortNodes.RowKey k = key(j.leftKeys, l);
                bucket = k == null ? null : table.get(k);
                bi = 0;
                lMatched = false;
            }
            while (bucket != null && bi < bucket.size()) {
                final int idx = bucket.get(bi++);
                final Object[] row = Joins.concat(l, rightRows.get(idx), lw, rw);
                if (j.residual == null || Boolean.TRUE.equals(j.residual.eval(row, cx))) {
                    lMatched = true;
                    if (matchedRight != null) {
                        matchedRight[idx] = true;
                    }
                    return row;
                }
            }
            final Object[] done = l;
            l = null;
            if (!lMatched && (j.kind == Joins.Kind.LEFT || j.kind == Joins.Kind.FULL)) {
                return Joins.concat(done, null, lw, rw);
            }
        }
    }
}
