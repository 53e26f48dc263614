package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * A complete query: {@code [WITH ...] SELECT ... | VALUES ... | q1 UNION q2 [ORDER BY ...] [LIMIT n|ALL]
 *     [OFFSET n] [FETCH FIRST n ROWS ONLY] [FOR UPDATE ...]}. Also the statement form of SELECT and VALUES,
 *     and every subquery ({@code (SELECT ...)}, {@code IN (SELECT ...)}, {@code EXISTS (...)}).
 *
 * @param with the WITH clause, null when absent
 * @param body what produces the rows
 * @param orderBy ORDER BY items, empty when absent
 * @param limit {@code LIMIT n} or {@code FETCH FIRST n ROWS ONLY}; null for none or {@code LIMIT ALL}
 * @param offset {@code OFFSET n}, null when absent
 * @param locking FOR UPDATE/SHARE clauses, empty when none
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Query(
        With with,
        QueryBody body,
        List<OrderItem> orderBy,
        Expr limit,
        Expr offset,
        List<LockingClause> locking,
        int pos) implements Statement, QueryBody {
    /** A query with nothing but a body. */
    public static Query of(final QueryBody body, final int pos) {
        return new Query(null, body, List.of(), null, null, List.of(), pos);
    }
}
