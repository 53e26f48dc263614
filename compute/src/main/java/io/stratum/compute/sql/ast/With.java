package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (query), ...}
 *
 * @param recursive {@code WITH RECURSIVE}
 * @param ctes the common table expressions in order
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record With(
        boolean recursive,
        List<Cte> ctes,
        int pos) implements Node {}
