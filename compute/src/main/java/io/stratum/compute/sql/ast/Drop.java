package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code DROP TABLE|INDEX|SEQUENCE|SCHEMA|VIEW|MATERIALIZED VIEW [CONCURRENTLY] [IF EXISTS] a, b [CASCADE|RESTRICT]}.
 *
 * @param kind TABLE, INDEX, SEQUENCE, SCHEMA, VIEW, ...
 * @param ifExists {@code IF EXISTS}
 * @param names the objects (schemas are unqualified names)
 * @param cascade {@code CASCADE} (false for RESTRICT or nothing)
 * @param concurrently {@code DROP INDEX CONCURRENTLY}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Drop(
        ObjectKind kind,
        boolean ifExists,
        List<QualifiedName> names,
        boolean cascade,
        boolean concurrently,
        int pos) implements Statement {}
