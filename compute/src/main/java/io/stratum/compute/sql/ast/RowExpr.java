package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * A row constructor {@code (a, b)} or {@code ROW(a, b)}, {@code ROW()}.
 *
 * @param fields the fields
 * @param explicit written with {@code ROW}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record RowExpr(
        List<Expr> fields,
        boolean explicit,
        int pos) implements Expr {}
