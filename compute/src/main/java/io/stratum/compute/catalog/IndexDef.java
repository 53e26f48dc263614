package io.stratum.compute.catalog;

/**
 * A B-tree index (pg_class row of relkind 'i' plus its pg_index row).
 *
 * @param oid its OID (pg_class.oid, pg_index.indexrelid)
 * @param name relname, e.g. {@code t_pkey}, {@code t_a_key}, {@code t_a_idx}
 * @param namespaceOid the table's schema
 * @param tableOid indrelid
 * @param keyAttnums indkey: the table's attnums in key order
 * @param unique indisunique
 * @param primary indisprimary
 * @param relfilenode the mvcc relation number of its B-tree (changes on TRUNCATE)
 */
public record IndexDef(int oid, String name, int namespaceOid, int tableOid, int[] keyAttnums, boolean unique,
                       boolean primary, int relfilenode) implements Relation {
    @Override
    public char kind() {
        return 'i';
    }

    /** Equal when every field is, key attnums compared by content (the array is shared: do not modify it). */
    @Override
    public boolean equals(final Object other) {
        return other instanceof IndexDef o
            && oid == o.oid
            && java.util.Objects.equals(name, o.name)
            && java.util.Objects.equals(namespaceOid, o.namespaceOid)
            && java.util.Objects.equals(tableOid, o.tableOid)
            && java.util.Objects.equals(unique, o.unique)
            && java.util.Objects.equals(primary, o.primary)
            && java.util.Objects.equals(relfilenode, o.relfilenode)
            && java.util.Arrays.equals(keyAttnums, o.keyAttnums);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(oid, name, namespaceOid, tableOid, unique, primary, relfilenode) * 31
            + java.util.Arrays.hashCode(keyAttnums);
    }

    @Override
    public String toString() {
        return "IndexDef[oid=" + oid + ", name=" + name + ", keyAttnums="
            + java.util.Arrays.toString(keyAttnums) + "]";
    }
}
