package io.stratum.mvcc.btree;

import io.stratum.engine.redo.RedoRegistry;
import io.stratum.mvcc.BufferPool;
import io.stratum.mvcc.WalWriter;

/**
 * What a {@link BTree} runs on: the buffer pool, the WAL writer, the redo registry (holding
 * {@link BTreeRedo}, so that pages change through the same code the page server runs), the database number
 * of its page keys and the waiter for in-progress inserters of unique keys. {@code wal} may be null for a
 * read-only store (inserts and deletes then fail).
 */
public record BTreeContext(BufferPool pool, WalWriter wal, RedoRegistry redo, int database, XidWaiter waiter) {
}
