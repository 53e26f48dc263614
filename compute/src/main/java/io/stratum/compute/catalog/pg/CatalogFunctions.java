package io.stratum.compute.catalog.pg;

import io.stratum.compute.catalog.CatalogContext;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.ConstraintDef;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.NamespaceDef;
import io.stratum.compute.catalog.Relation;
import io.stratum.compute.catalog.SequenceDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.util.List;

/**
 * PostgreSQL's catalog functions with its exact output, as static methods over a catalog snapshot. Null
 * arguments give null results where PostgreSQL's functions are strict. OIDs are passed as long (oid,
 * regclass values). Stateless; thread-safe; starts no threads.
 */
public final class CatalogFunctions {

    private CatalogFunctions() {
    }

    /**
     * format_type(type_oid, typemod): {@code integer}, {@code character varying(20)}, {@code numeric(10,2)},
     * {@code timestamp with time zone}, {@code text}, {@code bigint}, {@code "char"}, {@code name},
     * {@code integer[]}; {@code ???} for an unknown OID as PostgreSQL. {@code typmod} null means the SQL NULL
     * (then bpchar prints {@code character}; with typmod -1 it prints {@code bpchar}, as PostgreSQL).
     */
    public static String formatType(final CatalogSnapshot snapshot, final Long typeOid, final Integer typmod) {
        if (typeOid == null) {
            return null;
        }
        return TypeFormat.format(snapshot, typeOid, typmod);
    }

    /**
     * pg_get_indexdef(index_oid [, column, pretty]): column 0 the whole
     * {@code CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)}, column k the k-th key column's name
     * (empty past the last); null for an unknown OID. The table is schema-qualified unless {@code pretty};
     * pretty qualifies it only outside public (use the overload with a context for the search path).
     */
    public static String pgGetIndexdef(final CatalogSnapshot snapshot, final long indexOid, final int column,
                                       final boolean pretty) {
        return indexdef(snapshot, null, indexOid, column, pretty);
    }

    /** As {@link #pgGetIndexdef(CatalogSnapshot, long, int, boolean)}; pretty qualifies the table when not visible. */
    public static String pgGetIndexdef(final CatalogSnapshot snapshot, final CatalogContext ctx, final long indexOid,
                                       final int column, final boolean pretty) {
        return indexdef(snapshot, ctx, indexOid, column, pretty);
    }

    private static String indexdef(final CatalogSnapshot snapshot, final CatalogContext ctx, final long indexOid,
                                   final int column, final boolean pretty) {
        final IndexDef i = snapshot.index((int) indexOid);
        if (i == null) {
            return null;
        }
        final TableDef t = snapshot.table(i.tableOid());
        final int[] keys = i.keyAttnums();
        if (column > 0) {
            return column <= keys.length ? key(i, t, column - 1, pretty) : "";
        }
        final StringBuilder sb = new StringBuilder("CREATE ");
        if (i.unique()) {
            sb.append("UNIQUE ");
        }
        sb.append("INDEX ").append(quoteIdent(i.name())).append(" ON ");
        final boolean visible = ctx != null ? pgTableIsVisible(snapshot, ctx, t.oid())
            : t.namespaceOid() == NamespaceDef.PUBLIC;
        if (!pretty || !visible) {
            sb.append(quoteIdent(snapshot.namespace(t.namespaceOid()).name())).append('.');
        }
        sb.append(quoteIdent(t.name())).append(" USING btree (");
        for (int k = 0; k < keys.length; k++) {
            if (k > 0) {
                sb.append(", ");
            }
            sb.append(key(i, t, k, pretty));
        }
        sb.append(')');
        if (i.predicate() != null) {
            sb.append(" WHERE ").append(pretty ? i.prettyPredicate() : i.predicate());
        }
        return sb.toString();
    }

