package io.stratum.compute.sql.ast;

/**
 * Field selection from a composite value: {@code (expr).field}, {@code (expr).*},
 *     {@code (information_schema._pg_expandarray(a)).x}.
 *
 * @param base the composite expression
 * @param field the field name, or {@code *} for {@code (expr).*}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record FieldSelect(
        Expr base,
        String field,
        int pos) implements Expr {}
