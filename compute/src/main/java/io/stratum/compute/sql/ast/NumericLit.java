package io.stratum.compute.sql.ast;

/**
 * A numeric literal: a decimal point, an exponent, or an integer beyond int8. Type numeric.
 *
 * @param text the literal as written: {@code 1.5}, {@code .5}, {@code 1e10}, {@code 99999999999999999999}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record NumericLit(
        String text,
        int pos) implements Expr {}
