/** The binder and planner: names resolved as PostgreSQL does, types and coercions, plan choice. */
package io.stratum.compute.sql.analyze;
