package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * A column reference: {@code c}, {@code t.c}, {@code s.t.c}, {@code "Mixed"}. Whether a one-part name is a
 *     column or a whole-row table reference is for the binder.
 *
 * @param parts the dotted parts, 1 to 4: {@code [[[catalog.]schema.]table.]column}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record ColumnRef(
        List<String> parts,
        int pos) implements Expr {
    /** The last part: the column name. */
    public String column() {
        return parts.get(parts.size() - 1);
    }
}
