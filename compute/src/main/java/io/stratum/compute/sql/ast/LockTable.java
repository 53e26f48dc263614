package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code LOCK [TABLE] [ONLY] t, ... [IN mode MODE] [NOWAIT]}.
 *
 * @param tables the tables
 * @param mode lock mode in lower case words ({@code access exclusive} when not given)
 * @param nowait {@code NOWAIT}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record LockTable(
        List<QualifiedName> tables,
        String mode,
        boolean nowait,
        int pos) implements Statement {}
