/** Transactions, snapshots, commit log, heap pages and B-tree over the page store (not built yet). */
package io.stratum.mvcc;
