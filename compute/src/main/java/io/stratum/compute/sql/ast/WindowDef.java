package io.stratum.compute.sql.ast;

/**
 * {@code WINDOW name AS (window spec)} entry of a SELECT.
 *
 * @param name the window's name
 * @param spec its definition
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record WindowDef(
        String name,
        WindowSpec spec,
        int pos) implements Node {}
