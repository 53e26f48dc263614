package io.stratum.compute.sql.ast;

/**
 * One select-list (or RETURNING) entry: {@code expr [[AS] alias]}, {@code *}, {@code t.*}.
 *
 * @param expr the expression; a {@link Star} for {@code *} or {@code t.*}
 * @param alias the output name given with or without AS, null when none (the binder derives one)
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record SelectItem(
        Expr expr,
        String alias,
        int pos) implements Node {}
