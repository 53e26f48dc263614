package io.stratum.compute.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A sort within {@code memory} bytes (work_mem), spilling beyond it as PostgreSQL's tuplesort does: rows collect in
 * memory until their estimated size passes the budget, then they are sorted and written as one run to a temporary
 * file ({@link SpillFile}); at the end the runs are merged k ways, each read through its own bounded buffer, with as
 * many passes as the budget's fan-in needs (each pass writes a new file and deletes the old). The rows still in
 * memory at the end are the last run, merged without being written. Stable: equal rows come out in input order
 * (runs are consecutive slices of the input, and ties go to the earlier run). A row holding a value
 * {@link SpillCodec} cannot write (jsonb) stops spilling: the rest stays in memory, under the statement's limit.
 * Memory is reserved on the {@link ExecContext} and given back as rows are written and at {@link #close()}, which
 * deletes the files. One per sort execution; confined to its thread. Threads: none.
 */
final class ExternalSort implements AutoCloseable {
    /** Merge fan-in bounds: at least two runs at once, at most this many. */
    static final int MAX_FAN_IN = 256;

    private final Comparator<Object[]> cmp;
    private final long memory;
    private final ExecContext cx;
    private final List<Object[]> rows = new ArrayList<>();
    private long held;
    private boolean spillable = true;
    private SpillFile file;
    /** Start offsets of the runs in {@link #file}, and one more: the end of the last. */
    private List<Long> runs = new ArrayList<>();
    private long diskBytes;
    private long peakMemory;
    private Merge merge;
    private Cursor inMemory;
    private boolean finished;

    ExternalSort(final Comparator<Object[]> cmp, final long memory, final ExecContext cx) {
        this.cmp = cmp;
        this.memory = Math.max(memory, 2L * SpillFile.BUFFER);
        this.cx = cx;
    }

    void add(final Object[] row) {
        final long est = ExecContext.estimate(row);
        cx.reserve(est);
        held += est;
        rows.add(row);
        peakMemory = Math.max(peakMemory, held);
        if (spillable && !SpillCodec.encodable(row)) {
            spillable = false;
        }
        if (held > memory && spillable) {
            spill();
        }
    }

    private void spill() {
        rows.sort(cmp);
        if (file == null) {
            file = cx.tempFiles().create("sort");
            runs.add(0L);
        }
        for (int i = 0; i < rows.size(); i++) {
            file.append(rows.get(i));
            rows.set(i, null);
        }
        rows.clear();
        cx.release(held);
        held = 0;
        runs.add(file.position());
        diskBytes = Math.max(diskBytes, file.position());
    }

    /** No more rows: sorts what is in memory and prepares the merge. */
    void finish() {
        finished = true;
        rows.sort(cmp);
        if (file == null) {
            return;
        }
        file.flush();
        final int fanIn = (int) Math.max(2, Math.min(MAX_FAN_IN, memory / SpillFile.BUFFER - 1));
        // one slot of the final merge is the rows still in memory
        while (runs.size() - 1 > (rows.isEmpty() ? fanIn : fanIn - 1)) {
            pass(fanIn);
        }
        final List<Source> sources = new ArrayList<>();
        for (int r = 0; r + 1 < runs.size(); r++) {
            sources.add(new FileSource(file.reader(runs.get(r), runs.get(r + 1))));
        }
        if (!rows.isEmpty()) {
            sources.add(SortNodes.drain(rows, -1)::next);
        }
        cx.reserve((long) sources.size() * SpillFile.BUFFER);
        merge = new Merge(sources, cmp);
    }

    /** Merges groups of {@code fanIn} consecutive runs into a new file. */
    private void pass(final int fanIn) {
        final SpillFile out = cx.tempFiles().create("sort");
        final List<Long> outRuns = new ArrayList<>();
        outRuns.add(0L);
        try {
            for (int g = 0; g + 1 < runs.size(); g += fanIn) {
                final List<Source> group = new ArrayList<>();
                for (int r = g; r < Math.min(g + fanIn, runs.size() - 1); r++) {
                    group.add(new FileSource(file.reader(runs.get(r), runs.get(r + 1))));
                }
                final Merge m = new Merge(group, cmp);
                Object[] row;
                while ((row = m.next()) != null) {
                    cx.check();
                    out.append(row);
                }
                outRuns.add(out.position());
            }
            out.flush();
        } catch (final RuntimeException e) {
            out.close();
            throw e;
        }
        file.close();
        file = out;
        runs = outRuns;
        diskBytes = Math.max(diskBytes, out.position());
    }

    /** The next row in order, or null. */
    Object[] next() {
        if (merge != null) {
            return merge.next();
        }
        if (inMemory == null) {
            inMemory = SortNodes.drain(rows, -1);
        }
        return inMemory.next();
    }

    boolean spilled() {
        return file != null;
    }

    /** The largest file size (bytes) the sort had on disk. */
    long diskBytes() {
        return diskBytes;
    }

    /** The most memory (estimated bytes) its rows held at once. */
    long peakMemory() {
        return peakMemory;
    }

    @Override
    public void close() {
        rows.clear();
        cx.release(held + (merge == null ? 0 : (long) merge.sources.size() * SpillFile.BUFFER));
        held = 0;
        merge = null;
        if (file != null) {
            file.close();
            file = null;
        }
    }

    /** A run being merged: its next row. */
    private interface Source {
        Object[] next();
    }

    private static final class FileSource implements Source {
        final SpillFile.Reader in;

        FileSource(final SpillFile.Reader in) {
            this.in = in;
        }

        @Override
        public Object[] next() {
            return in.next();
        }
    }

    /** A k-way merge of sorted sources; ties go to the lower source index (stable). */
    private static final class Merge {
        final List<Source> sources;
        private final PriorityQueue<Object[]> heap;

        Merge(final List<Source> sources, final Comparator<Object[]> cmp) {
            this.sources = sources;
            // entries are {row, source index}
            heap = new PriorityQueue<>(Math.max(1, sources.size()), (a, b) -> {
                final int c = cmp.compare((Object[]) a[0], (Object[]) b[0]);
                return c != 0 ? c : Integer.compare((Integer) a[1], (Integer) b[1]);
            });
            for (int s = 0; s < sources.size(); s++) {
                final Object[] r = sources.get(s).next();
                if (r != null) {
                    heap.add(new Object[] {r, s});
                }
            }
        }

        Object[] next() {
            final Object[] top = heap.poll();
            if (top == null) {
                return null;
            }
            final Object[] out = (Object[]) top[0];
            final Object[] r = sources.get((Integer) top[1]).next();
            if (r != null) {
                top[0] = r;
                heap.add(top);
            }
            return out;
        }
    }
}
