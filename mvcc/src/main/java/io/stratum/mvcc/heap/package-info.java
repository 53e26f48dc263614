/** Heap relations: slotted pages of tuple versions, their records and redo (rmgr 17), scans, fetches, free space. */
@Internal
package io.stratum.mvcc.heap;

import io.stratum.wal.Internal;
