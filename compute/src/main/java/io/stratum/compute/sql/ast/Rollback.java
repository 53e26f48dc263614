package io.stratum.compute.sql.ast;

/**
 * {@code ROLLBACK|ABORT [WORK|TRANSACTION] [AND [NO] CHAIN]}.
 *
 * @param chain {@code AND CHAIN}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Rollback(
        boolean chain,
        int pos) implements Statement {}
