/** The file-system facade ({@link io.stratum.wal.io.FileIo}) and atomic checksummed small files; the fault-injecting twin is in the test jar. */
package io.stratum.wal.io;
