package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code SET CONSTRAINTS ALL | name, ... DEFERRED | IMMEDIATE}.
 *
 * @param names the constraints, empty for ALL
 * @param deferred DEFERRED (false for IMMEDIATE)
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record SetConstraints(
        List<QualifiedName> names,
        boolean deferred,
        int pos) implements Statement {}
