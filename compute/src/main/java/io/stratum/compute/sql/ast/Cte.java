package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * One common table expression: {@code name [(c1, c2)] AS [[NOT] MATERIALIZED] (SELECT ...)}.
 *
 * @param name the CTE's name
 * @param columns column aliases, empty when none
 * @param materialized TRUE for MATERIALIZED, FALSE for NOT MATERIALIZED, null when unspecified
 * @param query the CTE's query
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Cte(
        String name,
        List<String> columns,
        Boolean materialized,
        Query query,
        int pos) implements Node {}
