package io.stratum.compute.sql.ast;

/**
 * {@code UNLISTEN channel | *}.
 *
 * @param channel channel name, null for {@code *}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Unlisten(
        String channel,
        int pos) implements Statement {}
