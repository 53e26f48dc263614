/** B-tree indexes over byte-string keys: Lehman-Yao pages, their WAL records and redo (rmgr 18), cursors. */
@Internal
package io.stratum.mvcc.btree;

import io.stratum.wal.Internal;
