package io.stratum.mvcc;

import org.agrona.DirectBuffer;

/**
 * A range scan over a B-tree, forward or backward, holding at most one leaf pinned (right-links let it
 * move on without blocking splitters). Returns every entry in range; the caller checks heap visibility
 * with {@link HeapTable#fetch}. Not thread-safe; no allocation per entry.
 */
public interface IndexCursor extends AutoCloseable {
    /** Moves to the next entry in range; false at the end. */
    boolean next();

    /** The current entry's key bytes (valid until {@link #next()}). */
    DirectBuffer key();

    int keyOffset();

    int keyLength();

    /** The current entry's heap TID. */
    long tid();

    @Override
    void close();
}
