/** The WAL record format (drawn in {@link io.stratum.wal.codec.WalRecord}) and its flyweight encoder and decoder. */
package io.stratum.wal.codec;
