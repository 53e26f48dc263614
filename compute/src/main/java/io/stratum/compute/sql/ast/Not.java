package io.stratum.compute.sql.ast;

/**
 * {@code NOT operand}.
 *
 * @param operand the operand
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Not(
        Expr operand,
        int pos) implements Expr {}
