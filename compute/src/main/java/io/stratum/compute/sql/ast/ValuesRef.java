package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code (VALUES (1, 'a'), (2, 'b')) [AS] v(id, name)} in FROM (a parenthesised VALUES without ORDER
 *     BY/LIMIT; with those it is a {@link SubqueryRef}).
 *
 * @param values the rows
 * @param lateral {@code LATERAL}
 * @param alias alias, never null (PostgreSQL 15 requires one: "VALUES in FROM must have an alias")
 * @param columnAliases column aliases, empty when none
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record ValuesRef(
        Values values,
        boolean lateral,
        String alias,
        List<String> columnAliases,
        int pos) implements FromItem {}
