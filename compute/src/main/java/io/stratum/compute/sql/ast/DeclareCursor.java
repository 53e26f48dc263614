package io.stratum.compute.sql.ast;

/**
 * {@code DECLARE name [BINARY] [ASENSITIVE|INSENSITIVE] [[NO] SCROLL] CURSOR [WITH|WITHOUT HOLD] FOR query}
 *     (psql's FETCH_COUNT uses it).
 *
 * @param name cursor name
 * @param binary {@code BINARY}
 * @param scroll TRUE for SCROLL, FALSE for NO SCROLL, null when not given
 * @param hold {@code WITH HOLD}
 * @param query the cursor's query
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record DeclareCursor(
        String name,
        boolean binary,
        Boolean scroll,
        boolean hold,
        Query query,
        int pos) implements Statement {}
