package io.stratum.compute.catalog;

import java.util.List;

/**
 * CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON table (keys) [WHERE predicate].
 *
 * @param name index name, or null (PostgreSQL's: {@code t_a_b_idx}, or {@code t_a_key} for unique constraints)
 * @param schema schema of the table, or null (search path)
 * @param table table name
 * @param columns key columns in key order, null where the key is an expression
 * @param unique UNIQUE
 * @param ifNotExists IF NOT EXISTS (only with a name): null result when it exists
 * @param exprs the expression keys in key order (deparsed SQL text), empty when none
 * @param exprTypeOids the result type of each expression key
 * @param predicate the partial index's predicate (deparsed SQL text), or null
 * @param nameParts the per-key names a generated index name joins (columns, {@code lower}, {@code expr})
 * @param pretty the pretty forms of the expressions, then of the predicate (see {@link IndexDef#pretty()})
 */
public record IndexSpec(String name, String schema, String table, List<String> columns, boolean unique,
                        boolean ifNotExists, List<String> exprs, int[] exprTypeOids, String predicate,
                        List<String> nameParts, List<String> pretty) {

    /** An index on plain columns. */
    public IndexSpec(final String name, final String schema, final String table, final List<String> columns,
                     final boolean unique, final boolean ifNotExists) {
        this(name, schema, table, columns, unique, ifNotExists, List.of(), new int[0], null, columns, List.of());
    }
}
