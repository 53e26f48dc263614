package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code [LATERAL] (SELECT ...) [AS] alias [(c1, c2)]}.
 *
 * @param query the subquery
 * @param lateral {@code LATERAL}
 * @param alias alias (PostgreSQL 15 requires one; null when omitted)
 * @param columnAliases column aliases, empty when none
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record SubqueryRef(
        Query query,
        boolean lateral,
        String alias,
        List<String> columnAliases,
        int pos) implements FromItem {}
