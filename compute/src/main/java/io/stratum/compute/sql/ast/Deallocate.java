package io.stratum.compute.sql.ast;

/**
 * {@code DEALLOCATE [PREPARE] name | ALL}.
 *
 * @param name statement name, null for ALL
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Deallocate(
        String name,
        int pos) implements Statement {}
