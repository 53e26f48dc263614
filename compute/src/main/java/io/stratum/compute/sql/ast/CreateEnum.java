package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code CREATE TYPE name AS ENUM ('a', 'b', ...)}.
 *
 * @param name the type
 * @param labels the labels in declared order
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record CreateEnum(QualifiedName name, List<String> labels, int pos) implements Statement {}
