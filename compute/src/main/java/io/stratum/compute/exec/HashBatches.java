package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the spilling hash operators over two inputs share ({@link HashJoinRun}, {@link HashSemiRun},
 * {@link HashSetOpRun}), PostgreSQL's batched hash join: the inner input is loaded into memory; when it passes
 * {@code work_mem * hash_mem_multiplier} (2.0) every inner row and then every outer row goes to one of
 * {@value GroupBatches#PARTITIONS} batch files by its key's hash at split level {@code depth}, and each pair of
 * batch files is done the same way on its own, split again by the next bits of the hash up to
 * {@value GroupBatches#MAX_DEPTH} levels (then in memory under the statement's limit). The subclass loads and
 * probes; this class keeps the queue of batches, the outer input of the one being probed and their files.
 * Spills only when every column of both inputs has a type {@link SpillCodec} writes. Confined to its thread;
 * every file is deleted when its batch is done, on {@link #close()}, or at the statement's end. Threads: none.
 */
abstract class HashBatches implements Cursor {
    static final int P = GroupBatches.PARTITIONS;

    final ExecContext cx;
    final long memory;
    final boolean spillable;
    /** What a 53200 names when a row cannot be written ("Hash join"). */
    private final String who;
    /** Batches still to do: {inner file or null, outer file or null, depth of their next split}. */
    private final ArrayDeque<Object[]> pending = new ArrayDeque<>();
    private Cursor outerCursor;
    private SpillFile outerFile;
    /** The outer rows of the batch being probed; null between batches. */
    Supplier<Object[]> outerIn;
    /** Batches so far, for EXPLAIN ANALYZE (a batch that splits counts as its parts). */
    int batches = 1;
    long diskBytes;

    HashBatches(final ExecContext cx, final String who, final List<OutCol> columns) {
        this.cx = cx;
        this.who = who;
        this.memory = Math.max(2 * cx.workMem(), 2L * SpillFile.BUFFER);
        boolean w = true;
        for (final OutCol c : columns) {
            w &= GroupBatches.WRITABLE.contains(c.type());
        }
        this.spillable = w;
    }

    /**
     * Loads inner rows into memory; null when they fit, else the batch files every inner row went to, split by
     * the hash bits of {@code depth} (what was held is released). {@code fromFile}: the rows come from a batch
     * file this operator wrote.
     */
    abstract SpillFile[] load(Supplier<Object[]> in, boolean fromFile, int depth);

    /** Writes every outer row of {@code in} to its batch at {@code depth} (or drops it when it cannot match). */
    abstract void split(Supplier<Object[]> in, SpillFile[] parts, int depth);

    /** Whether a batch with these files (either may be null) can return rows. */
    abstract boolean wanted(SpillFile inner, SpillFile outer);

    /** The inner rows of a batch are in memory and its outer rows are about to be probed. */
    void begin() {
    }

    /** Gives back what the batch held in memory (its batch is done, or the operator closes). */
    abstract void release();

    /** Whether the outer input is read at all once the inner one is loaded (false: no row can come out). */
    boolean outerNeeded() {
        return true;
    }

    /** EXPLAIN ANALYZE's note of the operator, after a change of batches; nothing by default. */
    void note() {
    }

    /** Loads the inner input, then either probes the outer input as it comes or partitions it to batches. */
    final void start(final PlanNode inner, final PlanNode outer) {
        try {
            final SpillFile[] rparts;
            try (Cursor rc = inner.start(cx)) {
                rparts = load(rc::next, false, 0);
            }
            if (!outerNeeded()) {
                SpillFile.closeAll(rparts);
                outerIn = () -> null;
            } else if (rparts == null) {
                begin();
                outerCursor = outer.start(cx);
                outerIn = outerCursor::next;
            } else {
                final SpillFile[] lparts = new SpillFile[P];
                try (Cursor lc = outer.start(cx)) {
                    split(lc::next, lparts, 0);
                }
                batches--; // the first batch became its parts
                queue(rparts, lparts, 1);
            }
            note();
        } catch (final RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Appends {@code row} to batch file {@code p}, creating it (53200 for a row the spill codec cannot write). */
    final void write(final SpillFile[] parts, final int p, final Object[] row) {
        if (!SpillCodec.encodable(row)) {
            throw new SqlException("53200", "out of memory", who + " could not write a row of its input to a temporary "
                + "file.", null, 0, null);
        }
        if (parts[p] == null) {
            parts[p] = cx.tempFiles().create("hash");
        }
        parts[p].append(row);
    }

    /** Flushes the batch files written (before they are read). */
    final void flush(final SpillFile[] parts) {
        for (final SpillFile f : parts) {
            if (f != null) {
                f.flush();
                diskBytes += f.position();
            }
        }
    }

    private void queue(final SpillFile[] rparts, final SpillFile[] lparts, final int depth) {
        for (int p = 0; p < P; p++) {
            if (wanted(rparts[p], lparts[p])) {
                pending.add(new Object[] {rparts[p], lparts[p], depth});
                batches++;
            } else {
                SpillFile.closeAll(new SpillFile[] {rparts[p], lparts[p]});
            }
        }
    }

    private static Supplier<Object[]> reader(final SpillFile f) {
        return f == null ? () -> null : f.reader(0, f.position())::next;
    }

    /**
     * Makes the next batch the one probed, splitting those whose inner rows do not fit; false when none is left.
     * Callers ask when {@link #outerIn} is null.
     */
    final boolean nextBatch() {
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
                rparts = load(reader(rf), true, depth);
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
                    split(reader(lf), lparts, depth);
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
            begin();
            outerFile = lf;
            outerIn = reader(lf);
            note();
            return true;
        }
    }

    /** The batch being probed is done: its memory and outer file go. */
    final void endBatch() {
        release();
        outerIn = null;
        if (outerFile != null) {
            outerFile.close();
            outerFile = null;
        }
    }

    @Override
    public void close() {
        if (outerCursor != null) {
            outerCursor.close();
            outerCursor = null;
        }
        if (outerFile != null) {
            outerFile.close();
            outerFile = null;
        }
        for (final Object[] b : pending) {
            SpillFile.closeAll(new SpillFile[] {(SpillFile) b[0], (SpillFile) b[1]});
        }
        pending.clear();
        release();
        outerIn = null;
    }
}
