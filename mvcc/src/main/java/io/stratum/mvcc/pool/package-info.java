/** The compute's buffer pool (clock sweep, latches, last-written-LSN cache) and the relation-size cache. */
package io.stratum.mvcc.pool;
