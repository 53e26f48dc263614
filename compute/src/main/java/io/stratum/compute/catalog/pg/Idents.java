package io.stratum.compute.catalog.pg;

import io.stratum.compute.session.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Identifier quoting and parsing as PostgreSQL's quote_identifier and regclassin. */
final class Idents {
    private Idents() {
    }

    /** quote_ident. */
    static String quote(final String identifier) {
        boolean safe = !identifier.isEmpty();
        for (int i = 0; i < identifier.length() && safe; i++) {
            final char c = identifier.charAt(i);
            safe = c >= 'a' && c <= 'z' || c == '_' || i > 0 && c >= '0' && c <= '9';
        }
        if (safe && !KEYWORDS.contains(identifier)) {
            return identifier;
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** An identifier as regclassin reads it: {@code "Quoted"} kept, otherwise folded to lower case. */
    static String unquoteOrFold(final String s) {
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
            return s.substring(1, s.length() - 1).replace("\"\"", "\"");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** Splits {@code schema.name} (each part optionally quoted) into {schema or null, name}. */
    static String[] splitQualified(final String text) {
        final List<String> parts = new ArrayList<>(2);
        final StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cur.append("\"\"");
                    i++;
                    continue;
                }
                quoted = !quoted;
                cur.append(c);
            } else if (c == '.' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        if (parts.size() > 3 || quoted) {
            throw new SqlException("42602", "invalid name syntax");
        }
        final String name = unquoteOrFold(parts.get(parts.size() - 1).strip());
        final String schema = parts.size() >= 2 ? unquoteOrFold(parts.get(parts.size() - 2).strip()) : null;
        return new String[] {schema, name};
    }

    /** PostgreSQL's reserved, type/function-name and column-name keywords: quote_ident quotes them. */
    private static final Set<String> KEYWORDS = Set.of("all", "analyse", "analyze", "and", "any", "array", "as",
        "asc", "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
        "current_catalog", "current_date", "current_role", "current_time", "current_timestamp", "current_user",
        "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
        "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into", "lateral", "leading",
        "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing",
        "primary", "references", "returning", "select", "session_user", "some", "symmetric", "table",
        "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where", "window",
        "with", "authorization", "binary", "collation", "concurrently", "cross", "current_schema", "freeze", "full",
        "ilike", "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "overlaps", "right",
        "similar", "tablesample", "verbose", "between", "bigint", "bit", "boolean", "char", "character", "coalesce",
        "dec", "decimal", "exists", "extract", "float", "greatest", "grouping", "inout", "int", "integer", "interval",
        "least", "national", "nchar", "none", "normalize", "nullif", "numeric", "out", "overlay", "position",
        "precision", "real", "row", "setof", "smallint", "substring", "time", "timestamp", "treat", "trim", "values",
        "varchar", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse",
        "xmlpi", "xmlroot", "xmlserialize", "xmltable");
}
