/** {@code stratum bench wal}: the local WAL against the disk's fsync limit. */
package io.stratum.perf.wal;
