package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * A SET item: {@code c = expr}, {@code c = DEFAULT}, {@code (a, b) = (SELECT x, y ...)}. The parser
 *     expands {@code (a, b) = (x, y)} and {@code (a, b) = ROW(x, y)} into one assignment per column, as
 *     PostgreSQL does.
 *
 * @param columns target columns: one for {@code c = e}; several only for {@code (a, b) = (SELECT ...)}
 * @param value the value; a {@link DefaultExpr} for DEFAULT; a {@link ScalarSubquery} for a multi-column assignment
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Assignment(
        List<String> columns,
        Expr value,
        int pos) implements Node {}
