package io.stratum.compute.sql.ast;

/**
 * A string constant of type unknown: {@code 'it''s'}, {@code E'a\\nb'}, {@code $$x$$}, {@code $tag$x$tag$},
 *     {@code U&'\\0041'}, and {@code 'a'} newline {@code 'b'} (concatenated).
 *
 * @param value the value after escapes and concatenation of adjacent literals
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record StringLit(
        String value,
        int pos) implements Expr {}
