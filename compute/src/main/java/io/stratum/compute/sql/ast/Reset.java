package io.stratum.compute.sql.ast;

/**
 * {@code RESET name | RESET ALL | RESET TIME ZONE}.
 *
 * @param name setting name, lower case, or {@code all}; {@code timezone} for RESET TIME ZONE
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Reset(
        String name,
        int pos) implements Statement {}
