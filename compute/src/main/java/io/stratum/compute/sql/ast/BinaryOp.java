package io.stratum.compute.sql.ast;

/**
 * A binary operator, including {@code a OPERATOR(pg_catalog.~) b}. AND, OR, comparisons with ANY/ALL,
 *     LIKE, BETWEEN, IN and IS have their own nodes.
 *
 * @param left left operand
 * @param op the operator as PostgreSQL names it: {@code =}, {@code <>} (also for {@code !=}), {@code <}, {@code <=}, {@code >}, {@code >=}, {@code +}, {@code -}, {@code *}, {@code /}, {@code %}, {@code ^}, {@code ||}, {@code ~}, {@code !~}, {@code ~*}, {@code !~*}, {@code &}, {@code |}, {@code #}, {@code <<}, {@code >>}, {@code @>}, {@code <@}, {@code &&}, {@code ->}, {@code ->>}, ...
 * @param opSchema schema of {@code OPERATOR(schema.op)}, else null
 * @param right right operand
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record BinaryOp(
        Expr left,
        String op,
        String opSchema,
        Expr right,
        int pos) implements Expr {}
