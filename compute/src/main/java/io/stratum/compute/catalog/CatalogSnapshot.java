package io.stratum.compute.catalog;

import io.stratum.compute.catalog.pg.SystemCatalog;
import io.stratum.compute.catalog.pg.SystemRelation;
import io.stratum.compute.session.SqlException;
import io.stratum.mvcc.MvccStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable view of the catalog: the committed schema as of a {@link Catalog#generation()}, or a
 * transaction's own view after it did uncommitted DDL. Cheap to hold; all lookups are map reads. Names are
 * compared exactly (the parser case-folds unquoted identifiers). Thread-safe.
 */
public final class CatalogSnapshot {
    private static final java.util.concurrent.atomic.AtomicLong VERSIONS = new java.util.concurrent.atomic.AtomicLong();

    final MvccStore store;
    private final long generation;
    private final long version;
    private final boolean privateView;
    final Map<Integer, NamespaceDef> nspByOid;
    private final Map<String, NamespaceDef> nspByName;
    final Map<Integer, TableDef> tableByOid;
    final Map<Integer, IndexDef> indexByOid;
    final Map<Integer, SequenceDef> sequenceByOid;
    final Map<Integer, ViewDef> viewByOid;
    final Map<Integer, io.stratum.compute.types.EnumType> enumByOid;
    private final List<io.stratum.compute.types.EnumType> enums;
    final Map<Integer, FunctionDef> functionByOid;
    private final List<FunctionDef> functions;
    private final List<ViewDef> views;
    private final Map<Integer, ConstraintDef> constraintByOid;
    private final Map<Integer, List<ConstraintDef>> referencedBy;
    private final Map<Integer, TableDef> tableByRowType;
    private final Map<Integer, Map<String, Relation>> relByNsp;
    private final List<NamespaceDef> namespaces;
    private final List<TableDef> tables;
    private final List<IndexDef> indexes;
    private final List<SequenceDef> sequences;
    final Map<Integer, Long> relTid;
    final Map<Long, Long> attTid;
    final Map<Integer, Long> idxTid;
    final Map<Integer, Long> conTid;
    final Map<Integer, Long> seqTid;
    final Map<Integer, Long> nspTid;

    CatalogSnapshot(final SnapshotBuilder b) {
        store = b.store;
        generation = b.generation;
        version = VERSIONS.incrementAndGet();
        privateView = b.privateView;
        nspByOid = Map.copyOf(b.namespaces);
        enumByOid = Map.copyOf(b.enums);
        functionByOid = Map.copyOf(b.functions);
        tableByOid = Map.copyOf(withEnums(b.tables, enumByOid));
        indexByOid = Map.copyOf(b.indexes);
        sequenceByOid = Map.copyOf(b.sequences);
        viewByOid = Map.copyOf(b.views);
        relTid = Map.copyOf(b.relTid);
        attTid = Map.copyOf(b.attTid);
        idxTid = Map.copyOf(b.idxTid);
        conTid = Map.copyOf(b.conTid);
        seqTid = Map.copyOf(b.seqTid);
        nspTid = Map.copyOf(b.nspTid);
        final Map<String, NamespaceDef> byName = new HashMap<>();
        for (final NamespaceDef n : nspByOid.values()) {
            byName.put(n.name(), n);
        }
        nspByName = Map.copyOf(byName);
        final Map<Integer, ConstraintDef> cons = new HashMap<>();
        final Map<Integer, List<ConstraintDef>> refs = new HashMap<>();
        final Map<Integer, TableDef> rowTypes = new HashMap<>();
        final Map<Integer, Map<String, Relation>> rels = new HashMap<>();
        for (final TableDef t : tableByOid.values()) {
            for (final ConstraintDef c : t.constraints()) {
                cons.put(c.oid(), c);
                if (c.foreignKey()) {
                    refs.computeIfAbsent(c.refTableOid(), k -> new ArrayList<>()).add(c);
                }
            }
            rowTypes.put(t.rowTypeOid(), t);
            rels.computeIfAbsent(t.namespaceOid(), k -> new HashMap<>()).put(t.name(), t);
        }
        for (final IndexDef i : indexByOid.values()) {
            rels.computeIfAbsent(i.namespaceOid(), k -> new HashMap<>()).put(i.name(), i);
        }
        for (final SequenceDef s : sequenceByOid.values()) {
            rels.computeIfAbsent(s.namespaceOid(), k -> new HashMap<>()).put(s.name(), s);
        }
        for (final ViewDef v : viewByOid.values()) {
            rels.computeIfAbsent(v.namespaceOid(), k -> new HashMap<>()).put(v.name(), v);
        }
        constraintByOid = Map.copyOf(cons);
        for (final List<ConstraintDef> l : refs.values()) {
            l.sort(Comparator.comparingInt(ConstraintDef::oid));
        }
        referencedBy = Map.copyOf(refs);
        tableByRowType = Map.copyOf(rowTypes);
        relByNsp = Map.copyOf(rels);
        namespaces = sorted(nspByOid.values(), Comparator.comparingInt(NamespaceDef::oid));
        tables = sorted(tableByOid.values(), Comparator.comparingInt(TableDef::oid));
        indexes = sorted(indexByOid.values(), Comparator.comparingInt(IndexDef::oid));
        sequences = sorted(sequenceByOid.values(), Comparator.comparingInt(SequenceDef::oid));
        views = sorted(viewByOid.values(), Comparator.comparingInt(ViewDef::oid));
        enums = sorted(enumByOid.values(), Comparator.comparingInt(io.stratum.compute.types.EnumType::oid));
        functions = sorted(functionByOid.values(), Comparator.comparingInt(FunctionDef::oid));
    }

    /** Every SQL function, by OID. */
    public List<FunctionDef> functions() {
        return functions;
    }

    /** The SQL function of a pg_proc OID, or null. */
    public FunctionDef function(final int oid) {
        return functionByOid.get(oid);
    }

    /**
     * The SQL functions called {@code name}: of {@code schema} when given, else of the first schema on the search
     * path that has any (PostgreSQL looks at every schema of the path; Stratum stops at the first with the name).
     */
    public List<FunctionDef> functions(final CatalogContext ctx, final String schema, final String name) {
        if (functions.isEmpty()) {
            return List.of();
        }
        if (schema != null) {
            final NamespaceDef n = namespace(schema);
            return n == null ? List.of() : functionsIn(n.oid(), name);
        }
        for (final NamespaceDef n : searchPath(ctx, true)) {
            final List<FunctionDef> l = functionsIn(n.oid(), name);
            if (!l.isEmpty()) {
                return l;
            }
        }
        return List.of();
    }

    private List<FunctionDef> functionsIn(final int nsp, final String name) {
        List<FunctionDef> out = null;
        for (final FunctionDef f : functions) {
            if (f.namespaceOid() == nsp && f.name().equals(name)) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(f);
            }
        }
        return out == null ? List.of() : out;
    }

    /** A snapshot with the built-in schemas only (binding expressions that name no user object). */
    public static CatalogSnapshot builtins() {
        return SnapshotBuilder.builtins(null).build();
    }

    /** The tables with the enum type of every enum column resolved (so rows decode to labels). */
    private static Map<Integer, TableDef> withEnums(final Map<Integer, TableDef> tables,
                                                    final Map<Integer, io.stratum.compute.types.EnumType> enums) {
        if (enums.isEmpty()) {
            return tables;
        }
        final Map<Integer, TableDef> out = new HashMap<>(tables);
        for (final TableDef t : tables.values()) {
            List<ColumnDef> cols = null;
            for (int i = 0; i < t.columns().size(); i++) {
                final ColumnDef c = t.columns().get(i);
                if ((c.type() == io.stratum.compute.types.PgType.ENUM || c.type() == io.stratum.compute.types.PgType.ENUM_ARRAY)
                    && c.enumType() != enums.get(c.typmod())) {
                    if (cols == null) {
                        cols = new ArrayList<>(t.columns());
                    }
                    cols.set(i, c.withEnum(enums.get(c.typmod())));
                }
            }
            if (cols != null) {
                out.put(t.oid(), new TableDef(t.oid(), t.name(), t.namespaceOid(), t.relfilenode(), List.copyOf(cols),
                    t.indexes(), t.constraints(), t.options(), t.ownerOid(), t.rowTypeOid()));
            }
        }
        return out;
    }

    /** Every enum type, by OID. */
    public List<io.stratum.compute.types.EnumType> enums() {
        return enums;
    }

    /** The enum type of a pg_type OID (or of its array type), or null. */
    public io.stratum.compute.types.EnumType enumType(final int typeOid) {
        final io.stratum.compute.types.EnumType e = enumByOid.get(typeOid);
        return e != null ? e : enumByOid.get(typeOid - 1) != null && enumByOid.get(typeOid - 1).arrayOid() == typeOid
            ? enumByOid.get(typeOid - 1) : null;
    }

    /** The enum type {@code name} (in {@code schema}, else the first on the search path), or null. */
    public io.stratum.compute.types.EnumType enumType(final CatalogContext ctx, final String schema, final String name) {
        if (schema != null) {
            final NamespaceDef n = namespace(schema);
            return n == null ? null : enumIn(n.oid(), name);
        }
        for (final NamespaceDef n : searchPath(ctx, true)) {
            final io.stratum.compute.types.EnumType e = enumIn(n.oid(), name);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private io.stratum.compute.types.EnumType enumIn(final int nsp, final String name) {
        for (final io.stratum.compute.types.EnumType e : enums) {
            if (e.namespaceOid() == nsp && e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static <T> List<T> sorted(final java.util.Collection<T> c, final Comparator<T> cmp) {
        final List<T> l = new ArrayList<>(c);
        l.sort(cmp);
        return List.copyOf(l);
    }

    /** The generation this snapshot was built at (private views report the committed generation they started from). */
    public long generation() {
        return generation;
    }

    /**
     * A number unique to this snapshot object (increasing): a plan cache keyed by it never mixes a
     * transaction's own uncommitted DDL view with the committed schema of the same {@link #generation()}.
     */
    public long version() {
        return version;
    }

    /** Whether this is a transaction's own view holding uncommitted DDL (see {@link Catalog#snapshot(io.stratum.mvcc.Transaction)}). */
    public boolean privateView() {
        return privateView;
    }

    public List<NamespaceDef> namespaces() {
        return namespaces;
    }

    /** Schema by name, or null. */
    public NamespaceDef namespace(final String name) {
        return nspByName.get(name);
    }

    /** Schema by OID, or null. */
    public NamespaceDef namespace(final int oid) {
        return nspByOid.get(oid);
    }

    /** All user tables, by OID. */
    public List<TableDef> tables() {
        return tables;
    }

    /** User views, by OID. */
    public List<ViewDef> views() {
        return views;
    }

    public List<IndexDef> indexes() {
        return indexes;
    }

    public List<SequenceDef> sequences() {
        return sequences;
    }

    /** Table by OID, or null. */
    public TableDef table(final int oid) {
        return tableByOid.get(oid);
    }

    /** Index by OID, or null. */
    public IndexDef index(final int oid) {
        return indexByOid.get(oid);
    }

    /** Sequence by OID, or null. */
    public SequenceDef sequence(final int oid) {
        return sequenceByOid.get(oid);
    }

    /** Constraint by OID, or null. */
    public ConstraintDef constraint(final int oid) {
        return constraintByOid.get(oid);
    }

    /**
     * The FOREIGN KEY constraints (of any table) that reference table {@code tableOid}, in creation order (the
     * order PostgreSQL fires their triggers in).
     */
    public List<ConstraintDef> referencing(final int tableOid) {
        return referencedBy.getOrDefault(tableOid, List.of());
    }

    /** The table whose row type (pg_type entry) has {@code typeOid}, or null. */
    public TableDef tableOfRowType(final int typeOid) {
        return tableByRowType.get(typeOid);
    }

    /** The constraint backed by index {@code indexOid}, or null. */
    public ConstraintDef constraintOfIndex(final int indexOid) {
        final IndexDef i = indexByOid.get(indexOid);
        if (i == null) {
            return null;
        }
        for (final ConstraintDef c : tableByOid.get(i.tableOid()).constraints()) {
            if (c.indexOid() == indexOid && !c.foreignKey()) {
                return c;
            }
        }
        return null;
    }

    /**
     * Any relation by OID: user tables, indexes, sequences and the virtual {@code pg_catalog} /
     * {@code information_schema} relations; null when none.
     */
    public Relation relation(final int oid) {
        final TableDef t = tableByOid.get(oid);
        if (t != null) {
            return t;
        }
        final IndexDef i = indexByOid.get(oid);
        if (i != null) {
            return i;
        }
        final SequenceDef s = sequenceByOid.get(oid);
        if (s != null) {
            return s;
        }
        final ViewDef v = viewByOid.get(oid);
        if (v != null) {
            return v;
        }
        return SystemCatalog.byOid(oid);
    }

    /** The relation called {@code name} in schema {@code namespaceOid} (user or system), or null. */
    public Relation relationIn(final int namespaceOid, final String name) {
        final Map<String, Relation> m = relByNsp.get(namespaceOid);
        final Relation r = m == null ? null : m.get(name);
        if (r != null) {
            return r;
        }
        if (namespaceOid == NamespaceDef.PG_CATALOG) {
            return SystemCatalog.find("pg_catalog", name);
        }
        if (namespaceOid == NamespaceDef.INFORMATION_SCHEMA) {
            return SystemCatalog.find("information_schema", name);
        }
        return null;
    }

    /**
     * Resolves a relation name as PostgreSQL does: {@code schema.name} when {@code schema} is given, else
     * pg_catalog first (unless the search path lists it elsewhere), then each search-path schema that
     * exists ({@code "$user"} is the session user). Covers user relations and the virtual system ones.
     *
     * @return the relation, or null when none
     * @throws SqlException 3F000 when {@code schema} does not exist
     */
    public Relation resolve(final CatalogContext ctx, final String schema, final String name) {
        if (schema != null) {
            final NamespaceDef n = nspByName.get(schema);
            if (n == null) {
                throw new SqlException("3F000", "schema \"" + schema + "\" does not exist");
            }
            return relationIn(n.oid(), name);
        }
        for (final NamespaceDef n : searchPath(ctx, true)) {
            final Relation r = relationIn(n.oid(), name);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /**
     * Resolves a table as {@link #resolve} does.
     *
     * @throws SqlException 42P01 {@code relation "t" does not exist} (the name as written, {@code s.t} when
     *     qualified), 42809 {@code "x" is not a table} for an index or sequence
     */
    public TableDef table(final CatalogContext ctx, final String schema, final String name) {
        final Relation r = resolve(ctx, schema, name);
        if (r == null) {
            throw new SqlException("42P01", "relation \"" + qualified(schema, name) + "\" does not exist");
        }
        if (!(r instanceof TableDef t)) {
            throw new SqlException("42809", "\"" + name + "\" is not a table");
        }
        return t;
    }

    /** As {@link #table(CatalogContext, String, String)} but null when there is no such relation. */
    public TableDef findTable(final CatalogContext ctx, final String schema, final String name) {
        final Relation r = resolve(ctx, schema, name);
        if (r == null) {
            return null;
        }
        if (!(r instanceof TableDef t)) {
            throw new SqlException("42809", "\"" + name + "\" is not a table");
        }
        return t;
    }

    /**
     * Resolves a sequence ({@code nextval('t_id_seq')}); the name may be qualified ({@code public.s}).
     *
     * @throws SqlException 42P01 when there is none, 42809 when not a sequence
     */
    public SequenceDef sequence(final CatalogContext ctx, final String schema, final String name) {
        final Relation r = resolve(ctx, schema, name);
        if (r == null) {
            throw new SqlException("42P01", "relation \"" + qualified(schema, name) + "\" does not exist");
        }
        if (!(r instanceof SequenceDef s)) {
            throw new SqlException("42809", "\"" + name + "\" is not a sequence");
        }
        return s;
    }

    static String qualified(final String schema, final String name) {
        return schema == null ? name : schema + "." + name;
    }

    /**
     * The schemas of the search path that exist, in order; pg_catalog first when the path does not name it
     * and {@code includeImplicit} (current_schemas(true)).
     */
    public List<NamespaceDef> searchPath(final CatalogContext ctx, final boolean includeImplicit) {
        final List<NamespaceDef> out = new ArrayList<>(4);
        boolean catalogListed = false;
        for (final String entry : ctx.searchPath()) {
            final String name = Names.unquote(entry.strip());
            final String resolved = "$user".equals(name) ? ctx.user() : name;
            final NamespaceDef n = resolved == null ? null : nspByName.get(resolved);
            if (n != null && !out.contains(n)) {
                out.add(n);
                catalogListed |= n.oid() == NamespaceDef.PG_CATALOG;
            }
        }
        if (includeImplicit && !catalogListed) {
            out.add(0, nspByOid.get(NamespaceDef.PG_CATALOG));
        }
        return out;
    }

    /** The schema unqualified CREATEs go to (first existing search-path schema), or null when none. */
    public NamespaceDef creationNamespace(final CatalogContext ctx) {
        final List<NamespaceDef> p = searchPath(ctx, false);
        return p.isEmpty() ? null : p.get(0);
    }

    /** Blocks of the relation at {@code relfilenode} now (pg_relation_size / 8192); 0 when it is missing. */
    public long relationBlocks(final int relfilenode) {
        if (store == null || relfilenode == 0) {
            return 0;
        }
        try {
            return store.exists(relfilenode) ? store.heap(relfilenode).blocks() : 0;
        } catch (final RuntimeException e) {
            return 0;
        }
    }
}
