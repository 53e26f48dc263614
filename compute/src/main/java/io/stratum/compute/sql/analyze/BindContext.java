package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.CatalogContext;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.types.PgType;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-statement binding state: the catalog snapshot and session context, the parameter types (given by the
 * client or inferred from context), CTEs in scope.
 */
public final class BindContext {
    final CatalogSnapshot catalog;
    final CatalogContext session;
    final ZoneId zone;
    private final List<PgType> paramTypes = new ArrayList<>();
    private final List<Exprs.Param> params = new ArrayList<>();
    final List<Map<String, Binder.Cte>> ctes = new ArrayList<>();
    final Map<String, Object> cache = new HashMap<>();
    /** Whether the statement mentioned a volatile function or a system relation (not cacheable as a constant). */
    boolean usesSystemRelations;
    /**
     * OIDs of the user tables, views and sequences the statement names (a view's dependencies), in first-use
     * order; not those read through a view it names. See {@link #noteRelation}; kept only after {@link #recordReads}.
     */
    private final java.util.LinkedHashSet<Integer> relationsRead = new java.util.LinkedHashSet<>();
    /** The columns of user relations the statement references ({@link io.stratum.compute.catalog.ViewDef#columnKey}). */
    private final java.util.LinkedHashSet<Long> columnsRead = new java.util.LinkedHashSet<>();
    /** OIDs of the enum types the statement's constants and casts use. */
    private final java.util.LinkedHashSet<Integer> typesRead = new java.util.LinkedHashSet<>();
    private final java.util.LinkedHashSet<Integer> functionsRead = new java.util.LinkedHashSet<>();
    /** Whether the statement's reads are recorded (CREATE VIEW: see {@link #recordReads}). */
    private boolean recording;
    /** The data-modifying CTEs of the statement, in the order of its WITH (see {@link ModifyingCtes}). */
    final List<io.stratum.compute.exec.ModifyingCte> modifying = new ArrayList<>();
    /** The parameters of the SQL function whose body is being bound ({@code $n} refers to them), else null. */
    Scope functionParams;
    /** Views and SQL functions being expanded (a view defined over itself would never end). */
    final java.util.Set<Integer> expanding = new java.util.HashSet<>();

    /** What the planner knows of a table's size: ANALYZE's statistics, else its heap's blocks. */
    public interface TableEstimates {
        /** The table's statistics from its last ANALYZE, or null. */
        io.stratum.compute.stats.TableStats stats(io.stratum.compute.catalog.TableDef table);

        /** The table's heap size in 8 KiB blocks. */
        long blocks(io.stratum.compute.catalog.TableDef table);
    }

    /**
     * Plan-time constant folding (PostgreSQL's eval_const_expressions), or null where PostgreSQL does not plan
     * (CREATE VIEW, PREPARE): then only strict calls over a NULL constant fold.
     */
    io.stratum.compute.exec.Folding folding;
    /** Above 0 while binding what PostgreSQL's folding never looks at (a CASE arm after a constant true test ...). */
    int noFold;

    /** The statement being planned: the column names it mentions decide which subquery outputs go unreferenced. */
    io.stratum.compute.sql.ast.Statement statement;
    /** The column names mentioned in the statement and the views it reads, and whether it has a star (lazily). */
    java.util.Set<String> namesUsed;
    boolean starUsed;
    /** Bodies of FROM subqueries, views and CTEs whose unreferenced outputs are not folded: their outer names. */
    final Map<Object, List<String>> derived = new java.util.IdentityHashMap<>();
    /** Bodies of EXISTS subqueries: PostgreSQL drops their select lists before planning. */
    final java.util.Set<Object> existsBodies = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** Folds constant subexpressions while binding {@code statement}, as PostgreSQL's planner does. */
    public void foldConstants(final io.stratum.compute.sql.ast.Statement statement) {
        this.statement = statement;
        foldConstants();
    }

    /** Folds constant subexpressions while binding, as PostgreSQL's planner does. */
    public void foldConstants() {
        folding = new io.stratum.compute.exec.Folding(zone);
    }

    /** Whether folding would have evaluated a node over parameters had they been constants (see Folding). */
    public boolean foldsParams() {
        return folding != null && folding.foldsParams();
    }

    /** Set by the engine; null plans with default estimates. */
    TableEstimates estimates;
    /**
     * The join methods the planner may choose (enable_hashjoin, enable_mergejoin, enable_nestloop): as PostgreSQL,
     * a disabled one is still used where nothing else can join.
     */
    boolean hashJoins = true;
    boolean mergeJoins = true;
    boolean nestLoops = true;

