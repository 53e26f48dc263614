package io.stratum.compute.sql.ast;

/**
 * {@code x op ANY|SOME|ALL (array)} or {@code x op ANY|SOME|ALL (SELECT ...)}; e.g. {@code 'd' = any(stxkind)}.
 *
 * @param left left operand
 * @param op the comparison operator ({@code =}, {@code <>}, {@code <}, {@code ~}, {@code ~~}, ...)
 * @param opSchema schema of {@code OPERATOR(schema.op)}, else null
 * @param quantifier ANY (also SOME) or ALL
 * @param array the array operand, null for the subquery form
 * @param query the subquery, null for the array form
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record QuantifiedComparison(
        Expr left,
        String op,
        String opSchema,
        Quantifier quantifier,
        Expr array,
        Query query,
        int pos) implements Expr {}
