package io.stratum.compute.catalog;

/**
 * A table constraint (pg_constraint row). NOT NULL is {@link ColumnDef#notNull()} (PostgreSQL 15 keeps no
 * pg_constraint row for it).
 *
 * @param oid its OID
 * @param name conname ({@code t_pkey}, {@code t_a_key}, {@code t_a_check})
 * @param kind p / u / c
 * @param tableOid conrelid
 * @param keyAttnums conkey (empty for a CHECK whose columns are not tracked)
 * @param indexOid conindid for p / u, 0 for c
 * @param checkExpr the CHECK expression as SQL text (without the CHECK keyword and outer parentheses), or null
 */
public record ConstraintDef(int oid, String name, ConstraintKind kind, int tableOid, int[] keyAttnums,
                            int indexOid, String checkExpr) {
}
