package io.stratum.compute.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQL real clients send (captured from a PostgreSQL 15 server's statement log while psql 15, pgbench 15
 * and pgJDBC 42.7 ran, plus pgJDBC's metadata queries as its source builds them) parses, statement by
 * statement; split() and parse() agree on the statement count.
 */
class ClientQueriesTest {
    /** Statements PostgreSQL accepts that we reject on purpose (pgbench -i --partitions only). */
    private static final List<String> UNSUPPORTED = List.of("partition by range", "partition of pgbench_accounts");

    @ParameterizedTest
    @ValueSource(strings = {"psql15-describe.sql", "pgbench15.sql", "pgjdbc-42.7.13.sql", "pgjdbc-metadata.sql",
            "pgjdbc-typeinfo.sql", "psql15-tab-complete.sql"})
    void everyStatementParses(final String file) throws IOException {
        final String sql = read(file);
        final List<String> statements = Parser.split(sql);
        assertTrue(statements.size() >= 7, "statements in " + file + ": " + statements.size());
        final List<String> failures = new ArrayList<>();
        int parsed = 0;
        for (String s : statements) {
            if (UNSUPPORTED.stream().anyMatch(s::contains)) {
                continue;
            }
            try {
                final List<Statement> st = Parser.parse(s);
                assertEquals(1, st.size(), s);
                parsed++;
            } catch (SqlException e) {
                failures.add(e.getMessage() + " at " + e.position() + " in: " + s);
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(parsed > 0);
    }

    static String read(final String file) throws IOException {
        try (InputStream in = ClientQueriesTest.class.getResourceAsStream("/sql/clients/" + file)) {
            if (in == null) {
                throw new IOException("missing resource " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
