package io.stratum.compute.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The statistics of one store's tables, by table OID, kept in memory (a compute that starts afresh plans
 * without them until the next ANALYZE). {@link #version()} moves on every change, so cached plans made
 * before it are made again. Thread-safe. Threads: none.
 */
public final class Statistics {
    /** At most this many tables keep statistics; past it the map is cleared (a bound, not an LRU). */
    static final int MAX_TABLES = 10_000;

    private final Map<Integer, TableStats> tables = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    public TableStats get(final int tableOid) {
        return tables.get(tableOid);
    }

    public void put(final int tableOid, final TableStats stats) {
        if (tables.size() >= MAX_TABLES && !tables.containsKey(tableOid)) {
            tables.clear();
        }
        tables.put(tableOid, stats);
        version.incrementAndGet();
    }

    public long version() {
        return version.get();
    }
}
