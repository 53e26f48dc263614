package io.stratum.compute.sql.ast;

/**
 * An integer literal: {@code 42}. Type int4 when it fits in 32 bits, else int8; larger literals are
 *     {@link NumericLit}.
 *
 * @param value the value (negative when the parser folded a unary minus into the literal)
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record IntLit(
        long value,
        int pos) implements Expr {
    /** True when PostgreSQL types this literal int4 (fits in 32 bits). */
    /**
     * Whether PostgreSQL's lexer reads this literal as an integer (ICONST): its written magnitude fits int4, so
     * {@code -2147483648} (the negation of the FCONST {@code 2147483648}) is no integer there. Only integers are
     * GROUP BY / ORDER BY positions; other constants are 42601 {@code non-integer constant}.
     */
    public boolean isIntegerConstant() {
        return value > Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
    }

    public boolean isInt4() {
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
    }
}
