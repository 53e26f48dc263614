/** Metadata pages (kind KIND_META): the xid allocation limit and sequences, with their redo (rmgr 19). */
@Internal
package io.stratum.mvcc.meta;

import io.stratum.wal.Internal;
