/** Fuzz suites of the compute: the PostgreSQL protocol decoder and the SQL parser, on random and mutated real input. */
package io.stratum.compute.fuzz;
