package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code [WITH ...] UPDATE [ONLY] t [[AS] a] SET c = e, (a, b) = (...) [FROM ...] [WHERE ... | WHERE
 *     CURRENT OF c] [RETURNING ...]}.
 *
 * @param with WITH clause, null when absent
 * @param table target table
 * @param only {@code UPDATE ONLY t}
 * @param alias alias, null when none
 * @param set the SET list
 * @param from FROM items, empty when absent
 * @param where WHERE condition, null when absent
 * @param cursor the cursor of {@code WHERE CURRENT OF c}, else null
 * @param returning RETURNING list, empty when absent
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Update(
        With with,
        QualifiedName table,
        boolean only,
        String alias,
        List<Assignment> set,
        List<FromItem> from,
        Expr where,
        String cursor,
        List<SelectItem> returning,
        int pos) implements Statement {}
