/** A single-node, unreplicated WAL service over local {@link io.stratum.wal.WalLog}s: for embedding and tests. */
package io.stratum.wal.local;
