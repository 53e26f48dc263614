/** Transactions, snapshots, commit log, heap pages and B-tree over the page store: the public API (see docs/mvcc.md). */
package io.stratum.mvcc;
