package io.stratum.wal.io;

import java.util.Map;
import java.util.TreeMap;

/**
 * Sums what the storage-fault campaigns did across the tries of a property (cases, faults fired by kind
 * and write point, crash effects), so the container can assert that every kind really fired and print the
 * figures quoted in docs/reliability.md.
 */
public final class FaultTally {
    private final Map<String, Long> counts = new TreeMap<>();

    public synchronized void add(final String what, final long n) {
        if (n != 0) {
            counts.merge(what, n, Long::sum);
        }
    }

    public synchronized void add(final FaultInjectingFileIo.Counts c) {
        add("fault fsync", c.forceFailures());
        add("fault directory fsync", c.dirSyncFailures());
        add("fault ENOSPC", c.noSpace());
        add("fault power cut", c.powerCuts());
        add("crash writes kept", c.writesKept());
        add("crash writes dropped", c.writesDropped());
        add("crash writes torn", c.writesTorn());
        add("crash directory changes reverted", c.dirOpsReverted());
        add("fsync retried after a failure", c.retriedForces());
    }

    /** The sum of the counts whose name starts with "cases ". */
    public synchronized long cases() {
        long n = 0;
        for (final Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getKey().startsWith("cases ")) {
                n += e.getValue();
            }
        }
        return n;
    }

    public synchronized long get(final String what) {
        return counts.getOrDefault(what, 0L);
    }

    @Override
    public synchronized String toString() {
        return counts.toString();
    }
}
