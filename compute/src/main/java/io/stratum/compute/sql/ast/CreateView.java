package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code CREATE [OR REPLACE] [TEMP] VIEW v [(c, ...)] AS query}.
 *
 * @param name the view
 * @param orReplace {@code OR REPLACE}
 * @param temporary {@code TEMP|TEMPORARY}
 * @param columns column names, empty when absent
 * @param query the defining query
 * @param queryText the query's source text as written
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record CreateView(
        QualifiedName name,
        boolean orReplace,
        boolean temporary,
        List<String> columns,
        Query query,
        String queryText,
        int pos) implements Statement {}
