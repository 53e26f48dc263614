package io.stratum.mvcc;

/**
 * A sequential scan of the versions of a heap visible to a transaction's current snapshot. Holds at most
 * one page pinned. Not thread-safe; reused across rows with no allocation per row.
 * <pre>{@code
 * try (HeapScan s = heap.scan(tx)) { while (s.next()) use(s.tuple()); }
 * }</pre>
 */
public interface HeapScan extends AutoCloseable {
    /** Moves to the next visible tuple; false at the end. */
    boolean next();

    /** The current tuple (valid until {@link #next()} or {@link #close()}). */
    TupleView tuple();

    /**
     * The TID an index entry for the current tuple must name: the root of its HOT chain (the tuple's own
     * TID when it is in none). CREATE INDEX on existing rows uses it.
     */
    long rootTid();

    @Override
    void close();
}
