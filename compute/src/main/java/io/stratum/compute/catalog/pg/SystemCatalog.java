package io.stratum.compute.catalog.pg;

import java.util.List;

/**
 * The registry of virtual system relations: pg_class, pg_namespace, pg_attribute, pg_type, pg_index,
 * pg_constraint, pg_attrdef, pg_am, pg_database, pg_roles, pg_user, pg_authid, pg_description,
 * pg_collation, pg_inherits, pg_policy, pg_statistic_ext, pg_publication, pg_publication_rel,
 * pg_publication_namespace, pg_partitioned_table, pg_trigger, pg_rewrite, pg_tablespace, pg_extension,
 * pg_sequence, pg_settings, pg_proc, pg_depend, pg_foreign_table, pg_views, pg_matviews, pg_tables,
 * pg_indexes, pg_sequences, information_schema.tables / columns / schemata. Their OIDs are PostgreSQL's
 * (pg_class 1259, pg_type 1247, ...). Stateless; thread-safe.
 */
public final class SystemCatalog {

    private SystemCatalog() {
    }

    /** Every system relation. */
    public static List<SystemRelation> all() {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** The relation {@code schema.name} (schema {@code pg_catalog} or {@code information_schema}), or null. */
    public static SystemRelation find(final String schema, final String name) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** By pg_class OID, or null. */
    public static SystemRelation byOid(final int oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * The set-returning {@code information_schema._pg_expandarray(anyarray)}: one row {@code (x, n)} per
     * element, n from 1 (columns x of the element type and n int4). Null array: no rows.
     */
    public static List<Object[]> expandArray(final Object[] array) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** Column names of {@code _pg_expandarray}'s composite result: {@code x}, {@code n}. */
    public static final List<String> EXPANDARRAY_COLUMNS = List.of("x", "n");
}
