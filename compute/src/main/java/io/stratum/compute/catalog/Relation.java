package io.stratum.compute.catalog;

/**
 * Anything with a pg_class row: a table ({@link TableDef}), an index ({@link IndexDef}), a sequence
 * ({@link SequenceDef}) or a virtual system relation ({@code io.stratum.compute.catalog.pg.SystemRelation}).
 */
public interface Relation {
    /** The pg_class OID. */
    int oid();

    /** relname. */
    String name();

    /** relnamespace. */
    int namespaceOid();

    /** relkind: 'r' table, 'i' index, 'S' sequence, 'v' view (system views). */
    char kind();
}
