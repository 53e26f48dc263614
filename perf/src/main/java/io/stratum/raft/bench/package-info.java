/** Baselines for benchmarking the WAL service against raw Apache Ratis (used by {@code stratum bench raft}); lives in perf, not in the raft artifact. */
package io.stratum.raft.bench;
