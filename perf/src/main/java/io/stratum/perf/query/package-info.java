/** {@code stratum bench queries}: TPC-H-shaped analytic queries and OLTP lookups, Stratum against PostgreSQL 15. */
package io.stratum.perf.query;
