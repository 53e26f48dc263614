/** {@code pg_catalog} and {@code information_schema} as virtual relations, and PostgreSQL's catalog functions. */
package io.stratum.compute.catalog.pg;
