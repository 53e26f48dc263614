/** The tries and seed override shared by the fuzz suites of wal, engine and pageserver (through wal's test jar). */
package io.stratum.wal.fuzz;
