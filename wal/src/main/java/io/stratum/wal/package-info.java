/**
 * The local write-ahead log ({@link io.stratum.wal.WalLog}), LSN helpers, identifiers, the error type, and
 * the two seams through which WAL travels between processes ({@link io.stratum.wal.WalSource},
 * {@link io.stratum.wal.WalSink}).
 */
package io.stratum.wal;
