package io.stratum.compute.sql.ast;

/**
 * {@code RELEASE [SAVEPOINT] name}.
 *
 * @param name savepoint name
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record ReleaseSavepoint(
        String name,
        int pos) implements Statement {}
