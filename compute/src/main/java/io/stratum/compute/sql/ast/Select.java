package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * One SELECT block: {@code SELECT [DISTINCT [ON (...)]] items [FROM ...] [WHERE ...] [GROUP BY ...]
 *     [HAVING ...] [WINDOW w AS (...)]}. ORDER BY, LIMIT and locking belong to the enclosing {@link Query}.
 *
 * @param distinct {@code SELECT DISTINCT} (also true with DISTINCT ON)
 * @param distinctOn {@code DISTINCT ON (e, ...)} expressions, empty otherwise
 * @param items the select list (may be empty: {@code SELECT FROM t})
 * @param from the comma-separated FROM items (an implicit cross join), empty without FROM
 * @param where WHERE condition, null when absent
 * @param groupBy GROUP BY expressions; an integer literal is an output-column ordinal; empty when absent
 * @param having HAVING condition, null when absent
 * @param windows named windows of the WINDOW clause, empty when absent
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Select(
        boolean distinct,
        List<Expr> distinctOn,
        List<SelectItem> items,
        List<FromItem> from,
        Expr where,
        List<Expr> groupBy,
        Expr having,
        List<WindowDef> windows,
        int pos) implements QueryBody {}
