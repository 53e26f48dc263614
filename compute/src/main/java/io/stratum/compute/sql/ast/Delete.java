package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code [WITH ...] DELETE FROM [ONLY] t [[AS] a] [USING ...] [WHERE ...] [RETURNING ...]}.
 *
 * @param with WITH clause, null when absent
 * @param table target table
 * @param only {@code DELETE FROM ONLY t}
 * @param alias alias, null when none
 * @param using USING items, empty when absent
 * @param where WHERE condition, null when absent
 * @param cursor the cursor of {@code WHERE CURRENT OF c}, else null
 * @param returning RETURNING list, empty when absent
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Delete(
        With with,
        QualifiedName table,
        boolean only,
        String alias,
        List<FromItem> using,
        Expr where,
        String cursor,
        List<SelectItem> returning,
        int pos) implements Statement {}
