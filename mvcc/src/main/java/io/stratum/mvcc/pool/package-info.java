/** The compute's buffer pool (clock sweep, latches, last-written-LSN cache) and the relation-size cache. */
@Internal
package io.stratum.mvcc.pool;

import io.stratum.wal.Internal;
