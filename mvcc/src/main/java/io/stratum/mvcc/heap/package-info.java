/**
 * Heap relations: slotted pages of tuple versions, their records and redo (rmgr 17), scans, fetches, free space.
 * Internal: use {@link io.stratum.mvcc.HeapTable} and {@link io.stratum.mvcc.HeapPages}.
 */
@Internal
package io.stratum.mvcc.heap;

import io.stratum.wal.Internal;
