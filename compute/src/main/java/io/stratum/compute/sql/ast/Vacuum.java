package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [t [(c)], ...]} and {@code VACUUM (FULL, ANALYZE, ...) [t, ...]}.
 *     The booleans reflect both forms ({@code (ANALYZE false)} clears analyze).
 *
 * @param full {@code FULL}
 * @param freeze {@code FREEZE}
 * @param verbose {@code VERBOSE}
 * @param analyze {@code ANALYZE}
 * @param options every option as written in the parenthesised form (also the keywords of the old form), lower case
 * @param tables the tables, empty for all
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Vacuum(
        boolean full,
        boolean freeze,
        boolean verbose,
        boolean analyze,
        List<Option> options,
        List<VacuumTarget> tables,
        int pos) implements Statement {}
