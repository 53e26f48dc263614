/**
 * The real PostgreSQL 15 clients (psql, pgbench) and a throwaway vanilla PostgreSQL 15 server: the peer
 * that {@code stratum bench pgbench} measures against, and the oracle the testkit's tests compare with.
 */
package io.stratum.perf.pg;
