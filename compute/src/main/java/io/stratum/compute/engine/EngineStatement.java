package io.stratum.compute.engine;

import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.session.ColumnDesc;
import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.sql.ast.Statement;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/** A parsed and bound statement; re-bound when the catalog the plan was made for changes. */
final class EngineStatement implements PreparedStatement {
    final String sql;
    final Statement ast;
    final List<PgType> declared;
    List<PgType> paramTypes = List.of();
    List<ColumnDesc> columns = List.of();
    CopyKind copyKind = CopyKind.NONE;
    int copyColumns;
    boolean copyCsv;
    /** The bound plan (Binder.Bound, DmlBinder plans, ...) or null for utility statements. */
    Object plan;
    /** The data-modifying CTEs of the statement's WITH, in order (run by {@link Dml}); empty when none. */
    List<io.stratum.compute.exec.ModifyingCte> modifying = List.of();
    /** The planner statistics' version the plan was made with (ANALYZE moves it: the plan is made again). */
    long statsVersion;
    /** The planner settings (enable_hashjoin ...) the plan was made under (see Executor#plannerSettings). */
    String plannerSettings;
    CatalogSnapshot boundFor;
    /** Whether the plan reads virtual system relations (never cached across catalog changes anyway). */
    boolean system;
    /** Bound without constant folding (PREPARE analyses, its first EXECUTE plans): bound again before it runs. */
    boolean unfolded;
    /** Whether folding would have evaluated a node over parameters had they been constants (see exec.Folding). */
    boolean foldsParams;
    /** Whether the statement is a query (or EXECUTE of one): it returns rows even when they have no columns. */
    boolean returnsRows;

    EngineStatement(final String sql, final Statement ast, final List<PgType> declared) {
        this.sql = sql;
        this.ast = ast;
        this.declared = declared == null ? List.of() : declared;
    }

    static List<ColumnDesc> describe(final List<OutCol> cols) {
        final List<ColumnDesc> out = new ArrayList<>(cols.size());
        for (final OutCol c : cols) {
            final PgType t = c.type() == PgType.UNKNOWN ? PgType.TEXT : c.type();
            out.add(new ColumnDesc(c.name(), c.tableOid(), c.attnum(), t, c.typmod()));
        }
        return out;
    }

    @Override
    public List<PgType> parameterTypes() {
        return paramTypes;
    }

    @Override
    public List<ColumnDesc> columns() {
        return columns;
    }

    @Override
    public boolean returnsRows() {
        return returnsRows || !columns.isEmpty();
    }

    @Override
    public CopyKind copyKind() {
        return copyKind;
    }

    @Override
    public String sql() {
        return sql;
    }
}
