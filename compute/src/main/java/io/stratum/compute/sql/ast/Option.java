package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * A generic option: COPY's {@code (FORMAT csv, FREEZE ON)}, storage parameters {@code WITH (fillfactor=100)},
 *     EXPLAIN's and VACUUM's {@code (ANALYZE, VERBOSE false)}.
 *
 * @param name option name, lower case
 * @param values the value(s): empty when only the name was written ({@code HEADER}, {@code ANALYZE}); one entry for {@code name = value} or {@code name value} (identifiers/keywords lower case, strings and numbers as written); several for a parenthesised list; {@code *} for FORCE_QUOTE *
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Option(
        String name,
        List<String> values,
        int pos) implements Node {
    /** The single value, or null when none was written. */
    public String value() {
        return values.isEmpty() ? null : values.get(0);
    }
}
