package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code left [NATURAL] [INNER|LEFT|RIGHT|FULL [OUTER]] JOIN right ON cond | USING (c, ...)} or
 *     {@code left CROSS JOIN right}. Joins are left-associative; a parenthesised join is a Join too.
 *
 * @param kind INNER, LEFT, RIGHT, FULL or CROSS
 * @param left left input
 * @param right right input; its {@code lateral} flag says whether it was written LATERAL
 * @param on the ON condition, null for USING, NATURAL and CROSS
 * @param using USING columns, empty otherwise
 * @param natural {@code NATURAL} join (columns to be derived by the binder)
 * @param alias alias of a parenthesised join or {@code USING (...) AS j}, null when none
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Join(
        JoinKind kind,
        FromItem left,
        FromItem right,
        Expr on,
        List<String> using,
        boolean natural,
        String alias,
        int pos) implements FromItem {}
