/** {@code stratum tool}: dump and verify WAL segments and layer files. */
package io.stratum.cli.tool;
