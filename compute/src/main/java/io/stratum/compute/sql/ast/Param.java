package io.stratum.compute.sql.ast;

/**
 * A parameter reference {@code $1}.
 *
 * @param index the parameter number, 1-based
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Param(
        int index,
        int pos) implements Expr {}