    /** Key {@code k} of an index: the column's name, or the expression (in parentheses unless a function call). */
    private static String key(final IndexDef i, final TableDef t, final int k, final boolean pretty) {
        final int[] keys = i.keyAttnums();
        if (keys[k] > 0) {
            return quoteIdent(t.columns().get(keys[k] - 1).name());
        }
        int e = 0;
        for (int j = 0; j < k; j++) {
            e += keys[j] == 0 ? 1 : 0;
        }
        return IndexDef.keyText(pretty ? i.prettyExpr(e) : i.exprs().get(e));
    }

    /** pg_get_constraintdef(oid [, pretty]): {@code PRIMARY KEY (id)}, {@code UNIQUE (a, b)}, {@code CHECK ((a > 0))}. */
    public static String pgGetConstraintdef(final CatalogSnapshot snapshot, final long constraintOid,
                                            final boolean pretty) {
        final ConstraintDef c = snapshot.constraint((int) constraintOid);
        if (c == null) {
            return null;
        }
        final TableDef t = snapshot.table(c.tableOid());
        switch (c.kind()) {
            case PRIMARY_KEY:
                return "PRIMARY KEY (" + columnList(t, c.keyAttnums()) + ")";
            case UNIQUE:
                return "UNIQUE (" + columnList(t, c.keyAttnums()) + ")";
            case FOREIGN_KEY: {
                final TableDef ref = snapshot.table(c.refTableOid());
                final StringBuilder sb = new StringBuilder("FOREIGN KEY (").append(columnList(t, c.keyAttnums()))
                    .append(") REFERENCES ");
                if (ref.namespaceOid() != NamespaceDef.PUBLIC) {
                    sb.append(quoteIdent(snapshot.namespace(ref.namespaceOid()).name())).append('.');
                }
                sb.append(quoteIdent(ref.name())).append('(').append(columnList(ref, c.refAttnums())).append(')');
                if (c.matchType() == 'f') {
                    sb.append(" MATCH FULL");
                }
                if (c.onUpdate() != 'a') {
                    sb.append(" ON UPDATE ").append(actionText(c.onUpdate()));
                }
                if (c.onDelete() != 'a') {
                    sb.append(" ON DELETE ").append(actionText(c.onDelete()));
                }
                return sb.toString();
            }
            default: {
                String e = c.checkExpr() == null ? "true" : c.checkExpr().strip();
                if (pretty && wrapped(e)) {
                    e = e.substring(1, e.length() - 1);
                } else if (!pretty && !wrapped(e)) {
                    e = "(" + e + ")";
                }
                return "CHECK (" + e + ")";
            }
        }
    }

    /** A referential action's SQL words (confupdtype / confdeltype). */
    public static String actionText(final char action) {
        switch (action) {
            case 'r': return "RESTRICT";
            case 'c': return "CASCADE";
            case 'n': return "SET NULL";
            case 'd': return "SET DEFAULT";
            default: return "NO ACTION";
        }
    }

    /** pg_get_expr(expr_text, relid [, pretty]): the stored expression text as is. */
    public static String pgGetExpr(final String expression, final long relationOid, final boolean pretty) {
        return expression;
    }

    /** pg_table_is_visible(oid): found first by its unqualified name through the search path. */
    public static boolean pgTableIsVisible(final CatalogSnapshot snapshot, final CatalogContext ctx, final long oid) {
        final Relation r = snapshot.relation((int) oid);
        if (r == null) {
            return false;
        }
        return snapshot.resolve(ctx, null, r.name()) == r;
    }

    /** pg_type_is_visible(oid): built-in types are in pg_catalog; table row types as their tables. */
    public static boolean pgTypeIsVisible(final CatalogSnapshot snapshot, final CatalogContext ctx, final long oid) {
        if (PgType.byOid((int) oid) != null) {
            return true;
        }
        final io.stratum.compute.types.EnumType e = snapshot.enumType((int) oid);
        if (e != null) {
            final io.stratum.compute.types.EnumType found = snapshot.enumType(ctx, null, e.name());
            return found != null && found.oid() == e.oid();
        }
        final TableDef t = snapshot.tableOfRowType((int) oid);
        return t != null && pgTableIsVisible(snapshot, ctx, t.oid());
    }

