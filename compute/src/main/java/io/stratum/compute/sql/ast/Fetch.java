package io.stratum.compute.sql.ast;

/**
 * {@code FETCH|MOVE [direction] [FROM|IN] cursor}.
 *
 * @param move written MOVE (no rows returned)
 * @param direction lower case: next, prior, first, last, absolute, relative, forward, backward
 * @param count the count of FORWARD/BACKWARD/ABSOLUTE/RELATIVE n, or of a bare n (direction forward); null for ALL or none
 * @param all {@code FORWARD ALL}, {@code BACKWARD ALL}, {@code ALL}
 * @param cursor the cursor
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Fetch(
        boolean move,
        String direction,
        Long count,
        boolean all,
        String cursor,
        int pos) implements Statement {}