    /** Sets the join methods the planner may choose (see {@link #hashJoins}). */
    public void joinMethods(final boolean hash, final boolean merge, final boolean nestLoop) {
        this.hashJoins = hash;
        this.mergeJoins = merge;
        this.nestLoops = nestLoop;
    }

    public void estimates(final TableEstimates e) {
        this.estimates = e;
    }

    public BindContext(final CatalogSnapshot catalog, final CatalogContext session, final ZoneId zone,
                       final List<PgType> declared) {
        this.catalog = catalog;
        this.session = session;
        this.zone = zone;
        if (declared != null) {
            for (final PgType t : declared) {
                paramTypes.add(t == null ? PgType.UNKNOWN : t);
            }
        }
    }

    /** The bound statement's data-modifying CTEs, in the order of its WITH; empty when it has none. */
    public List<io.stratum.compute.exec.ModifyingCte> modifying() {
        return List.copyOf(modifying);
    }

    /** Records what the statement reads while it is bound ({@link #relationsRead} and the like; CREATE VIEW). */
    public void recordReads() {
        recording = true;
    }

    /** OIDs of the user tables, views and sequences the bound statement names (not through a view). */
    public List<Integer> relationsRead() {
        return List.copyOf(relationsRead);
    }

    /** The columns of user relations the bound statement references, as {@code ViewDef.columnKey}s. */
    public List<Long> columnsRead() {
        return List.copyOf(columnsRead);
    }

    /** OIDs of the enum types the bound statement's constants and casts use. */
    public List<Integer> functionsRead() {
        return List.copyOf(functionsRead);
    }

    public List<Integer> typesRead() {
        return List.copyOf(typesRead);
    }

    /**
     * Records what a view defined by this statement would depend on (PostgreSQL's recordDependencyOnExpr): a
     * relation named in FROM; what the definitions of the views it names read is theirs, not its own.
     */
    void noteRelation(final int oid) {
        if (recording && expanding.isEmpty()) {
            relationsRead.add(oid);
        }
    }

    /** A column reference (or one column of a {@code *}) resolved to {@code c}: a dependency when c is a user column. */
    void noteColumn(final io.stratum.compute.exec.OutCol c) {
        if (recording && expanding.isEmpty() && c.tableOid() > 0 && c.attnum() > 0) {
            columnsRead.add(io.stratum.compute.catalog.ViewDef.columnKey(c.tableOid(), c.attnum()));
        }
    }

    /** A literal read as regclass ({@code nextval('s')}, {@code 't'::regclass}): a dependency on that relation. */
    void noteRegclass(final Object literal) {
        if (recording && expanding.isEmpty() && literal != null) {
            try {
                final io.stratum.compute.catalog.Relation r = catalog.relation((int)
                    io.stratum.compute.catalog.pg.CatalogFunctions.regclassIn(catalog, session, literal.toString()));
                if (r instanceof io.stratum.compute.catalog.TableDef || r instanceof io.stratum.compute.catalog.ViewDef
                    || r instanceof io.stratum.compute.catalog.SequenceDef) {
                    relationsRead.add(r.oid());
                }
            } catch (final io.stratum.compute.session.SqlException e) {
                // read when the view is: the error comes then
            }
        }
    }

    /** A call of SQL function {@code oid} (not from inside another function's body or a view read). */
    void noteFunction(final int oid) {
        if (recording && expanding.isEmpty()) {
            functionsRead.add(oid);
        }
    }

    /** A constant or cast of enum type {@code oid}. */
    void noteType(final int oid) {
        if (recording && expanding.isEmpty()) {
            typesRead.add(oid);
        }
    }

    public CatalogSnapshot catalog() {
        return catalog;
    }

    public CatalogContext session() {
        return session;
    }

    ZoneId zone() {
        return zone;
    }

    Exprs.Param param(final int index) {
        while (paramTypes.size() <= index) {
            paramTypes.add(PgType.UNKNOWN);
        }
        final Exprs.Param p = new Exprs.Param(index, paramTypes.get(index));
        params.add(p);
        return p;
    }

    void setParamType(final int index, final PgType type) {
        while (paramTypes.size() <= index) {
            paramTypes.add(PgType.UNKNOWN);
        }
        if (paramTypes.get(index) == PgType.UNKNOWN) {
            paramTypes.set(index, type);
        }
        for (final Exprs.Param p : params) {
            if (p.index == index) {
                p.setType(paramTypes.get(index));
            }
        }
    }

    /** Final parameter types: still-unknown ones become text, as PostgreSQL reports them. */
    public List<PgType> finishParams() {
        for (int i = 0; i < paramTypes.size(); i++) {
            if (paramTypes.get(i) == PgType.UNKNOWN) {
                setParamType(i, PgType.TEXT);
            }
        }
        return List.copyOf(paramTypes);
    }
}
