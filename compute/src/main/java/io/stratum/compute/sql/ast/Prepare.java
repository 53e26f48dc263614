package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code PREPARE name [(type, ...)] AS stmt}.
 *
 * @param name statement name
 * @param parameterTypes declared parameter types, empty when none
 * @param statement the prepared statement
 * @param statementText the statement's source text after AS
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Prepare(
        String name,
        List<TypeName> parameterTypes,
        Statement statement,
        String statementText,
        int pos) implements Statement {}
