package io.stratum.compute.sql.ast;

/**
 * {@code BEGIN [WORK|TRANSACTION] [modes]} or {@code START TRANSACTION [modes]}.
 *
 * @param modes the modes (never null; fields null when not given)
 * @param startTransaction written as START TRANSACTION rather than BEGIN
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Begin(
        TransactionModes modes,
        boolean startTransaction,
        int pos) implements Statement {}
