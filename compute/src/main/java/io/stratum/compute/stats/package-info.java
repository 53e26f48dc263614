/** Planner statistics gathered by ANALYZE: row counts, distinct values, most common values, histograms. */
package io.stratum.compute.stats;
