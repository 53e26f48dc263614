package io.stratum.compute.sql.ast;

/**
 * {@code B'1010'} or {@code X'1F'}.
 *
 * @param bits the bits as '0'/'1' characters (hex digits expanded)
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record BitStringLit(
        String bits,
        int pos) implements Expr {}
