/** The wire format of requests and replies between the WAL client and WAL nodes (internal to raft/). */
@Internal
package io.stratum.raft.protocol;

import io.stratum.wal.Internal;