    /** pg_get_userbyid(oid): the session user for 10, pg_database_owner for 6171, {@code unknown (OID=n)} otherwise. */
    public static String pgGetUserbyid(final CatalogContext ctx, final long roleOid) {
        if (roleOid == NamespaceDef.SUPERUSER_OID) {
            return ctx.user();
        }
        return roleOid == NamespaceDef.DATABASE_OWNER_OID ? "pg_database_owner" : "unknown (OID=" + roleOid + ")";
    }

    /**
     * obj_description / col_description / shobj_description: Stratum keeps no comments except PostgreSQL's
     * built-in one on schema public.
     */
    public static String objDescription(final long oid, final String catalogName) {
        return oid == NamespaceDef.PUBLIC && (catalogName == null || "pg_namespace".equals(catalogName))
            ? PUBLIC_DESCRIPTION : null;
    }

    static final String PUBLIC_DESCRIPTION = "standard public schema";

    /** pg_tablespace_location(oid): empty for the built-in tablespaces (the only ones). */
    public static String pgTablespaceLocation(final long oid) {
        return "";
    }

    /** pg_encoding_to_char(6) = {@code UTF8}; {@code SQL_ASCII} 0; empty for unknown ones. */
    public static String pgEncodingToChar(final int encoding) {
        switch (encoding) {
            case 0: return "SQL_ASCII";
            case 6: return "UTF8";
            case 8: return "LATIN1";
            default: return "";
        }
    }

    /** pg_relation_size(oid): main fork bytes (blocks x 8192); null for an unknown OID. */
    public static Long pgRelationSize(final CatalogSnapshot snapshot, final long oid) {
        final Relation r = snapshot.relation((int) oid);
        if (r == null) {
            return null;
        }
        if (r instanceof TableDef t) {
            return snapshot.relationBlocks(t.relfilenode()) * 8192;
        }
        if (r instanceof IndexDef i) {
            return indexBlocks(snapshot, i) * 8192;
        }
        if (r instanceof SequenceDef) {
            return 8192L;
        }
        return 0L;
    }

    /** pg_table_size(oid): as pg_relation_size (no TOAST, no FSM/VM forks in Stratum). */
    public static Long pgTableSize(final CatalogSnapshot snapshot, final long oid) {
        return pgRelationSize(snapshot, oid);
    }

    /** pg_indexes_size(oid): the sum over the table's indexes. */
    public static Long pgIndexesSize(final CatalogSnapshot snapshot, final long oid) {
        final TableDef t = snapshot.table((int) oid);
        if (t == null) {
            return snapshot.relation((int) oid) == null ? null : 0L;
        }
        long sum = 0;
        for (final IndexDef i : t.indexes()) {
            sum += indexBlocks(snapshot, i) * 8192;
        }
        return sum;
    }

    /** pg_total_relation_size(oid): table plus its indexes. */
    public static Long pgTotalRelationSize(final CatalogSnapshot snapshot, final long oid) {
        final Long table = pgRelationSize(snapshot, oid);
        if (table == null) {
            return null;
        }
        final Long idx = pgIndexesSize(snapshot, oid);
        return table + (idx == null ? 0 : idx);
    }

    /** pg_size_pretty(bigint): {@code 8192 bytes}, {@code 16 kB}, {@code 10 MB}, as PostgreSQL rounds. */
    public static String pgSizePretty(final long bytes) {
        long size = bytes;
        for (int u = 0; u < UNITS.length; u++) {
            final boolean last = u == UNITS.length - 1;
            if (last || Math.abs(size) < LIMITS[u]) {
                if (ROUND[u]) {
                    size = (size + (size < 0 ? -1 : 1)) / 2;
                }
                return size + " " + UNITS[u];
            }
            final int bits = BITS[u + 1] - BITS[u] - (ROUND[u + 1] ? 1 : 0) + (ROUND[u] ? 1 : 0);
            size /= 1L << bits;
        }
        throw new IllegalStateException();
    }

