/** The reliability campaign ({@code stratum chaos}): the cluster as processes, client workloads, a seeded nemesis and a checker. */
package io.stratum.chaos;
