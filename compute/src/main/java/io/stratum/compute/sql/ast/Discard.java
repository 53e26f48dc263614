package io.stratum.compute.sql.ast;

/**
 * {@code DISCARD ALL | PLANS | SEQUENCES | TEMP}.
 *
 * @param what {@code all}, {@code plans}, {@code sequences} or {@code temp}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Discard(
        String what,
        int pos) implements Statement {}
