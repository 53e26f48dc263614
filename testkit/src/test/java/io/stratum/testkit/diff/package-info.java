/** Differential testing of Stratum's SQL against vanilla PostgreSQL 15: corpus, generator, comparison. */
package io.stratum.testkit.diff;
