package io.stratum.compute.sql.ast;

/**
 * A scalar subquery {@code (SELECT ...)}.
 *
 * @param query the subquery
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record ScalarSubquery(
        Query query,
        int pos) implements Expr {}
