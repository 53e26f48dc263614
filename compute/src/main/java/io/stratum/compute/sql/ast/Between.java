package io.stratum.compute.sql.ast;

/**
 * {@code x [NOT] BETWEEN [SYMMETRIC|ASYMMETRIC] low AND high}.
 *
 * @param operand the tested value
 * @param low lower bound
 * @param high upper bound
 * @param not {@code NOT BETWEEN}
 * @param symmetric {@code BETWEEN SYMMETRIC}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Between(
        Expr operand,
        Expr low,
        Expr high,
        boolean not,
        boolean symmetric,
        int pos) implements Expr {}
