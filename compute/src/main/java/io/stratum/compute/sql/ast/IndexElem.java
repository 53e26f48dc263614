package io.stratum.compute.sql.ast;

/**
 * One index key (also an ON CONFLICT target): {@code col [COLLATE c] [opclass] [ASC|DESC] [NULLS FIRST|LAST]}
 *     or {@code (expr) ...}.
 *
 * @param column the column, null for an expression
 * @param expr the expression of {@code (expr)} or a function call, else null
 * @param collation {@code COLLATE c}, null when absent
 * @param opclass operator class, null when absent
 * @param order ASC, DESC or DEFAULT
 * @param nulls NULLS FIRST/LAST or DEFAULT
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record IndexElem(
        String column,
        Expr expr,
        QualifiedName collation,
        QualifiedName opclass,
        SortOrder order,
        NullOrdering nulls,
        int pos) implements Node {}
