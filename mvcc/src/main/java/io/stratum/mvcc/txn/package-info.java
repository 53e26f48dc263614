/** Transactions: xid assignment and recovery, snapshots and visibility, savepoints, row-lock waits and deadlock detection. */
@Internal
package io.stratum.mvcc.txn;

import io.stratum.wal.Internal;
