package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import java.util.ArrayDeque;
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
 * {@code EXPLAIN ANALYZE} notes {@code Batches}, {@code Memory Usage} and {@code Disk Usage}. Confined to its
 * thread; its files are deleted when their batch is done, on {@link #close()}, or by the statement's end.
 * Threads: none.
 */
final class HashJoinRun implements Cursor {
    private static final int P = GroupBatches.PARTITIONS;

    private final Joins.Hash j;
    private final ExecContext cx;
    private final int lw;
    private final int rw;
    private final long memory;
    private final boolean spillable;
    /** Batches still to join: {right file or null, left file or null, depth of their next split}. */
    private final ArrayDeque<Object[]> pending = new ArrayDeque<>();

    private List<Object[]> rightRows = new ArrayList<>();
    private Map<SortNodes.RowKey, List<Integer>> table;
    private boolean[] matchedRight;
    private long held;
    private Cursor leftCursor;
    private Supplier<Object[]> leftIn;
    private SpillFile leftFile;

    private Object[] l;
    private List<Integer> bucket;
    private int bi;
    private boolean lMatched;
    private boolean leftDone;
    private int tail;

    private int batches = 1;
    private long peak;
    private long disk;

    HashJoinRun(final Joins.Hash j, final ExecContext cx) {
        this.j = j;
        this.cx = cx;
        this.lw = j.left.columns().size();
        this.rw = j.right.columns().size();
        this.memory = Math.max(2 * cx.workMem(), 2L * SpillFile.BUFFER);
        boolean w = true;
        for (final OutCol c : j.columns()) {
            w &= GroupBatches.WRITABLE.contains(c.type());
        }
        this.spillable = w;
    }

    /** Reads the inner side (and, when it spills, partitions the outer side); then rows can be read. */
    HashJoinRun start() {
        try {
            final SpillFile[] rparts;
            try (Cursor rc = j.right.start(cx)) {
                rparts = load(rc::next, 0);
            }
            if (rparts == null) {
                begin(null);
                note();
                leftCursor = j.left.start(cx);
                leftIn = leftCursor::next;
            } else {
                final SpillFile[] lparts = new SpillFile[P];
                try (Cursor lc = j.left.start(cx)) {
                    split(lc::next, j.leftKeys, lparts, 0);
                }
                batches--; // the first batch became its parts
                queue(rparts, lparts, 1);
                note();
            }
        } catch (final RuntimeException | Error e) {
            close();
            throw e;
        }
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

    /**
     * Collects inner rows in {@link #rightRows}; returns null when they all fit, else the batch files that every
     * inner row went to, split by the hash bits of {@code depth} (the rows in memory are released).
     */
    private SpillFile[] load(final Supplier<Object[]> in, final int depth) {
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

    /** Writes every outer row of {@code in} to its batch file at {@code depth}. */
    private void split(final Supplier<Object[]> in, final List<Expr> keys, final SpillFile[] parts, final int depth) {
        try {
            Object[] r;
            while ((r = in.get()) != null) {
                cx.check();
                write(parts, batchOf(keys, r, depth), r);
            }
            flush(parts);
        } catch (final RuntimeException | Error e) {
            SpillFile.closeAll(parts);
            throw e;
        }
    }

    private void write(final SpillFile[] parts, final int p, final Object[] row) {
        if (!SpillCodec.encodable(row)) {
            throw new SqlException("53200", "out of memory", "Hash join could not write a row of its input to a "
                + "temporary file.", null, 0, null);
        }
        if (parts[p] == null) {
            parts[p] = cx.tempFiles().create("hashjoin");
        }
        parts[p].append(row);
    }

    private void flush(final SpillFile[] parts) {
        for (final SpillFile f : parts) {
            if (f != null) {
                f.flush();
                disk += f.position();
            }
        }
    }

    /** Queues the batches that can produce rows (an inner join needs both sides; an outer join its own). */
    private void queue(final SpillFile[] rparts, final SpillFile[] lparts, final int depth) {
        final boolean keepLeft = j.kind == Joins.Kind.LEFT || j.kind == Joins.Kind.FULL;
        final boolean keepRight = j.kind == Joins.Kind.RIGHT || j.kind == Joins.Kind.FULL;
        for (int p = 0; p < P; p++) {
            final SpillFile rf = rparts[p];
            final SpillFile lf = lparts[p];
            if (rf != null && (lf != null || keepRight) || lf != null && keepLeft) {
                pending.add(new Object[] {rf, lf, depth});
                batches++;
            } else {
                SpillFile.closeAll(new SpillFile[] {rf, lf});
            }
        }
    }

    /** Makes the hash table of the inner rows in memory; the outer rows come from {@code left} (null: a cursor). */
    private void begin(final SpillFile left) {
        table = new HashMap<>();
        for (int i = 0; i < rightRows.size(); i++) {
            final SortNodes.RowKey k = key(j.rightKeys, rightRows.get(i));
            if (k != null) {
                table.computeIfAbsent(k, x -> new ArrayList<>(2)).add(i);
            }
        }
        peak = Math.max(peak, held);
        matchedRight = j.kind == Joins.Kind.RIGHT || j.kind == Joins.Kind.FULL ? new boolean[rightRows.size()] : null;
        leftFile = left;
        leftIn = left == null ? null : left.reader(0, left.position())::next;
        leftDone = false;
        tail = -1;
        l = null;
    }

    /** Sets up the next spilled batch; false when none is left. */
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
                rparts = rf == null ? null : load(rf.reader(0, rf.position())::next, depth);
            } catch (final RuntimeException | Error e) {
                SpillFile.closeAll(new SpillFile[] {lf});
                throw e;
            } finally {
                if (rf != null) {
                    rf.close();
                }
            }
            if (rparts != null) {
                final SpillFile[] lparts = new SpillFile[P];
                try {
                    if (lf != null) {
                        split(lf.reader(0, lf.position())::next, j.leftKeys, lparts, depth);
                    }
                } finally {
                    if (lf != null) {
                        lf.close();
                    }
                }
                batches--; // this batch became its parts
                queue(rparts, lparts, depth + 1);
                note();
                continue;
            }
            begin(lf);
            if (lf == null) {
                leftIn = () -> null;
            }
            note();
            return true;
        }
    }

    private void endBatch() {
        cx.release(held);
        held = 0;
        rightRows = new ArrayList<>();
        table = null;
        matchedRight = null;
        leftIn = null;
        if (leftFile != null) {
            leftFile.close();
            leftFile = null;
        }
    }

    private void note() {
        if (cx.instrument() != null) {
            cx.instrument().note(j, "Batches: " + batches + "  Memory Usage: " + (peak + 1023) / 1024 + "kB"
                + (disk > 0 ? "  Disk Usage: " + (disk + 1023) / 1024 + "kB" : ""));
        }
    }

    @Override
    public Object[] next() {
        while (true) {
            if (leftIn == null) {
                if (!nextBatch()) {
                    return null;
                }
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
                l = leftIn.get();
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
