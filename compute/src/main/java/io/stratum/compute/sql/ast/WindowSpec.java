package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * A window: {@code OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)}
 *     or {@code OVER w}.
 *
 * @param refName an existing window this one extends ({@code OVER w} or {@code OVER (w ORDER BY ...)}), else null
 * @param partitionBy PARTITION BY expressions, empty when absent
 * @param orderBy ORDER BY items, empty when absent
 * @param frame the frame clause, null for the default frame
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record WindowSpec(
        String refName,
        List<Expr> partitionBy,
        List<OrderItem> orderBy,
        WindowFrame frame,
        int pos) implements Node {}
