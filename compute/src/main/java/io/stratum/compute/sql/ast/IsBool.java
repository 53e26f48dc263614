package io.stratum.compute.sql.ast;

/**
 * {@code x IS [NOT] TRUE | FALSE | UNKNOWN}.
 *
 * @param operand the tested value
 * @param test TRUE, FALSE or UNKNOWN
 * @param not {@code IS NOT ...}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record IsBool(
        Expr operand,
        BoolTestKind test,
        boolean not,
        int pos) implements Expr {}
