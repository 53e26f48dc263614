package io.stratum.compute.exec;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Hash DISTINCT (and UNION's duplicate removal) within {@code work_mem * hash_mem_multiplier} (2.0), spilling as
 * {@link GroupBatches} does: a row whose key has not been seen is returned and its key remembered, until the keys
 * held pass the budget; from then on a row whose key is not among them goes to one of
 * {@value GroupBatches#PARTITIONS} partition files by its key's hash (a remembered key's duplicates are still
 * dropped). No key in a partition was returned, since no key joins the set once it is full. When the input ends
 * the partitions are read back, in input order, the same way (split again by the next bits of the hash, up to
 * {@value GroupBatches#MAX_DEPTH} levels, then held in memory under the statement's limit). So every key's first
 * row in input order is returned once, and rows come out in input order within each pass. Spills only when
 * every column has a type {@link SpillCodec} writes; otherwise keys stay in memory under the statement's limit.
 * Confined to its thread. Threads: none.
 */
final class HashDistinct implements Cursor {
    private final Cursor input;
    private final Function<Object[], Object[]> keyOf;
    private final ExecContext cx;
    private final long memory;
    private final boolean spillable;
    /** Partitions still to read: {SpillFile, depth}. */
    private final ArrayDeque<Object[]> pending = new ArrayDeque<>();
    private HashSet<SortNodes.RowKey> seen = new HashSet<>();
    private Supplier<Object[]> src;
    private SpillFile reading;
    private SpillFile[] parts;
    private int depth;
    private long held;

    /**
     * @param input the rows (closed by {@link #close()})
     * @param keyOf a row's key (the row itself for whole-row DISTINCT)
     * @param cols the rows' columns, to tell whether they can be written to a temporary file
     * @param mayReorder false when the rows must come out in input order (then they never spill)
     */
    HashDistinct(final Cursor input, final Function<Object[], Object[]> keyOf, final List<OutCol> cols,
                 final boolean mayReorder, final ExecContext cx) {
        this.input = input;
        this.keyOf = keyOf;
        this.cx = cx;
        this.memory = Math.max(2 * cx.workMem(), 2L * SpillFile.BUFFER);
        boolean w = mayReorder;
        for (final OutCol c : cols) {
            w &= GroupBatches.WRITABLE.contains(c.type());
        }
        this.spillable = w;
        this.src = input::next;
    }

    @Override
    public Object[] next() {
        while (true) {
            final Object[] r = src.get();
            if (r == null) {
                if (!nextPartition()) {
                    return null;
                }
                continue;
            }
            cx.check();
            final SortNodes.RowKey k = new SortNodes.RowKey(keyOf.apply(r));
            if (seen.contains(k)) {
                continue;
            }
            if (held > memory && spillable && depth < GroupBatches.MAX_DEPTH) {
                if (!SpillCodec.encodable(r)) {
                    throw new io.stratum.compute.session.SqlException("53200", "out of memory", "DISTINCT could not "
                        + "write a row of its input to a temporary file.", null, 0, null);
                }
                if (parts == null) {
                    parts = new SpillFile[GroupBatches.PARTITIONS];
                }
                final int p = GroupBatches.partition(k.hashCode(), depth);
                if (parts[p] == null) {
                    parts[p] = cx.tempFiles().create("distinct");
                }
                parts[p].append(r);
                continue;
            }
            final long est = ExecContext.estimate(k.values) + 32;
            cx.reserve(est);
            held += est;
            seen.add(k);
            return r;
        }
    }

    /** The current pass is done: its spilled partitions are queued and the next one becomes the input. */
    private boolean nextPartition() {
        if (reading != null) {
            reading.close();
            reading = null;
        }
        if (parts != null) {
            for (final SpillFile f : parts) {
                if (f != null) {
                    f.flush();
                    pending.add(new Object[] {f, depth + 1});
                }
            }
            parts = null;
        }
        seen = new HashSet<>();
        cx.release(held);
        held = 0;
        final Object[] p = pending.poll();
        if (p == null) {
            src = () -> null;
            return false;
        }
        reading = (SpillFile) p[0];
        depth = (Integer) p[1];
        src = reading.reader(0, reading.position())::next;
        return true;
    }

    @Override
    public void close() {
        input.close();
        if (reading != null) {
            reading.close();
            reading = null;
        }
        SpillFile.closeAll(parts);
        parts = null;
        for (final Object[] p : pending) {
            ((SpillFile) p[0]).close();
        }
        pending.clear();
        seen = new HashSet<>();
        cx.release(held);
        held = 0;
        src = () -> null;
    }
}
