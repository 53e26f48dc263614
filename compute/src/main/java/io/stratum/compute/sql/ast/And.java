package io.stratum.compute.sql.ast;

/**
 * {@code left AND right}.
 *
 * @param left left operand
 * @param right right operand
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record And(
        Expr left,
        Expr right,
        int pos) implements Expr {}
