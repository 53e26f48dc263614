/** The benchmark harness ({@code stratum bench}) and JMH benchmarks, one subpackage per module. */
package io.stratum.perf;
