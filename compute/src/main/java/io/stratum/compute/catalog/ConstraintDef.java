package io.stratum.compute.catalog;

/**
 * A table constraint (pg_constraint row). NOT NULL is {@link ColumnDef#notNull()} (PostgreSQL 15 keeps no
 * pg_constraint row for it).
 *
 * @param oid its OID
 * @param name conname ({@code t_pkey}, {@code t_a_key}, {@code t_a_check}, {@code t_a_fkey})
 * @param kind p / u / c / f
 * @param tableOid conrelid
 * @param keyAttnums conkey (empty for a CHECK whose columns are not tracked)
 * @param indexOid conindid: the constraint's index for p / u, the referenced table's unique index for f, 0 for c
 * @param checkExpr the CHECK expression as PostgreSQL deparses it, e.g. {@code (price > (0)::numeric)}, or null
 * @param refTableOid confrelid (f only, else 0)
 * @param refAttnums confkey: the referenced columns, in the order of {@code keyAttnums} (f only, else empty)
 * @param onUpdate confupdtype: a no action, r restrict, c cascade, n set null, d set default (f only, else ' ')
 * @param onDelete confdeltype, as {@code onUpdate}
 * @param matchType confmatchtype: s simple, f full (f only, else ' ')
 */
public record ConstraintDef(int oid, String name, ConstraintKind kind, int tableOid, int[] keyAttnums,
                            int indexOid, String checkExpr, int refTableOid, int[] refAttnums, char onUpdate,
                            char onDelete, char matchType) {

    private static final int[] NONE = new int[0];

    /** A primary key, unique or check constraint. */
    public ConstraintDef(final int oid, final String name, final ConstraintKind kind, final int tableOid,
                         final int[] keyAttnums, final int indexOid, final String checkExpr) {
        this(oid, name, kind, tableOid, keyAttnums, indexOid, checkExpr, 0, NONE, ' ', ' ', ' ');
    }

    /** Whether this is a FOREIGN KEY. */
    public boolean foreignKey() {
        return kind == ConstraintKind.FOREIGN_KEY;
    }

    /** The same constraint under another name. */
    public ConstraintDef renamed(final String newName) {
        return new ConstraintDef(oid, newName, kind, tableOid, keyAttnums, indexOid, checkExpr, refTableOid, refAttnums,
            onUpdate, onDelete, matchType);
    }

    /** Equal when every field is, attnums compared by content (the arrays are shared: do not modify them). */
    @Override
    public boolean equals(final Object other) {
        return other instanceof ConstraintDef o
            && oid == o.oid
            && java.util.Objects.equals(name, o.name)
            && java.util.Objects.equals(kind, o.kind)
            && tableOid == o.tableOid
            && indexOid == o.indexOid
            && java.util.Objects.equals(checkExpr, o.checkExpr)
            && java.util.Arrays.equals(keyAttnums, o.keyAttnums)
            && refTableOid == o.refTableOid
            && java.util.Arrays.equals(refAttnums, o.refAttnums)
            && onUpdate == o.onUpdate && onDelete == o.onDelete && matchType == o.matchType;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(oid, name, kind, tableOid, indexOid, checkExpr, refTableOid) * 31
            + java.util.Arrays.hashCode(keyAttnums);
    }

    @Override
    public String toString() {
        return "ConstraintDef[oid=" + oid + ", name=" + name + ", kind=" + kind + ", keyAttnums="
            + java.util.Arrays.toString(keyAttnums) + (refTableOid == 0 ? "" : ", refTable=" + refTableOid
            + ", refAttnums=" + java.util.Arrays.toString(refAttnums)) + "]";
    }
}
