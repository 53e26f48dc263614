package io.stratum.compute.sql.ast;

/**
 * {@code x COLLATE pg_catalog.default}, {@code x COLLATE "C"}.
 *
 * @param operand the value
 * @param collation the collation: {@code pg_catalog.default}, {@code C} (quoted "C")
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Collate(
        Expr operand,
        QualifiedName collation,
        int pos) implements Expr {}
