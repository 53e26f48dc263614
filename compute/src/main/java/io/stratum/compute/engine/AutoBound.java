package io.stratum.compute.engine;

import io.stratum.compute.session.ColumnDesc;
import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.types.PgType;
import java.util.List;

/**
 * A simple-protocol statement served by a shared plan whose numbers are parameters
 * ({@link io.stratum.compute.sql.parser.AutoParams}): the plan, this statement's numbers, and its text as
 * sent. To the protocol it is a statement without parameters.
 */
final class AutoBound implements PreparedStatement {
    final EngineStatement plan;
    final Object[] values;
    private final String sql;

    AutoBound(final EngineStatement plan, final Object[] values, final String sql) {
        this.plan = plan;
        this.values = values;
        this.sql = sql;
    }

    @Override
    public List<PgType> parameterTypes() {
        return List.of();
    }

    @Override
    public List<ColumnDesc> columns() {
        return plan.columns;
    }

    @Override
    public boolean returnsRows() {
        return plan.returnsRows();
    }

    @Override
    public CopyKind copyKind() {
        return plan.copyKind;
    }

    @Override
    public String sql() {
        return sql;
    }
}
