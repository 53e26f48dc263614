package io.stratum.compute.sql.ast;

/**
 * {@code CHECKPOINT}.
 *
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Checkpoint(
        int pos) implements Statement {}
