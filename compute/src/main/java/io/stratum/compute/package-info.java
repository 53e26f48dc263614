/**
 * The compute: {@link io.stratum.compute.ComputeNode} serves PostgreSQL clients (pgwire), runs their SQL
 * (sql, exec, engine) over mvcc stores of the branches they name, with pages from the page server and
 * WAL to the WAL service.
 */
package io.stratum.compute;
