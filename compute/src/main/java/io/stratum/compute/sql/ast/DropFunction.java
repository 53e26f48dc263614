package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code DROP FUNCTION [IF EXISTS] name [([arg, ...])] [, ...] [CASCADE | RESTRICT]}.
 *
 * @param ifExists {@code IF EXISTS}
 * @param functions the functions named
 * @param cascade {@code CASCADE}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record DropFunction(
        boolean ifExists,
        List<Signature> functions,
        boolean cascade,
        int pos) implements Statement {
    /**
     * A function and, when written, its argument list (OUT parameters are ignored, as PostgreSQL does).
     *
     * @param name the function
     * @param args the arguments written, null when the list was left out
     */
    public record Signature(QualifiedName name, List<FunctionArg> args) {
    }
}
