package io.stratum.compute.sql.ast;

/**
 * {@code left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right}. INTERSECT binds tighter than UNION and
 *     EXCEPT, which are left-associative, as in PostgreSQL.
 *
 * @param kind UNION, INTERSECT or EXCEPT
 * @param all {@code ALL} (false for DISTINCT or nothing written)
 * @param left left operand
 * @param right right operand
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record SetOp(
        SetOpKind kind,
        boolean all,
        QueryBody left,
        QueryBody right,
        int pos) implements QueryBody {}
