package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One execution of a {@link SemiJoins.Hash} semi or anti join within {@code work_mem * hash_mem_multiplier}
 * (2.0), batched on disk beyond it as {@link HashJoinRun} is. The inner side's keys (its rows, when there is a join
 * filter) collect in memory; past the budget every inner key (or row) and then every outer row goes to one of
 * {@value GroupBatches#PARTITIONS} batch files by the key's hash, and each batch is done on its own (split again by
 * the next bits of the hash, up to {@value GroupBatches#MAX_DEPTH} levels, then in memory under the statement's
 * limit). An outer row with a NULL key matches nothing: a semi join drops it, an anti join returns it, a
 * null-aware anti join ({@code NOT IN}) returns it only when the inner side is empty, and returns nothing at all
 * when the inner side has a NULL key. Rows come out batch by batch. Spills only when every column of both inputs
 * has a type {@link SpillCodec} writes. Confined to its thread. Threads: none.
 */
final class HashSemiRun implements Cursor {
    private static final int P = GroupBatches.PARTITIONS;

    private final SemiJoins.Hash j;
    private final ExecContext cx;
    private final long memory;
    private final boolean spillable;
    /** Batches still to do: {inner file or null, outer file, depth of their next split}. */
    private final ArrayDeque<Object[]> pending = new ArrayDeque<>();

    private Set<SortNodes.RowKey> keys;
    private Map<SortNodes.RowKey, List<Object[]>> rows;
    private long held;
    private long innerRows;
    private boolean innerNull;
    private Cursor leftCursor;
    private Supplier<Object[]> leftIn;
    private SpillFile leftFile;

    HashSemiRun(final SemiJoins.Hash j, final ExecContext cx) {
        this.j = j;
        this.cx = cx;
        this.memory = Math.max(2 * cx.workMem(), 2L * SpillFile.BUFFER);
        boolean w = true;
        for (final OutCol c : j.left.columns()) {
            w &= GroupBatches.WRITABLE.contains(c.type());
        }
        for (final OutCol c : j.right.columns()) {
            w &= GroupBatches.WRITABLE.contains(c.type());
        }
        this.spillable = w;
    }

    HashSemiRun start() {
        try {
            final SpillFile[] rparts;
            try (Cursor rc = j.right.start(cx)) {
                rparts = load(rc::next, false, 0);
            }
            if (j.nullAware && innerNull) {
                SpillFile.closeAll(rparts); // x NOT IN (... NULL ...) is never true
                leftIn = () -> null;
            } else if (rparts == null) {
                leftCursor = j.left.start(cx);
                leftIn = leftCursor::next;
            } else {
                final SpillFile[] lparts = new SpillFile[P];
                try (Cursor lc = j.left.start(cx)) {
                    split(lc::next, lparts, 0);
                }
                queue(rparts, lparts, 1);
            }
        } catch (final RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
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
     * Collects the inner keys (or rows); null when they fit, else the batch files every one went to. Without a
     * join filter the files hold keys ({@code fromFile} then reads them as such), with one whole rows.
     */
    private SpillFile[] load(final Supplier<Object[]> in, final boolean fromFile, final int depth) {
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
                for (final SpillFile f : parts) {
                    if (f != null) {
                        f.flush();
                    }
                }
            }
            return parts;
        } catch (final RuntimeException | Error e) {
            SpillFile.closeAll(parts);
            throw e;
        }
    }

    /**
     * Writes every outer row to its batch at {@code depth}. A NULL key matches nothing: only a plain anti join
     * returns such a row (batch 0 finds no match for it); a null-aware one has a non-empty inner side here.
     */
    private void split(final Supplier<Object[]> in, final SpillFile[] parts, final int depth) {
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
            for (final SpillFile f : parts) {
                if (f != null) {
                    f.flush();
                }
            }
        } catch (final RuntimeException | Error e) {
            SpillFile.closeAll(parts);
            throw e;
        }
    }

    private void write(final SpillFile[] parts, final int p, final Object[] row) {
        if (!SpillCodec.encodable(row)) {
            throw new SqlException("53200", "out of memory", "A semi or anti join could not write a row of its input to "
                + "a temporary file.", null, 0, null);
        }
        if (parts[p] == null) {
            parts[p] = cx.tempFiles().create("hashjoin");
        }
        parts[p].append(row);
    }

    /** Queues the batches with outer rows that can come out (a semi join's need inner rows too). */
    private void queue(final SpillFile[] rparts, final SpillFile[] lparts, final int depth) {
        for (int p = 0; p < P; p++) {
            if (lparts[p] != null && (rparts[p] != null || j.anti)) {
                pending.add(new Object[] {rparts[p], lparts[p], depth});
            } else {
                SpillFile.closeAll(new SpillFile[] {rparts[p], lparts[p]});
            }
        }
    }

    private boolean nextBatch() {
        while (true) {
            final Object[] b = pending.poll();
            if (b == null) {
                return false;
            }
            final SpillFile rf = (SpillFile) b[0];
            final SpillFile lf = (SpillFile) b[1];
            final int depth = (Integer) b[2];
            final SpillFile[] rparts;
            try {
                rparts = load(rf == null ? () -> null : rf.reader(0, rf.position())::next, true, depth);
            } catch (final RuntimeException | Error e) {
                lf.close();
                throw e;
            } finally {
                if (rf != null) {
                    rf.close();
                }
            }
            if (rparts != null) {
                final SpillFile[] lparts = new SpillFile[P];
                try {
                    split(lf.reader(0, lf.position())::next, lparts, depth);
                } finally {
                    lf.close();
                }
                queue(rparts, lparts, depth + 1);
                continue;
            }
            leftFile = lf;
            leftIn = lf.reader(0, lf.position())::next;
            return true;
        }
    }

    private void endBatch() {
        cx.release(held);
        held = 0;
        keys = null;
        rows = null;
        leftIn = null;
        if (leftFile != null) {
            leftFile.close();
            leftFile = null;
        }
    }

    @Override
    public Object[] next() {
        while (true) {
            if (leftIn == null && !nextBatch()) {
                return null;
            }
            final Object[] l = leftIn.get();
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

    @Override
    public void close() {
        if (leftCursor != null) {
            leftCursor.close();
            leftCursor = null;
        }
        if (leftFile != null) {
            leftFile.close();
            leftFile = null;
        }
        for (final Object[] b : pending) {
            SpillFile.closeAll(new SpillFile[] {(SpillFile) b[0], (SpillFile) b[1]});
        }
        pending.clear();
        cx.release(held);
        held = 0;
        leftIn = null;
    }
}
