package io.stratum.compute.sql.ast;

/**
 * {@code TRUE} or {@code FALSE}.
 *
 * @param value the value
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record BoolLit(
        boolean value,
        int pos) implements Expr {}
