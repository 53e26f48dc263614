package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code CREATE [OR REPLACE] FUNCTION name ([arg, ...]) [RETURNS type | RETURNS SETOF type |
 *     RETURNS TABLE (col type, ...)] option ...} with the options {@code LANGUAGE l},
 *     {@code IMMUTABLE | STABLE | VOLATILE}, {@code STRICT | RETURNS NULL ON NULL INPUT | CALLED ON NULL INPUT},
 *     {@code [NOT] LEAKPROOF}, {@code [EXTERNAL] SECURITY INVOKER | DEFINER}, {@code PARALLEL ...},
 *     {@code COST n}, {@code ROWS n}, {@code AS 'body'} or {@code RETURN expr}.
 *
 * @param name the function
 * @param orReplace {@code OR REPLACE}
 * @param args the parameters in order (OUT ones included)
 * @param returns the declared result type; null when absent (OUT parameters decide) or for RETURNS TABLE
 * @param returnsSet {@code SETOF} or {@code TABLE}
 * @param table the columns of {@code RETURNS TABLE}, empty otherwise
 * @param language the language's name, lower case ({@code sql} when not written with RETURN)
 * @param volatility {@code i}, {@code s} or {@code v}
 * @param strict {@code STRICT} / {@code RETURNS NULL ON NULL INPUT}
 * @param body the text of {@code AS '...'}; for {@code RETURN expr}, that text ({@code RETURN ...})
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record CreateFunction(
        QualifiedName name,
        boolean orReplace,
        List<FunctionArg> args,
        TypeName returns,
        boolean returnsSet,
        List<FunctionArg> table,
        String language,
        char volatility,
        boolean strict,
        String body,
        int pos) implements Statement {}
