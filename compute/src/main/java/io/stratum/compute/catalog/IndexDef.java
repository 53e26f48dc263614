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
}
