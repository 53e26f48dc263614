/** The {@code stratum} command line: local cluster, daemons, tools and benchmarks, wired to the real modules. */
package io.stratum.cli;
