package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code ALTER TABLE [IF EXISTS] [ONLY] t action [, action ...]} and {@code ALTER TABLE t RENAME ...}.
 *
 * @param table the table
 * @param ifExists {@code IF EXISTS}
 * @param only {@code ONLY}
 * @param actions the actions in order (one for RENAME forms)
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record AlterTable(
        QualifiedName table,
        boolean ifExists,
        boolean only,
        List<AlterAction> actions,
        int pos) implements Statement {}
