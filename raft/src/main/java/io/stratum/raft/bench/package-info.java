/** Baselines for benchmarking the WAL service against raw Apache Ratis (used by {@code stratum bench raft}). */
package io.stratum.raft.bench;
