package io.stratum.compute.catalog;

import java.util.List;

/**
 * CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON table (columns).
 *
 * @param name index name, or null (PostgreSQL's: {@code t_a_b_idx}, or {@code t_a_key} for unique constraints)
 * @param schema schema of the table, or null (search path)
 * @param table table name
 * @param columns key columns (plain column references only)
 * @param unique UNIQUE
 * @param ifNotExists IF NOT EXISTS (only with a name): null result when it exists
 */
public record IndexSpec(String name, String schema, String table, List<String> columns, boolean unique,
                        boolean ifNotExists) {
}
