package io.stratum.compute.storage;

/**
 * The expression keys and the predicate of an expression or partial index, bound for evaluation on the
 * table's rows ({@code sql.analyze.IndexExprs#compile} makes them from the catalog's text). One per
 * {@link TableAccess}: evaluation is confined to its statement's thread.
 */
public interface IndexExpressions {
    /** The value of expression key {@code k} (0-based among the index's expressions) for {@code row}. */
    Object value(int k, Object[] row);

    /** The type of expression key {@code k} as bound over the table's current columns. */
    io.stratum.compute.types.PgType type(int k);

    /** Whether {@code row} belongs in the index: its predicate is true (always, without a predicate). */
    boolean covers(Object[] row);

    /** The row positions the expressions and the predicate read, or null when any column may be read. */
    int[] columns();
}
