package io.stratum.compute.sql.ast;

/**
 * {@code expr [ASC|DESC|USING op] [NULLS FIRST|LAST]} in ORDER BY, a window, or an aggregate.
 *
 * @param expr the sort key; an integer literal is an output-column ordinal
 * @param order ASC, DESC, DEFAULT or USING
 * @param nulls NULLS FIRST/LAST or DEFAULT
 * @param usingOp the operator of {@code USING op} (e.g. {@code >}), else null
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record OrderItem(
        Expr expr,
        SortOrder order,
        NullOrdering nulls,
        String usingOp,
        int pos) implements Node {}
