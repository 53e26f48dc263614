/**
 * The one test harness: {@link io.stratum.testkit.TestCluster} runs WAL nodes, a page server and a compute
 * in one JVM on loopback, each killable and restartable. Whole-cluster tests (psql, pgbench, pgJDBC, the
 * vanilla PostgreSQL oracle from {@code io.stratum.perf.pg}) live in this module's own tests, because the
 * harness depends on every library (a test-scoped dependency of compute would be a cycle).
 */
package io.stratum.testkit;
