package io.stratum.compute.sql.ast;

/**
 * {@code CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role]}.
 *
 * @param name schema name (null when only AUTHORIZATION is given: the role name is used)
 * @param ifNotExists {@code IF NOT EXISTS}
 * @param authorization {@code AUTHORIZATION role}, null when absent
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record CreateSchema(
        String name,
        boolean ifNotExists,
        String authorization,
        int pos) implements Statement {}
