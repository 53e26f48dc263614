/**
 * The test harness: {@link io.stratum.testkit.TestCluster} (WAL nodes, page server and compute in one JVM on
 * loopback, each killable and restartable), {@link io.stratum.testkit.PgClients} (the real psql and pgbench)
 * and {@link io.stratum.testkit.VanillaPostgres} (a throwaway PostgreSQL 15 used as the oracle).
 */
package io.stratum.testkit;
