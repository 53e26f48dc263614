package io.stratum.compute.sql.ast;

/**
 * {@code UNBOUNDED PRECEDING | n PRECEDING | CURRENT ROW | n FOLLOWING | UNBOUNDED FOLLOWING}.
 *
 * @param kind which bound
 * @param offset the n of {@code n PRECEDING|FOLLOWING}, else null
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record FrameBound(
        Kind kind,
        Expr offset,
        int pos) implements Node {
    /** The five bound forms. */
    public enum Kind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }
}
