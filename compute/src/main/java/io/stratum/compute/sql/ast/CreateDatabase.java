package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code CREATE DATABASE name [[WITH] option [=] value ...]}.
 *
 * @param name the database (a branch name in Stratum)
 * @param options {@code [WITH] TEMPLATE x, OWNER x, ENCODING 'x', ...} lower case, values as written
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record CreateDatabase(
        String name,
        List<Option> options,
        int pos) implements Statement {}
