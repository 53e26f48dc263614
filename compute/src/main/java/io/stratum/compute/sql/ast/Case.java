package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code CASE [operand] WHEN a THEN x ... [ELSE y] END}.
 *
 * @param operand the operand of a simple CASE, null for a searched CASE
 * @param whens the WHEN arms in order
 * @param elseExpr ELSE value, null when absent (NULL)
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Case(
        Expr operand,
        List<When> whens,
        Expr elseExpr,
        int pos) implements Expr {
    /** {@code WHEN condition-or-value THEN result}. */
    public record When(Expr condition, Expr result, int pos) implements Node {}
}
