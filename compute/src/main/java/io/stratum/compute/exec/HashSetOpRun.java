package io.stratum.compute.exec;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One execution of INTERSECT [ALL] or EXCEPT [ALL] by hashing, within {@code work_mem * hash_mem_multiplier} (2.0):
 * the right input's rows are counted in memory, then the left input's rows stream past the counts. When the
 * counts pass the budget, every right row (those counted, as many times as counted, and the rest) goes to one of
 * {@value GroupBatches#PARTITIONS} partition files by its hash, and so does every left row; equal rows share a
 * partition, so each pair of partitions is then done the same way on its own (split again by the next bits of the
 * hash, up to {@value GroupBatches#MAX_DEPTH} levels, then in memory under the statement's limit). Rows come out
 * partition by partition, in left input order within each. The rows returned for the left side's distinct rows
 * (INTERSECT, EXCEPT) are remembered under the statement's limit, not spilled. Spills only when every column has
 * a type {@link SpillCodec} writes (the batches are {@link HashBatches}'). Confined to its thread. Threads: none.
 */
final class HashSetOpRun extends HashBatches {
    private final boolean intersect;
    private final boolean all;
    private final SortNodes.SetOp op;

    private Map<SortNodes.RowKey, int[]> counts;
    private HashSet<SortNodes.RowKey> emitted;
    private long held;

    HashSetOpRun(final SortNodes.SetOp op, final ExecContext cx) {
        super(cx, "A set operation", op.columns());
        this.op = op;
        this.intersect = op.kind.equals("INTERSECT");
        this.all = op.all;
    }

    HashSetOpRun start() {
        start(op.right, op.left);
        return this;
    }

    /** Counts the right rows; their partition files when the counts pass the budget. */
    @Override
    SpillFile[] load(final Supplier<Object[]> in, final boolean fromFile, final int depth) {
        counts = new HashMap<>();
        emitted = new HashSet<>();
        SpillFile[] parts = null;
        try {
            Object[] r;
            while ((r = in.get()) != null) {
                cx.check();
                final SortNodes.RowKey k = new SortNodes.RowKey(r);
                if (parts != null) {
                    write(parts, GroupBatches.partition(k.hashCode(), depth), r);
                    continue;
                }
                int[] c = counts.get(k);
                if (c == null) {
                    final long est = ExecContext.estimate(r);
                    cx.reserve(est);
                    held += est;
                    c = new int[1];
                    counts.put(k, c);
                }
                c[0]++;
                if (held > memory && spillable && depth < GroupBatches.MAX_DEPTH) {
                    parts = new SpillFile[P];
                    for (final Map.Entry<SortNodes.RowKey, int[]> e : counts.entrySet()) {
                        final int p = GroupBatches.partition(e.getKey().hashCode(), depth);
                        for (int i = 0; i < e.getValue()[0]; i++) {
                            write(parts, p, e.getKey().values);
                        }
                    }
                    counts = new HashMap<>();
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
                write(parts, GroupBatches.partition(new SortNodes.RowKey(r).hashCode(), depth), r);
            }
            flush(parts);
        } catch (final RuntimeException | Error e) {
            SpillFile.closeAll(parts);
            throw e;
        }
    }

    /** Only left rows come out of INTERSECT and EXCEPT; INTERSECT needs right rows too. */
    @Override
    boolean wanted(final SpillFile inner, final SpillFile outer) {
        return outer != null && (inner != null || !intersect);
    }

    @Override
    void release() {
        cx.release(held);
        held = 0;
        counts = null;
        emitted = null;
    }

    @Override
    public Object[] next() {
        while (true) {
            if (outerIn == null && !nextBatch()) {
                return null;
            }
            final Object[] r = outerIn.get();
            if (r == null) {
                endBatch();
                continue;
            }
            cx.check();
            final SortNodes.RowKey k = new SortNodes.RowKey(r);
            final int[] c = counts.get(k);
            final boolean inRight = c != null && c[0] > 0;
            if (intersect) {
                if (inRight && (all ? c[0]-- > 0 : remember(k))) {
                    return r;
                }
            } else if (inRight && all) {
                c[0]--;
            } else if (!inRight && (all || remember(k))) {
                return r;
            }
        }
    }

    /** True the first time a left row is returned (INTERSECT, EXCEPT without ALL). */
    private boolean remember(final SortNodes.RowKey k) {
        if (!emitted.add(k)) {
            return false;
        }
        final long est = ExecContext.estimate(k.values) + 32;
        cx.reserve(est);
        held += est;
        return true;
    }
}
