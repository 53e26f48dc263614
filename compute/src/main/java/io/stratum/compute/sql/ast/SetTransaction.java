package io.stratum.compute.sql.ast;

/**
 * {@code SET TRANSACTION modes} or {@code SET SESSION CHARACTERISTICS AS TRANSACTION modes}.
 *
 * @param modes the modes
 * @param sessionCharacteristics {@code SET SESSION CHARACTERISTICS AS TRANSACTION ...} (sets the defaults)
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record SetTransaction(
        TransactionModes modes,
        boolean sessionCharacteristics,
        int pos) implements Statement {}
