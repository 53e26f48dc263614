package io.stratum.compute.sql.ast;

/**
 * Array subscript {@code a[1]} or slice {@code a[1:2]}, {@code a[:2]}.
 *
 * @param base the array
 * @param lower the index, or a slice's lower bound (null when omitted)
 * @param upper a slice's upper bound, null when omitted or not a slice
 * @param slice written with a colon
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Subscript(
        Expr base,
        Expr lower,
        Expr upper,
        boolean slice,
        int pos) implements Expr {}
