package io.stratum.compute.sql.ast;

/**
 * A prefix operator: {@code -x}, {@code +x}, {@code ~x}, {@code OPERATOR(pg_catalog.-) x}.
 *
 * @param op the operator: {@code -}, {@code +}, {@code ~}, {@code @}, ...
 * @param opSchema schema of {@code OPERATOR(schema.op)}, else null
 * @param operand the operand
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record UnaryOp(
        String op,
        String opSchema,
        Expr operand,
        int pos) implements Expr {}
