package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code [ONLY] [schema.]table [[AS] alias [(c1, c2)]]}.
 *
 * @param name the table (or view, or CTE when unqualified)
 * @param only {@code ONLY t} (no inheritance children)
 * @param alias alias, null when none
 * @param columnAliases column aliases {@code AS a(x, y)}, empty when none
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record TableRef(
        QualifiedName name,
        boolean only,
        String alias,
        List<String> columnAliases,
        int pos) implements FromItem {
    /** The schema as written, null when unqualified. */
    public String schema() {
        return name.schema();
    }

    /** The table name without schema. */
    public String table() {
        return name.name();
    }
}
