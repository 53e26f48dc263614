/** The commit log: per-xid status and commit timestamp on KIND_CLOG pages, its records and redo (rmgr 16). */
@Internal
package io.stratum.mvcc.clog;

import io.stratum.wal.Internal;
