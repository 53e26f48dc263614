package io.stratum.compute.exec;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The inner group of a {@link MergeJoin}: the right rows of one key, read again for each left row of that key
 * (PostgreSQL's mark and restore over a Material node). The rows are held in memory up to work_mem; past it the
 * group goes to a temporary file ({@link SpillFile}) and each rescan reads it back through a bounded buffer, so a
 * group larger than the statement's memory does not fail. A row {@link SpillCodec} cannot write (jsonb) keeps the
 * group in memory under the statement's limit. For a right or full join one bit per row marks the rows some left
 * row joined. Memory is reserved on the {@link ExecContext} and given back by {@link #clear()} and
 * {@link #close()}. Confined to its thread. Threads: none.
 */
final class MergeGroup implements AutoCloseable {
    private final ExecContext cx;
    private final long memory;
    private final boolean trackMatches;
    private final List<Object[]> rows = new ArrayList<>();
    private long held;
    private boolean spillable;
    private SpillFile file;
    private long count;
    private Object[] key;
    private BitSet matched;

    /** The read position of a rescan: the next row's ordinal, and the file's reader once spilled. */
    private long pos;
    private SpillFile.Reader reader;
    private long unmatched;

    MergeGroup(final ExecContext cx, final boolean trackMatches) {
        this.cx = cx;
        this.memory = Math.max(cx.workMem(), 2L * SpillFile.BUFFER);
        this.trackMatches = trackMatches;
    }

    /** Whether a group is held (between {@link #begin} and {@link #clear}). */
    boolean active() {
        return key != null;
    }

    Object[] key() {
        return key;
    }

    void begin(final Object[] groupKey) {
        clear();
        key = groupKey;
        spillable = true;
        matched = trackMatches ? new BitSet() : null;
    }

    void add(final Object[] row) {
        count++;
        if (file != null) {
            file.append(row);
            return;
        }
        final long est = ExecContext.estimate(row);
        cx.reserve(est);
        held += est;
        rows.add(row);
        spillable &= SpillCodec.encodable(row);
        if (held > memory && spillable) {
            file = cx.tempFiles().create("merge");
            for (final Object[] r : rows) {
                file.append(r);
            }
            rows.clear();
            cx.release(held);
            held = 0;
        }
    }

    /** Starts a scan of the group from its first row (and the unmatched-row scan too). */
    void rewind() {
        pos = 0;
        unmatched = 0;
        if (file != null) {
            file.flush();
            reader = file.reader(0, file.position());
        }
    }

    /** The group's next row of the current scan, or null at its end. */
    Object[] next() {
        if (pos >= count) {
            return null;
        }
        pos++;
        return file == null ? rows.get((int) (pos - 1)) : reader.next();
    }

    /** Marks the row {@link #next()} returned last as joined. */
    void matched() {
        if (matched != null) {
            matched.set((int) (pos - 1));
        }
    }

    /** The next row of the group that no left row joined (after the left rows of its key), or null. */
    Object[] nextUnmatched() {
        if (unmatched == 0 && file != null) {
            reader = file.reader(0, file.position());
        }
        while (unmatched < count) {
            final long i = unmatched++;
            final Object[] r = file == null ? rows.get((int) i) : reader.next();
            if (!matched.get((int) i)) {
                return r;
            }
        }
        return null;
    }

    /** Drops the group (its rows, reservation and file). */
    void clear() {
        rows.clear();
        cx.release(held);
        held = 0;
        count = 0;
        key = null;
        matched = null;
        reader = null;
        if (file != null) {
            file.close();
            file = null;
        }
    }

    @Override
    public void close() {
        clear();
    }
}
