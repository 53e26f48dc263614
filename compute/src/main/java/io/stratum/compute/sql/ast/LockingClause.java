package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code FOR UPDATE | FOR NO KEY UPDATE | FOR SHARE | FOR KEY SHARE [OF t, ...] [NOWAIT | SKIP LOCKED]}.
 *
 * @param strength which row lock
 * @param of the tables of {@code OF t, ...}, empty for all
 * @param waitPolicy BLOCK, NOWAIT or SKIP_LOCKED
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record LockingClause(
        LockStrength strength,
        List<QualifiedName> of,
        LockWait waitPolicy,
        int pos) implements Node {}
