package io.stratum.compute.sql.ast;

/**
 * {@code x [NOT] IN (SELECT ...)}.
 *
 * @param operand the tested value (a {@link RowExpr} for {@code (a, b) IN (SELECT ...)})
 * @param query the subquery
 * @param not {@code NOT IN}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record InSubquery(
        Expr operand,
        Query query,
        boolean not,
        int pos) implements Expr {}
