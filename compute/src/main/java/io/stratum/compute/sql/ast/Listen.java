package io.stratum.compute.sql.ast;

/**
 * {@code LISTEN channel}.
 *
 * @param channel channel name
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Listen(
        String channel,
        int pos) implements Statement {}
