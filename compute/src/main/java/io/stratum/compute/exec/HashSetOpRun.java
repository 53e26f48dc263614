package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import java.util.ArrayDeque;
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
 * a type {@link SpillCodec} writes. Confined to its thread. Threads: none.
 */
final class HashSetOpRun implements Cursor {
    private static final int P = GroupBatches.PARTITIONS;

    private final boolean intersect;
    private final boolean all;
    private final SortNodes.SetOp op;
    private final ExecContext cx;
    private final long memory;
    private final boolean spillable;
    /** Partition pairs still to do: {right file or null, left file, depth of their next split}. */
    private final ArrayDeque<Object[]> pending = new ArrayDeque<>();

    private Map<SortNodes.RowKey, int[]> counts;
    private HashSet<SortNodes.RowKey> emitted;
    private long held;
    private Supplier<Object[]> leftIn;
    private Cursor leftCursor;
    private SpillFile leftFile;

    HashSetOpRun(final SortNodes.SetOp op, final ExecContext cx) {
        this.op = op;
        this.intersect = op.kind.equals("INTERSECT");
        this.all = op.all;
        this.cx = cx;
        this.memory = Math.max(2 * cx.workMem(), 2L * SpillFile.BUFFER);
        boolean w = true;
        for (final OutCol c : op.columns()) {
            w &= GroupBatches.WRITABLE.contains(c.type());
        }
        this.spillable = w;
    }

    HashSetOpRun start() {
        try {
            final SpillFile[] rparts;
            try (Cursor rc = op.right.start(cx)) {
                rparts = count(rc::next, 0);
            }
            if (rparts == null) {
                leftCursor = op.left.start(cx);
                leftIn = leftCursor::next;
            } else {
                final SpillFile[] lparts = new SpillFile[P];
                try (Cursor lc = op.left.start(cx)) {
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

    /** Counts the right rows; null when they fit, else the partition files every right row went to. */
    private SpillFile[] count(final Supplier<Object[]> in, final int depth) {
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

    private void split(final Supplier<Object[]> in, final SpillFile[] parts, final int depth) {
        try {
            Object[] r;
            while ((r = in.get()) != null) {
                cx.check();
                write(parts, GroupBatches.partition(new SortNodes.RowKey(r).hashCode(), depth), r);
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
            throw new SqlException("53200", "out of memory", "A set operation could not write a row of its input to a "
                + "temporary file.", null, 0, null);
        }
        if (parts[p] == null) {
            parts[p] = cx.tempFiles().create("setop");
        }
        parts[p].append(row);
    }

    /** Queues the pairs whose left side has rows: only left rows come out of INTERSECT and EXCEPT. */
    private void queue(final SpillFile[] rparts, final SpillFile[] lparts, final int depth) {
        for (int p = 0; p < P; p++) {
            if (lparts[p] != null && (rparts[p] != null || !intersect)) {
                pending.add(new Object[] {rparts[p], lparts[p], depth});
            } else {
                SpillFile.closeAll(new SpillFile[] {rparts[p], lparts[p]});
            }
        }
    }

    private boolean nextPair() {
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
                rparts = count(rf == null ? () -> null : rf.reader(0, rf.position())::next, depth);
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

    private void endPair() {
        cx.release(held);
        held = 0;
        counts = null;
        emitted = null;
        leftIn = null;
        if (leftFile != null) {
            leftFile.close();
            leftFile = null;
        }
    }

    @Override
    public Object[] next() {
        while (true) {
            if (leftIn == null && !nextPair()) {
                return null;
            }
            final Object[] r = leftIn.get();
            if (r == null) {
                endPair();
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