    /**
     * pg_get_serial_sequence(table, column): {@code public.t_id_seq}, or null when the column owns none.
     *
     * @throws io.stratum.compute.session.SqlException 42P01 / 42703
     */
    public static String pgGetSerialSequence(final CatalogSnapshot snapshot, final CatalogContext ctx,
                                             final String table, final String column) {
        final String[] parts = Idents.splitQualified(table);
        final TableDef t = snapshot.table(ctx, parts[0], parts[1]);
        final int idx = t.columnIndex(column);
        if (idx < 0) {
            throw new SqlException("42703", "column \"" + column + "\" of relation \"" + t.name() + "\" does not exist");
        }
        for (final SequenceDef s : snapshot.sequences()) {
            if (s.ownedByTable() == t.oid() && s.ownedByColumn() == idx + 1) {
                return quoteIdent(snapshot.namespace(s.namespaceOid()).name()) + "." + quoteIdent(s.name());
            }
        }
        return null;
    }

    /**
     * regclass input: {@code 't'::regclass}, {@code 'public.t'}, {@code '"T"'}, or digits (an OID as is).
     *
     * @throws io.stratum.compute.session.SqlException 42P01 {@code relation "t" does not exist}
     */
    public static long regclassIn(final CatalogSnapshot snapshot, final CatalogContext ctx, final String text) {
        final String v = text.strip();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(v);
        }
        final String[] parts = Idents.splitQualified(v);
        final Relation r = snapshot.resolve(ctx, parts[0], parts[1]);
        if (r == null) {
            throw new SqlException("42P01", "relation \"" + v + "\" does not exist");
        }
        return r.oid();
    }

    /** regclass output: the name, schema-qualified when not visible, quoted as needed; the digits for unknown OIDs. */
    public static String regclassOut(final CatalogSnapshot snapshot, final CatalogContext ctx, final long oid) {
        final Relation r = snapshot.relation((int) oid);
        if (r == null) {
            return Long.toString(oid);
        }
        if (pgTableIsVisible(snapshot, ctx, oid)) {
            return quoteIdent(r.name());
        }
        final NamespaceDef n = snapshot.namespace(r.namespaceOid());
        return quoteIdent(n == null ? "?" : n.name()) + "." + quoteIdent(r.name());
    }

    /**
     * regtype input: {@code integer}, {@code int4}, {@code character varying}, {@code text[]}, digits.
     *
     * @throws io.stratum.compute.session.SqlException 42704 {@code type "x" does not exist}
     */
    public static long regtypeIn(final CatalogSnapshot snapshot, final String text) {
        String v = text.strip();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(v);
        }
        final PgType t = PgType.byName(v);
        if (t != null) {
            return t.oid();
        }
        final String[] parts = Idents.splitQualified(v);
        final boolean array = parts[1].endsWith("[]");
        final String base = array ? parts[1].substring(0, parts[1].length() - 2) : parts[1];
        for (final io.stratum.compute.types.EnumType e : snapshot.enums()) {
            final boolean inSchema = parts[0] == null || snapshot.namespace(e.namespaceOid()).name().equals(parts[0]);
            if (inSchema && e.name().equals(base)) {
                return array ? e.arrayOid() : e.oid();
            }
            if (inSchema && !array && ("_" + e.name()).equals(base)) {
                return e.arrayOid();
            }
        }
        for (final TableDef table : snapshot.tables()) {
            if (table.name().equals(parts[1]) && (parts[0] == null
                || snapshot.namespace(table.namespaceOid()).name().equals(parts[0]))) {
                return table.rowTypeOid();
            }
        }
        throw new SqlException("42704", "type \"" + v + "\" does not exist");
    }

    /** regtype output: format_type(oid, NULL); digits for unknown OIDs. */
    public static String regtypeOut(final CatalogSnapshot snapshot, final long oid) {
        final String s = TypeFormat.format(snapshot, oid, null);
        return "???".equals(s) ? Long.toString(oid) : s;
    }

    /** regnamespace output: the schema name (quoted as needed); digits for unknown OIDs. */
    public static String regnamespaceOut(final CatalogSnapshot snapshot, final long oid) {
        final NamespaceDef n = snapshot.namespace((int) oid);
        return n == null ? Long.toString(oid) : quoteIdent(n.name());
    }

    /** regnamespace input; 3F000 {@code schema "s" does not exist}. */
    public static long regnamespaceIn(final CatalogSnapshot snapshot, final String text) {
        final String v = text.strip();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(v);
        }
        final String name = Idents.unquoteOrFold(v);
        final NamespaceDef n = snapshot.namespace(name);
        if (n == null) {
            throw new SqlException("3F000", "schema \"" + name + "\" does not exist");
        }
        return n.oid();
    }

    /** regproc / regprocedure output for the few pg_proc rows known; digits otherwise ({@code -} for 0). */
    public static String regprocOut(final long oid) {
        if (oid == 0) {
            return "-";
        }
        final String n = MiscRows.procName(oid);
        return n == null ? Long.toString(oid) : n;
    }

    /** has_table_privilege / has_schema_privilege / has_database_privilege / has_column_privilege: true. */
    public static boolean hasPrivilege() {
        return true;
    }

    /** current_schemas(include_implicit): schema names of the effective search path. */
    public static Object[] currentSchemas(final CatalogSnapshot snapshot, final CatalogContext ctx,
                                          final boolean includeImplicit) {
        final List<NamespaceDef> path = snapshot.searchPath(ctx, includeImplicit);
        final Object[] names = new Object[path.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = path.get(i).name();
        }
        return names;
    }

    /** current_schema(): the first existing search-path schema, or null. */
    public static String currentSchema(final CatalogSnapshot snapshot, final CatalogContext ctx) {
        final NamespaceDef n = snapshot.creationNamespace(ctx);
        return n == null ? null : n.name();
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
        return Idents.quote(identifier);
    }

    /** A B-tree has at least its metapage (mvcc reports no size for B-trees yet). */
    static long indexBlocks(final CatalogSnapshot snapshot, final IndexDef i) {
        return Math.max(1, snapshot.relationBlocks(i.relfilenode()));
    }

    private static final String[] UNITS = {"bytes", "kB", "MB", "GB", "TB", "PB"};
    private static final long[] LIMITS = {10 * 1024, 20 * 1024 - 1, 20 * 1024 - 1, 20 * 1024 - 1, 20 * 1024 - 1,
        20 * 1024 - 1};
    private static final boolean[] ROUND = {false, true, true, true, true, true};
    private static final int[] BITS = {0, 10, 20, 30, 40, 50};

    private static boolean wrapped(final String e) {
        if (e.length() < 2 || e.charAt(0) != '(' || e.charAt(e.length() - 1) != ')') {
            return false;
        }
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < e.length(); i++) {
            final char c = e.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
                if (depth == 0 && i < e.length() - 1) {
                    return false;
                }
            }
        }
        return depth == 0;
    }

    private static String columnList(final TableDef t, final int[] attnums) {
        final StringBuilder sb = new StringBuilder();
        for (int k = 0; k < attnums.length; k++) {
            if (k > 0) {
                sb.append(", ");
            }
            final ColumnDef c = t.columns().get(attnums[k] - 1);
            sb.append(quoteIdent(c.name()));
        }
        return sb.toString();
    }

}
