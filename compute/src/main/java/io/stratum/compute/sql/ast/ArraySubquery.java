package io.stratum.compute.sql.ast;

/**
 * {@code ARRAY(SELECT ...)}.
 *
 * @param query the subquery
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record ArraySubquery(
        Query query,
        int pos) implements Expr {}
