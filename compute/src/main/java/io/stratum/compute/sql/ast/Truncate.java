package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code TRUNCATE [TABLE] [ONLY] t [, ...] [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE | RESTRICT]}.
 *
 * @param tables the tables
 * @param restartIdentity {@code RESTART IDENTITY} (false for CONTINUE IDENTITY)
 * @param cascade {@code CASCADE} (false for RESTRICT or nothing)
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Truncate(
        List<QualifiedName> tables,
        boolean restartIdentity,
        boolean cascade,
        int pos) implements Statement {}
