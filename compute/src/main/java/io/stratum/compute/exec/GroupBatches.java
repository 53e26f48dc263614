package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Hash aggregation within work_mem, spilling as PostgreSQL 13's does: groups collect in memory until their
 * estimated size passes the budget; from then on an input row whose group is not in memory is written to one of
 * {@value #PARTITIONS} partition files by its key's hash (so each key goes entirely one way), while rows of groups
 * in memory still accumulate. When the input ends the groups in memory are returned, then each partition is
 * aggregated the same way (a partition too large again is split by the next bits of the hash, up to
 * {@value #MAX_DEPTH} levels, then stays in memory). Rows of a partition are read back in input order, so ordered
 * and first-seen results are those of the in-memory aggregation. Spills only when every input column has a type
 * {@link SpillCodec} writes; otherwise the groups stay in memory under the statement's limit. One per execution;
 * confined to its thread. Threads: none.
 */
final class GroupBatches implements Cursor {
    static final int PARTITIONS = 8;
    static final int MAX_DEPTH = 8;
    /** Column types {@link SpillCodec} writes: an operator spills only when all its input's columns have one. */
    static final Set<PgType> WRITABLE = EnumSet.of(PgType.BOOL, PgType.INT2, PgType.INT4, PgType.INT8, PgType.OID,
        PgType.FLOAT4, PgType.FLOAT8, PgType.NUMERIC, PgType.TEXT, PgType.VARCHAR, PgType.BPCHAR, PgType.NAME, PgType.BYTEA,
        PgType.DATE, PgType.TIME, PgType.TIMESTAMP, PgType.TIMESTAMPTZ, PgType.INTERVAL, PgType.UUID);

    private final Aggregate agg;
    private final ExecContext cx;
    private final long memory;
    private final boolean spillable;
    /** Partitions still to aggregate: {SpillFile, depth}. */
    private final ArrayDeque<Object[]> pending = new ArrayDeque<>();
    private Iterator<Map.Entry<SortNodes.RowKey, Aggregate.Acc[]>> current;
    private long held;
    private int batches;
    private long peak;
    private long disk;

    GroupBatches(final Aggregate agg, final ExecContext cx) {
        this.agg = agg;
        this.cx = cx;
        this.memory = Math.max(cx.workMem(), 2L * SpillFile.BUFFER);
        boolean w = true;
        for (final OutCol c : agg.input.columns()) {
            w &= WRITABLE.contains(c.type());
        }
        this.spillable = w;
    }

    /** Aggregates the input (opened by the caller, closed here). */
    GroupBatches start(final Cursor in) {
        try (in) {
            build(in::next, 0);
        } catch (final RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    /** The partition (of {@value #PARTITIONS}) of a key's hash at split level {@code depth}. */
    static int partition(final int hash, final int depth) {
        int h = hash * 0x9E3779B9;
        h ^= h >>> 15;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return (h >>> (3 * depth)) & (PARTITIONS - 1);
    }

    private void build(final Supplier<Object[]> in, final int depth) {
        final Map<SortNodes.RowKey, Aggregate.Acc[]> groups = new LinkedHashMap<>();
        final SpillFile[] parts = new SpillFile[PARTITIONS];
        batches++;
        try {
            Object[] r;
            while ((r = in.get()) != null) {
                cx.check();
                final Object[] k = new Object[agg.keys.size()];
                for (int i = 0; i < k.length; i++) {
                    k[i] = agg.keys.get(i).eval(r, cx);
                }
                final SortNodes.RowKey key = new SortNodes.RowKey(k);
                Aggregate.Acc[] accs = groups.get(key);
                if (accs == null) {
                    if (held > memory && spillable && depth < MAX_DEPTH) {
                        final int p = partition(key.hashCode(), depth);
                        if (parts[p] == null) {
                            parts[p] = cx.tempFiles().create("hashagg");
                        }
                        if (!SpillCodec.encodable(r)) {
                            throw new SqlException("53200", "out of memory", "Hash aggregation could not write a row of "
                                + "its input to a temporary file.", null, 0, null);
                        }
                        parts[p].append(r);
                        continue;
                    }
                    accs = agg.newAccs();
                    final long est = ExecContext.estimate(k) + 64L * agg.aggs.size();
                    cx.reserve(est);
                    held += est;
                    groups.put(key, accs);
                }
                for (int a = 0; a < agg.aggs.size(); a++) {
                    Aggregate.accumulate(agg.aggs.get(a), accs[a], r, cx);
                }
            }
            for (final SpillFile f : parts) {
                if (f != null) {
                    f.flush();
                    disk += f.position();
                    pending.add(new Object[] {f, depth + 1});
                }
            }
        } catch (final RuntimeException | Error e) {
            for (final SpillFile f : parts) {
                if (f != null) {
                    f.close();
                }
            }
            throw e;
        }
        peak = Math.max(peak, held);
        current = groups.entrySet().iterator();
        if (cx.instrument() != null) {
            cx.instrument().note(agg, "Batches: " + batches + "  Memory Usage: " + (peak + 1023) / 1024 + "kB"
                + (disk > 0 ? "  Disk Usage: " + (disk + 1023) / 1024 + "kB" : ""));
        }
    }

    @Override
    public Object[] next() {
        while (true) {
            if (current != null && current.hasNext()) {
                final Map.Entry<SortNodes.RowKey, Aggregate.Acc[]> e = current.next();
                current.remove();
                return agg.output(e.getKey(), e.getValue(), cx);
            }
            current = null;
            cx.release(held);
            held = 0;
            final Object[] p = pending.poll();
            if (p == null) {
                return null;
            }
            final SpillFile f = (SpillFile) p[0];
            try {
                final SpillFile.Reader rd = f.reader(0, f.position());
                build(rd::next, (Integer) p[1]);
            } catch (final RuntimeException | Error e) {
                close();
                throw e;
            } finally {
                f.close();
            }
        }
    }

    @Override
    public void close() {
        current = null;
        cx.release(held);
        held = 0;
        for (final Object[] p : pending) {
            ((SpillFile) p[0]).close();
        }
        pending.clear();
    }
}
