package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code [LATERAL] (SELECT ...) [AS] alias [(c1, c2)]}.
 *
 * @param query the subquery
 * @param lateral {@code LATERAL}
 * @param alias alias, never null (PostgreSQL 15 requires one: "subquery in FROM must have an alias")
 * @param columnAliases column aliases, empty when none
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record SubqueryRef(
        Query query,
        boolean lateral,
        String alias,
        List<String> columnAliases,
        int pos) implements FromItem {}
