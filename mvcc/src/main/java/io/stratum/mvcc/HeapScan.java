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

    @Override
    void close();
}
