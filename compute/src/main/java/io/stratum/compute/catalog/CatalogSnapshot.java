package io.stratum.compute.catalog;

import java.util.List;

/**
 * An immutable view of the catalog: the committed schema as of a {@link Catalog#generation()}, or a
 * transaction's own view after it did uncommitted DDL. Cheap to hold; all lookups are map reads. Names are
 * compared exactly (the parser case-folds unquoted identifiers). Thread-safe.
 */
public final class CatalogSnapshot {

    CatalogSnapshot() {
    }

    /** The generation this snapshot was built at (private views report the committed generation they started from). */
    public long generation() {
        throw new UnsupportedOperationException("catalog being built");
    }

    public List<NamespaceDef> namespaces() {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** Schema by name, or null. */
    public NamespaceDef namespace(final String name) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** Schema by OID, or null. */
    public NamespaceDef namespace(final int oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** All user tables, by OID. */
    public List<TableDef> tables() {
        throw new UnsupportedOperationException("catalog being built");
    }

    public List<IndexDef> indexes() {
        throw new UnsupportedOperationException("catalog being built");
    }

    public List<SequenceDef> sequences() {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** Table by OID, or null. */
    public TableDef table(final int oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** Index by OID, or null. */
    public IndexDef index(final int oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** Sequence by OID, or null. */
    public SequenceDef sequence(final int oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * Any relation by OID: user tables, indexes, sequences and the virtual {@code pg_catalog} /
     * {@code information_schema} relations; null when none.
     */
    public Relation relation(final int oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * Resolves a relation name as PostgreSQL does: {@code schema.name} when {@code schema} is given, else
     * pg_catalog first (unless the search path lists it elsewhere), then each search-path schema that
     * exists ({@code "$user"} is the session user). Covers user relations and the virtual system ones.
     *
     * @return the relation, or null when none
     * @throws io.stratum.compute.session.SqlException 3F000 when {@code schema} does not exist
     */
    public Relation resolve(final CatalogContext ctx, final String schema, final String name) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * Resolves a table as {@link #resolve} does.
     *
     * @throws io.stratum.compute.session.SqlException 42P01 {@code relation "t" does not exist} (the name as
     *     written, {@code s.t} when qualified), 42809 {@code "x" is not a table} for an index or sequence
     */
    public TableDef table(final CatalogContext ctx, final String schema, final String name) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** As {@link #table(CatalogContext, String, String)} but null when there is no such relation. */
    public TableDef findTable(final CatalogContext ctx, final String schema, final String name) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * Resolves a sequence ({@code nextval('t_id_seq')}); the name may be qualified ({@code public.s}).
     *
     * @throws io.stratum.compute.session.SqlException 42P01 when there is none, 42809 when not a sequence
     */
    public SequenceDef sequence(final CatalogContext ctx, final String schema, final String name) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * The schemas of the search path that exist, in order, as OIDs; pg_catalog first when the path does not
     * name it and {@code includeImplicit} (current_schemas(true)).
     */
    public List<NamespaceDef> searchPath(final CatalogContext ctx, final boolean includeImplicit) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** The schema unqualified CREATEs go to (first existing search-path schema), or null when none. */
    public NamespaceDef creationNamespace(final CatalogContext ctx) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** Blocks of the relation at {@code relfilenode} now (pg_relation_size / 8192); 0 when it is missing. */
    public long relationBlocks(final int relfilenode) {
        throw new UnsupportedOperationException("catalog being built");
    }
}
