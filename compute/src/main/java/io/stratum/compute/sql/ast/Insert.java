package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code [WITH ...] INSERT INTO t [AS a] [(c1, c2)] {VALUES (...), (...) | SELECT ... | DEFAULT VALUES}
 *     [ON CONFLICT ...] [RETURNING ...]}. DEFAULT inside VALUES is a {@link DefaultExpr}.
 *
 * @param with WITH clause, null when absent
 * @param table target table
 * @param alias {@code AS alias}, null when none
 * @param columns target columns, empty for all in order
 * @param source the rows: a {@link Values} or SELECT query; null for {@code DEFAULT VALUES}
 * @param onConflict ON CONFLICT clause, null when absent
 * @param returning RETURNING list, empty when absent
 * @param overriding {@code OVERRIDING SYSTEM VALUE} ("system"), {@code OVERRIDING USER VALUE} ("user"), or null
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Insert(
        With with,
        QualifiedName table,
        String alias,
        List<String> columns,
        Query source,
        OnConflict onConflict,
        List<SelectItem> returning,
        String overriding,
        int pos) implements Statement {}
