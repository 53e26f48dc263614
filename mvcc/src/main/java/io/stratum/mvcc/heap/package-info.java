/**
 * Heap relations: slotted pages of tuple versions, their records and redo (rmgr 17), scans, fetches, free space.
 * Meant to be internal (use {@link io.stratum.mvcc.HeapTable} and {@link io.stratum.mvcc.HeapPages}); it gets
 * {@code @Internal} once cluster's BranchView reads pages through {@code HeapPages}.
 */
package io.stratum.mvcc.heap;
