package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * A function call: {@code f(a, b)}, {@code pg_catalog.format_type(t, m)}, {@code count(*)},
 *     {@code count(DISTINCT x)}, {@code string_agg(x, ',' ORDER BY y)}, {@code sum(x) FILTER (WHERE p)},
 *     {@code row_number() OVER (PARTITION BY a ORDER BY b)}, {@code coalesce(...)}, {@code nullif(...)},
 *     {@code greatest(...)}, {@code least(...)}; also what special syntax maps to: {@code EXTRACT(f FROM x)} ->
 *     {@code pg_catalog.extract('f', x)}, {@code POSITION(a IN b)} -> {@code pg_catalog.position(b, a)},
 *     {@code SUBSTRING(x FROM a FOR b)} -> {@code pg_catalog.substring(x, a, b)}, {@code TRIM([BOTH] c FROM x)} ->
 *     {@code pg_catalog.btrim(x, c)} (LEADING ltrim, TRAILING rtrim), {@code OVERLAY(x PLACING y FROM a FOR b)} ->
 *     {@code pg_catalog.overlay(x, y, a, b)}, {@code x AT TIME ZONE z} -> {@code pg_catalog.timezone(z, x)}.
 *
 * @param name the function name, possibly schema-qualified
 * @param args the arguments, empty for {@code f()} and {@code count(*)}
 * @param argNames names of {@code name => value} arguments, parallel to args (null entries for positional ones); empty when none is named
 * @param star {@code count(*)}
 * @param distinct {@code count(DISTINCT x)}
 * @param variadic {@code VARIADIC} before the last argument
 * @param orderBy {@code agg(x ORDER BY y)}, or the ordering of {@code WITHIN GROUP (ORDER BY ...)}, empty when absent
 * @param withinGroup the ordering came from {@code WITHIN GROUP}
 * @param filter {@code FILTER (WHERE cond)}, null when absent
 * @param over {@code OVER (...)} / {@code OVER w}, null when not a window call
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record FuncCall(
        QualifiedName name,
        List<Expr> args,
        List<String> argNames,
        boolean star,
        boolean distinct,
        boolean variadic,
        List<OrderItem> orderBy,
        boolean withinGroup,
        Expr filter,
        WindowSpec over,
        int pos) implements Expr {
    /** A plain call {@code name(args)}. */
    public static FuncCall of(final QualifiedName name, final List<Expr> args, final int pos) {
        return new FuncCall(name, args, List.of(), false, false, false, List.of(), false, null, null, pos);
    }
}
