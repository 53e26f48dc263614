package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code EXPLAIN [ANALYZE] [VERBOSE] stmt} or {@code EXPLAIN (ANALYZE, VERBOSE, COSTS off, FORMAT text, ...) stmt}.
 *
 * @param statement the explained statement
 * @param analyze {@code ANALYZE}
 * @param verbose {@code VERBOSE}
 * @param options every option as written (old or parenthesised form), lower case
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Explain(
        Statement statement,
        boolean analyze,
        boolean verbose,
        List<Option> options,
        int pos) implements Statement {}
