package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code DROP ROLE|USER|GROUP [IF EXISTS] name [, ...]}.
 *
 * @param names the roles
 * @param ifExists {@code IF EXISTS}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record DropRole(
        List<String> names,
        boolean ifExists,
        int pos) implements Statement {}
