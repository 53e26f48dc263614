/** Ingest from a {@link io.stratum.wal.WalSource}: the in-process adapter that feeds a timeline and reports persisted LSNs. */
package io.stratum.engine.ingest;
