/**
 * Process assemblies shared by the daemons, the local cluster and the test harness: the page server
 * node (engine, page service, management API, WAL receivers), the embedded local cluster, and its branch
 * names (create, list, delete, protect, reset, restore) served under {@code /v1/branch}.
 */
package io.stratum.cluster;
