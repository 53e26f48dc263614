package io.stratum.compute.session;

import io.stratum.compute.types.PgType;
import java.util.List;

/** One parsed and analysed statement (Parse / a statement of a simple query). */
public interface PreparedStatement {
    /** The type of each $n, inferred from context where the client sent none (as PostgreSQL). */
    List<PgType> parameterTypes();

    /** Result columns, or an empty list when the statement returns no rows (then NoData) or rows of no columns. */
    List<ColumnDesc> columns();

    /**
     * Whether the statement returns rows (a RowDescription, not NoData), also when they have no columns
     * ({@code SELECT * FROM t} of a zero-column table: PostgreSQL describes 0 fields and sends empty DataRows).
     */
    default boolean returnsRows() {
        return !columns().isEmpty();
    }

    /** Whether this is COPY ... FROM STDIN (then {@link Portal#copyIn}) or TO STDOUT (then {@link Portal#copyOut}). */
    CopyKind copyKind();

    /** The text the client sent. */
    String sql();

    /** Kinds of COPY a statement can be. */
    enum CopyKind { NONE, FROM_STDIN, TO_STDOUT }
}
