package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code *} or {@code t.*} in a select list, RETURNING list or row constructor.
 *
 * @param qualifier empty for {@code *}; the table (and schema) parts for {@code t.*}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Star(
        List<String> qualifier,
        int pos) implements Expr {}
