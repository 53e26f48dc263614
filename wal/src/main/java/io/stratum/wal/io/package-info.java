/** The file-system facade ({@link io.stratum.wal.io.FileIo}), its fault-injecting twin for tests, and atomic checksummed small files. */
package io.stratum.wal.io;
