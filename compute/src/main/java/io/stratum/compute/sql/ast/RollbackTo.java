package io.stratum.compute.sql.ast;

/**
 * {@code ROLLBACK [WORK|TRANSACTION] TO [SAVEPOINT] name}.
 *
 * @param name savepoint name
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record RollbackTo(
        String name,
        int pos) implements Statement {}
