package io.stratum.compute.sql.ast;

/**
 * {@code a IS [NOT] DISTINCT FROM b}.
 *
 * @param left left operand
 * @param right right operand
 * @param not {@code IS NOT DISTINCT FROM}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record IsDistinctFrom(
        Expr left,
        Expr right,
        boolean not,
        int pos) implements Expr {}
