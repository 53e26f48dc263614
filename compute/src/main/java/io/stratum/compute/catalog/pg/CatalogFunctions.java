package io.stratum.compute.catalog.pg;

import io.stratum.compute.catalog.CatalogContext;
import io.stratum.compute.catalog.CatalogSnapshot;
import java.util.List;

/**
 * PostgreSQL's catalog functions with its exact output, as static methods over a catalog snapshot. Null
 * arguments give null results where PostgreSQL's functions are strict. OIDs are passed as long (oid,
 * regclass values). Stateless; thread-safe.
 */
public final class CatalogFunctions {

    private CatalogFunctions() {
    }

    /**
     * format_type(type_oid, typemod): {@code integer}, {@code character varying(20)}, {@code numeric(10,2)},
     * {@code timestamp with time zone}, {@code text}, {@code bigint}, {@code "char"}, {@code name},
     * {@code integer[]}; {@code ???} for an unknown OID as PostgreSQL. {@code typmod} null means the SQL NULL
     * (then bpchar prints {@code bpchar}, not {@code character}).
     */
    public static String formatType(final CatalogSnapshot snapshot, final Long typeOid, final Integer typmod) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * pg_get_indexdef(index_oid [, column, pretty]): column 0 the whole
     * {@code CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)}, column k the k-th key column's name;
     * null for an unknown OID.
     */
    public static String pgGetIndexdef(final CatalogSnapshot snapshot, final long indexOid, final int column,
                                       final boolean pretty) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** pg_get_constraintdef(oid [, pretty]): {@code PRIMARY KEY (id)}, {@code UNIQUE (a, b)}, {@code CHECK ((a > 0))}. */
    public static String pgGetConstraintdef(final CatalogSnapshot snapshot, final long constraintOid,
                                            final boolean pretty) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** pg_get_expr(expr_text, relid [, pretty]): the stored expression text as is. */
    public static String pgGetExpr(final String expression, final long relationOid, final boolean pretty) {
        return expression;
    }

    /** pg_table_is_visible(oid): found first by its unqualified name through the search path. */
    public static boolean pgTableIsVisible(final CatalogSnapshot snapshot, final CatalogContext ctx, final long oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** pg_type_is_visible(oid): built-in types are in pg_catalog; table row types as their tables. */
    public static boolean pgTypeIsVisible(final CatalogSnapshot snapshot, final CatalogContext ctx, final long oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** pg_get_userbyid(oid): the session user for 10, {@code unknown (OID=n)} otherwise, as PostgreSQL. */
    public static String pgGetUserbyid(final CatalogContext ctx, final long roleOid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** obj_description / col_description / shobj_description: Stratum keeps no comments. */
    public static String objDescription(final long oid, final String catalogName) {
        return null;
    }

    /** pg_encoding_to_char(6) = {@code UTF8}; {@code SQL_ASCII} 0; empty for unknown ones. */
    public static String pgEncodingToChar(final int encoding) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** pg_relation_size(oid): main fork bytes (blocks x 8192); null for an unknown OID. */
    public static Long pgRelationSize(final CatalogSnapshot snapshot, final long oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** pg_table_size(oid): as pg_relation_size (no TOAST, no FSM/VM forks in Stratum). */
    public static Long pgTableSize(final CatalogSnapshot snapshot, final long oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** pg_indexes_size(oid): the sum over the table's indexes. */
    public static Long pgIndexesSize(final CatalogSnapshot snapshot, final long oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** pg_total_relation_size(oid): table plus its indexes. */
    public static Long pgTotalRelationSize(final CatalogSnapshot snapshot, final long oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** pg_size_pretty(bigint): {@code 8192 bytes}, {@code 16 kB}, {@code 10 MB}, as PostgreSQL rounds. */
    public static String pgSizePretty(final long bytes) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * pg_get_serial_sequence(table, column): {@code public.t_id_seq}, or null when the column owns none.
     *
     * @throws io.stratum.compute.session.SqlException 42P01 / 42703
     */
    public static String pgGetSerialSequence(final CatalogSnapshot snapshot, final CatalogContext ctx,
                                             final String table, final String column) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * regclass input: {@code 't'::regclass}, {@code 'public.t'}, {@code '"T"'}, or digits (an OID as is).
     *
     * @throws io.stratum.compute.session.SqlException 42P01 {@code relation "t" does not exist}
     */
    public static long regclassIn(final CatalogSnapshot snapshot, final CatalogContext ctx, final String text) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** regclass output: the name, schema-qualified when not visible, quoted as needed; the digits for unknown OIDs. */
    public static String regclassOut(final CatalogSnapshot snapshot, final CatalogContext ctx, final long oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /**
     * regtype input: {@code integer}, {@code int4}, {@code character varying}, {@code text[]}, digits.
     *
     * @throws io.stratum.compute.session.SqlException 42704 {@code type "x" does not exist}
     */
    public static long regtypeIn(final CatalogSnapshot snapshot, final String text) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** regtype output: format_type(oid, NULL); digits for unknown OIDs. */
    public static String regtypeOut(final CatalogSnapshot snapshot, final long oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** regnamespace output: the schema name (quoted as needed); digits for unknown OIDs. */
    public static String regnamespaceOut(final CatalogSnapshot snapshot, final long oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** regnamespace input; 3F000 {@code schema "s" does not exist}. */
    public static long regnamespaceIn(final CatalogSnapshot snapshot, final String text) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** regproc / regprocedure output for the few pg_proc rows known; digits otherwise ({@code -} for 0). */
    public static String regprocOut(final long oid) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** has_table_privilege / has_schema_privilege / has_database_privilege / has_column_privilege: true. */
    public static boolean hasPrivilege() {
        return true;
    }

    /** current_schemas(include_implicit): schema names of the effective search path. */
    public static Object[] currentSchemas(final CatalogSnapshot snapshot, final CatalogContext ctx,
                                          final boolean includeImplicit) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** current_schema(): the first existing search-path schema, or null. */
    public static String currentSchema(final CatalogSnapshot snapshot, final CatalogContext ctx) {
        throw new UnsupportedOperationException("catalog being built");
    }

    /** pg_is_other_temp_schema(oid): false (no temporary schemas). */
    public static boolean pgIsOtherTempSchema(final long namespaceOid) {
        return false;
    }

    /** pg_get_partkeydef(oid): null (no partitioned tables). */
    public static String pgGetPartkeydef(final long oid) {
        return null;
    }

    /** pg_partition_ancestors(oid): no rows (set-returning; one column {@code relid} regclass). */
    public static List<Object[]> pgPartitionAncestors(final long oid) {
        return List.of();
    }

    /** pg_relation_is_publishable(oid): false (no publications). */
    public static boolean pgRelationIsPublishable(final long oid) {
        return false;
    }

    /** pg_get_triggerdef, pg_get_viewdef, pg_get_ruledef, pg_get_statisticsobjdef_columns: null (none exist). */
    public static String pgGetNoDef(final long oid) {
        return null;
    }

    /** quote_ident as PostgreSQL: double quotes unless lower-case letters, digits, underscores and not a keyword. */
    public static String quoteIdent(final String identifier) {
        throw new UnsupportedOperationException("catalog being built");
    }
}
