package io.stratum.compute.sql.ast;

/**
 * {@code x::type}, {@code CAST(x AS type)}, and typed literals {@code date '2020-01-01'},
 *     {@code interval '1 day'}, {@code int4 '1'} (operand a {@link StringLit}).
 *
 * @param operand the value
 * @param type the target type
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Cast(
        Expr operand,
        TypeName type,
        int pos) implements Expr {}
