/**
 * Process assemblies shared by the daemons, the local cluster and the test harness: the page server
 * node (engine, page service, management API, WAL receivers) and the embedded local cluster.
 */
package io.stratum.cluster;
