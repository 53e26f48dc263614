package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code VALUES (1, 'a'), (2, 'b')}: as a statement, in FROM, as an INSERT source. Output columns are
 *     named column1, column2, ...
 *
 * @param rows the rows; all have the same length; a {@link DefaultExpr} may appear in INSERT
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Values(
        List<List<Expr>> rows,
        int pos) implements QueryBody {}
