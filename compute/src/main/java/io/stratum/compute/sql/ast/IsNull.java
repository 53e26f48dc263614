package io.stratum.compute.sql.ast;

/**
 * {@code x IS [NOT] NULL}, {@code x ISNULL}, {@code x NOTNULL}.
 *
 * @param operand the tested value
 * @param not {@code IS NOT NULL} / {@code NOTNULL}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record IsNull(
        Expr operand,
        boolean not,
        int pos) implements Expr {}
