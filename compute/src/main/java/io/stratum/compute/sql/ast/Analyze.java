package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code ANALYZE|ANALYSE [VERBOSE] [(options)] [t [(c)], ...]}.
 *
 * @param verbose {@code VERBOSE}
 * @param tables the tables, empty for all
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Analyze(
        boolean verbose,
        List<VacuumTarget> tables,
        int pos) implements Statement {}
