package io.stratum.compute.sql.ast;

/**
 * {@code NULL}.
 *
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record NullLit(
        int pos) implements Expr {}
