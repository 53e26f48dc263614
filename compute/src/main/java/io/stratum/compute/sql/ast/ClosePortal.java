package io.stratum.compute.sql.ast;

/**
 * {@code CLOSE name | ALL}.
 *
 * @param name cursor name, null for {@code CLOSE ALL}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record ClosePortal(
        String name,
        int pos) implements Statement {}
