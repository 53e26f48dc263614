package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * One common table expression: {@code name [(c1, c2)] AS [[NOT] MATERIALIZED] (statement)}, the statement a
 * query or (a data-modifying CTE) an INSERT, UPDATE or DELETE.
 *
 * @param name the CTE's name
 * @param columns column aliases, empty when none
 * @param materialized TRUE for MATERIALIZED, FALSE for NOT MATERIALIZED, null when unspecified
 * @param body the CTE's statement: a {@link Query}, {@link Insert}, {@link Update} or {@link Delete}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Cte(
        String name,
        List<String> columns,
        Boolean materialized,
        Statement body,
        int pos) implements Node {
    /** The CTE's query, or null for a data-modifying CTE. */
    public Query query() {
        return body instanceof Query ? (Query) body : null;
    }

    /** Whether the CTE is an INSERT, UPDATE or DELETE. */
    public boolean modifying() {
        return !(body instanceof Query);
    }
}
