package io.stratum.compute.sql.ast;

/**
 * {@code COMMIT|END [WORK|TRANSACTION] [AND [NO] CHAIN]}.
 *
 * @param chain {@code AND CHAIN}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Commit(
        boolean chain,
        int pos) implements Statement {}
