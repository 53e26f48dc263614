package io.stratum.compute.sql.ast;

/**
 * One parameter of {@code CREATE FUNCTION}: {@code [IN | OUT | INOUT | VARIADIC] [name] type [DEFAULT | = expr]}.
 *
 * @param mode {@code i} IN, {@code o} OUT, {@code b} INOUT, {@code v} VARIADIC (pg_proc.proargmodes)
 * @param name the parameter's name, null when unnamed
 * @param type its type
 * @param defaultText the default expression as written, null when none
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record FunctionArg(
        char mode,
        String name,
        TypeName type,
        String defaultText,
        int pos) implements Node {}
