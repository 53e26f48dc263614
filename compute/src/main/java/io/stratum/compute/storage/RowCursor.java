package io.stratum.compute.storage;

/**
 * A cursor over rows of one table visible to a transaction (sequential or index scan). The row array is
 * reused: copy values that must outlive {@link #next()}. Not thread-safe; no allocation per row beyond the
 * decoded values.
 * <pre>{@code
 * try (RowCursor c = access.scan(tx)) { while (c.next()) use(c.tid(), c.row()); }
 * }</pre>
 */
public interface RowCursor extends AutoCloseable {
    /** Moves to the next visible row; false at the end. */
    boolean next();

    /** TID of the current row's version. */
    long tid();

    /** The current row, decoded (index = attnum - 1). */
    Object[] row();

    @Override
    void close();
}
