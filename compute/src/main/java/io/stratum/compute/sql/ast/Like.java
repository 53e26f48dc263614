package io.stratum.compute.sql.ast;

/**
 * {@code x [NOT] LIKE|ILIKE p [ESCAPE e]}, {@code x [NOT] SIMILAR TO p [ESCAPE e]}. The operators
 *     {@code ~~}, {@code !~~}, {@code ~~*}, {@code !~~*} written as such are {@link BinaryOp}s.
 *
 * @param operand the tested string
 * @param pattern the pattern
 * @param escape {@code ESCAPE e}, null when absent
 * @param kind LIKE, ILIKE or SIMILAR
 * @param not {@code NOT LIKE} etc.
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Like(
        Expr operand,
        Expr pattern,
        Expr escape,
        LikeKind kind,
        boolean not,
        int pos) implements Expr {}
