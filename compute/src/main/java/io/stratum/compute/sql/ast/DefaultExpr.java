package io.stratum.compute.sql.ast;

/**
 * {@code DEFAULT} in an INSERT VALUES row or an UPDATE SET item.
 *
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record DefaultExpr(
        int pos) implements Expr {}
