package io.stratum.compute.sql.ast;

/**
 * An integer literal: {@code 42}. Type int4 when it fits in 32 bits, else int8; larger literals are
 *     {@link NumericLit}.
 *
 * @param value the value (never negative: unary minus is a {@link UnaryOp})
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record IntLit(
        long value,
        int pos) implements Expr {
    /** True when PostgreSQL types this literal int4 (fits in 32 bits). */
    public boolean isInt4() {
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
    }
}
