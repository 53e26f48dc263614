package io.stratum.compute.catalog;

import java.util.List;

/**
 * CREATE TABLE, as the sqlengine hands it to {@link Catalog#createTable}.
 *
 * @param schema explicit schema, or null (the first existing schema of the search path)
 * @param name table name
 * @param columns in order
 * @param constraints table and column constraints (each PRIMARY KEY / UNIQUE becomes a unique B-tree index)
 * @param options storage parameters as {@code name=value} text ({@code fillfactor=100}); kept, not interpreted
 * @param ifNotExists IF NOT EXISTS: an existing relation is a no-op ({@link Catalog#createTable} returns null
 *     and the sqlengine sends PostgreSQL's NOTICE {@code relation "t" already exists, skipping})
 */
public record TableSpec(String schema, String name, List<ColumnSpec> columns, List<ConstraintSpec> constraints,
                        List<String> options, boolean ifNotExists) {
}
