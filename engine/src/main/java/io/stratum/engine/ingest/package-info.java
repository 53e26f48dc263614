/** The WAL receiver: feeds a timeline from a {@link io.stratum.wal.WalSource} and reports what is persisted. */
package io.stratum.engine.ingest;
