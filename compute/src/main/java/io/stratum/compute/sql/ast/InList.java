package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code x [NOT] IN (a, b, c)}.
 *
 * @param operand the tested value (a {@link RowExpr} for {@code (a, b) IN ...})
 * @param list the candidates
 * @param not {@code NOT IN}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record InList(
        Expr operand,
        List<Expr> list,
        boolean not,
        int pos) implements Expr {}
