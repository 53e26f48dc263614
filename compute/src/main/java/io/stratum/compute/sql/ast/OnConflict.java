package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code ON CONFLICT [(c, ...) [WHERE p] | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE ...]}.
 *
 * @param target the conflict target columns/expressions, empty when none
 * @param targetWhere the index predicate {@code (cols) WHERE p}, null when none
 * @param constraint {@code ON CONSTRAINT name}, null otherwise
 * @param doNothing true for DO NOTHING, false for DO UPDATE
 * @param set DO UPDATE SET assignments (refer to {@code excluded.c}), empty for DO NOTHING
 * @param where DO UPDATE ... WHERE condition, null when absent
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record OnConflict(
        List<IndexElem> target,
        Expr targetWhere,
        String constraint,
        boolean doNothing,
        List<Assignment> set,
        Expr where,
        int pos) implements Node {}
