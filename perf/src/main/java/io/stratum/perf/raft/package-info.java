/** {@code stratum bench raft}: the WAL service against an fsync reference and raw Ratis, in one run. */
package io.stratum.perf.raft;
