package io.stratum.compute.sql.ast;

/**
 * {@code NOTIFY channel [, 'payload']}.
 *
 * @param channel channel name
 * @param payload payload string, null when absent
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Notify(
        String channel,
        String payload,
        int pos) implements Statement {}
