/** Benchmarks of the page server engine, in process: {@code stratum bench getpage|branch|ingest}. */
package io.stratum.perf.engine;
