package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * An array constructor {@code ARRAY[1, 2]}, {@code ARRAY[]} (needs a cast), inner {@code [..]} of a multidimensional one.
 *
 * @param elements the elements; for {@code ARRAY[[1,2],[3,4]]} the inner ones are ArrayExprs too
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record ArrayExpr(
        List<Expr> elements,
        int pos) implements Expr {}
