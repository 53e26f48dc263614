package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one window partition (or group of peers) of a {@link Window} pass, in sort order, as PostgreSQL's
 * tuplestore holds them: in memory up to work_mem, then all of them in a temporary file with the offset of
 * each row (8 bytes a row in memory), read back by position through a small cache of recently read rows.
 * Each row is {@code [input row with the function slots, sort key values...]}.
 *
 * <p>A pass computes its function row by row in order and says so with {@link #computed}; in memory that
 * is the row itself (its slot set in place), spilled it is appended to a second file, which
 * {@link #output} then reads in order. So a partition of any size needs memory for the cache and the
 * offsets only. Not thread-safe. Threads: none.
 */
final class PartitionRows implements AutoCloseable {
    /** Rows of the direct-mapped cache of a spilled partition. */
    private static final int CACHE = 256;

    private final ExecContext cx;
    private final long budget;
    private final List<Object[]> mem = new ArrayList<>();
    private long held;
    /** Rows held in the file (then {@link #mem} is empty), and their offsets. */
    private SpillFile file;
    private long[] offsets;
    private int spilled;
    private long offsetBytes;
    private SpillFile.Reader reader;
    private int readerNext = -1;
    private Object[][] cache;
    private int[] cached;
    /** The computed rows of a spilled partition, and the reader that returns them. */
    private SpillFile out;
    private SpillFile.Reader outReader;

    PartitionRows(final ExecContext cx) {
        this.cx = cx;
        this.budget = Math.max(cx.workMem(), 2L * SpillFile.BUFFER);
    }

    int size() {
        return file == null ? mem.size() : spilled;
    }

    /** Adds the next row of the partition. */
    void add(final Object[] decorated) {
        if (file != null) {
            append(decorated);
            return;
        }
        final long est = ExecContext.estimate(decorated);
        if (held + est > budget && !mem.isEmpty()) {
            spill();
            append(decorated);
            return;
        }
        cx.reserve(est);
        held += est;
        mem.add(decorated);
    }

    private void spill() {
        file = cx.tempFiles().create("window");
        offsets = new long[Math.max(1024, 2 * mem.size())];
        reserveOffsets();
        for (final Object[] d : mem) {
            append(d);
        }
        mem.clear();
        cx.release(held);
        held = 0;
        cache = new Object[CACHE][];
        cached = new int[CACHE];
        java.util.Arrays.fill(cached, -1);
    }

    private void reserveOffsets() {
        final long bytes = 8L * offsets.length;
        cx.reserve(bytes - offsetBytes);
        offsetBytes = bytes;
    }

    private void append(final Object[] d) {
        if (!SpillCodec.encodable(d)) {
            throw new SqlException("53200", "out of memory", "A window function's partition could not be written "
                + "to a temporary file.", null, 0, null);
        }
        if (spilled == offsets.length) {
            offsets = java.util.Arrays.copyOf(offsets, 2 * offsets.length);
            reserveOffsets();
        }
        offsets[spilled++] = file.position();
        file.append(d);
        cx.check();
    }

    /** Row {@code i} of the partition ({@code 0 <= i < size()}); a spilled row is a fresh copy. */
    Object[] get(final int i) {
        if (file == null) {
            return mem.get(i);
        }
        final int c = i & (CACHE - 1);
        if (cached[c] == i) {
            return cache[c];
        }
        if (reader == null) {
            file.flush();
            reader = file.reader(offsets[i], file.position());
        } else if (readerNext != i) {
            reader.seek(offsets[i]); // one reader and its buffer for the partition, however it is read
        }
        final Object[] d = reader.next();
        readerNext = i + 1;
        cache[c] = d;
        cached[c] = i;
        return d;
    }

    /** The next row's function value is set in {@code row} (its input row, {@code get(i)[0]}); rows come in order. */
    void computed(final Object[] row) {
        if (file == null) {
            return;
        }
        if (out == null) {
            out = cx.tempFiles().create("window");
        }
        out.append(row);
    }

    /** The {@code at}-th computed input row, in order. */
    Object[] output(final int at) {
        if (file == null) {
            return (Object[]) mem.get(at)[0];
        }
        if (outReader == null) {
            out.flush();
            outReader = out.reader(0, out.position());
        }
        final Object[] r = outReader.next();
        if (r == null) {
            throw new SqlException("XX000", "window partition output ended at row " + at + " of " + spilled);
        }
        return r;
    }

    /** Drops the partition (and its files): the next one starts empty. */
    void clear() {
        mem.clear();
        cx.release(held + offsetBytes);
        held = 0;
        offsetBytes = 0;
        offsets = null;
        spilled = 0;
        reader = null;
        readerNext = -1;
        cache = null;
        cached = null;
        outReader = null;
        final SpillFile f = file;
        final SpillFile o = out;
        file = null;
        out = null;
        SpillFile.closeAll(new SpillFile[] {f, o});
    }

    @Override
    public void close() {
        clear();
    }
}
