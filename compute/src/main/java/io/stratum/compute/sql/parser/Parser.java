package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.Statement;
import java.util.List;

/**
 * Entry point of the SQL parser. Threads: none; static and stateless, safe from any thread.
 */
public final class Parser {
    private Parser() {
    }

    /**
     * Parses every statement of {@code sql} (separated by semicolons; empty statements dropped).
     *
     * @throws io.stratum.compute.session.SqlException 42601 with a 1-based position on a syntax error
     */
    public static List<Statement> parse(final String sql) {
        throw new UnsupportedOperationException("parser not yet committed");
    }

    /**
     * Splits {@code sql} at top-level semicolons into statement texts (without the semicolon), respecting
     * quotes, dollar quotes and comments; empty statements are dropped.
     */
    public static List<String> split(final String sql) {
        throw new UnsupportedOperationException("parser not yet committed");
    }
}
