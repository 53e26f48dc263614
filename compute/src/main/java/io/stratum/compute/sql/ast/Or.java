package io.stratum.compute.sql.ast;

/**
 * {@code left OR right}.
 *
 * @param left left operand
 * @param right right operand
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Or(
        Expr left,
        Expr right,
        int pos) implements Expr {}
