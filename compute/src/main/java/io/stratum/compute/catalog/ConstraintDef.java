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
 * @param checkExpr the CHECK expression as PostgreSQL deparses it, e.g. {@code (price > (0)::numeric)}, or null
 */
public record ConstraintDef(int oid, String name, ConstraintKind kind, int tableOid, int[] keyAttnums,
                            int indexOid, String checkExpr) {

    /** Equal when every field is, key attnums compared by content (the array is shared: do not modify it). */
    @Override
    public boolean equals(final Object other) {
        return other instanceof ConstraintDef o
            && oid == o.oid
            && java.util.Objects.equals(name, o.name)
            && java.util.Objects.equals(kind, o.kind)
            && java.util.Objects.equals(tableOid, o.tableOid)
            && java.util.Objects.equals(indexOid, o.indexOid)
            && java.util.Objects.equals(checkExpr, o.checkExpr)
            && java.util.Arrays.equals(keyAttnums, o.keyAttnums);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(oid, name, kind, tableOid, indexOid, checkExpr) * 31
            + java.util.Arrays.hashCode(keyAttnums);
    }

    @Override
    public String toString() {
        return "ConstraintDef[oid=" + oid + ", name=" + name + ", keyAttnums="
            + java.util.Arrays.toString(keyAttnums) + "]";
    }
}
