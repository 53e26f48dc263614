package io.stratum.compute.sql.ast;

/**
 * Transaction modes, separated by commas or blanks: {@code ISOLATION LEVEL SERIALIZABLE | REPEATABLE READ |
 *     READ COMMITTED | READ UNCOMMITTED, READ ONLY | READ WRITE, [NOT] DEFERRABLE}.
 *
 * @param isolation {@code ISOLATION LEVEL ...}, null when not given
 * @param readOnly TRUE for READ ONLY, FALSE for READ WRITE, null when not given
 * @param deferrable TRUE for DEFERRABLE, FALSE for NOT DEFERRABLE, null when not given
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record TransactionModes(
        IsolationLevel isolation,
        Boolean readOnly,
        Boolean deferrable,
        int pos) implements Node {}
