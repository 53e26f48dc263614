package io.stratum.compute.sql.ast;

/**
 * {@code DROP DATABASE [IF EXISTS] name [[WITH] (FORCE)]}.
 *
 * @param name the database
 * @param ifExists {@code IF EXISTS}
 * @param force {@code WITH (FORCE)}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record DropDatabase(
        String name,
        boolean ifExists,
        boolean force,
        int pos) implements Statement {}
