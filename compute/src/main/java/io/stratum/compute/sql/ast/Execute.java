package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code EXECUTE name [(arg, ...)]}.
 *
 * @param name statement name
 * @param arguments argument expressions, empty when none
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Execute(
        String name,
        List<Expr> arguments,
        int pos) implements Statement {}
