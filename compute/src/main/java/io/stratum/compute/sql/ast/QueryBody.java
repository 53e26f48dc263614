package io.stratum.compute.sql.ast;

/**
 * The body of a query: a SELECT, a VALUES list, a set operation, or a parenthesised {@link Query}
 *     with its own WITH/ORDER BY/LIMIT (as an operand of a set operation).
 */
public sealed interface QueryBody extends Node
        permits Select,
        Values,
        SetOp,
        Query {}
