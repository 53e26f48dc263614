/** Transactions: xid assignment and recovery, snapshots and visibility, savepoints, row-lock waits and deadlock detection. */
package io.stratum.mvcc.txn;
