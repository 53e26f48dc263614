package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * A table of VACUUM/ANALYZE: {@code t [(c, ...)]}.
 *
 * @param table the table
 * @param columns columns, empty for all
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record VacuumTarget(
        QualifiedName table,
        List<String> columns,
        int pos) implements Node {}
