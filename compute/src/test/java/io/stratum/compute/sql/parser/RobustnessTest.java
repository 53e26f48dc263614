package io.stratum.compute.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratum.compute.session.SqlException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Whatever the input, the parser answers with a tree or an SqlException: never another exception. */
class RobustnessTest {
    private static final List<String> ALPHABET = List.of("select", "from", "where", "(", ")", ",", ";", "1", "'x'",
            "a", "b.c", "*", "+", "-", "=", "<>", "::", "int", "and", "or", "not", "is", "null", "in", "like",
            "between", "case", "when", "then", "else", "end", "join", "on", "using", "left", "lateral", "values",
            "insert", "into", "update", "set", "delete", "create", "table", "index", "drop", "alter", "add", "with",
            "as", "order", "by", "group", "limit", "offset", "union", "all", "distinct", "over", "partition",
            "filter", "array", "[", "]", "$1", "E'\\n'", "$$d$$", "\"Q\"", "cast", "exists", "any", "operator",
            "collate", "at", "time", "zone", ".", "interval", "extract", "trim", "copy", "stdin", "begin", "commit",
            "explain", "vacuum", "analyze", "prepare", "execute", "default", "returning", "conflict", "do",
            "nothing", "for", "row", "/*", "*/", "--", "\n", "'", "\"", "$");

    @Provide
    Arbitrary<String> soup() {
        return Arbitraries.of(ALPHABET).list().ofMaxSize(40).map(l -> String.join(" ", l));
    }

    @Property(tries = 1000)
    void tokenSoupNeverCrashes(@ForAll("soup") final String sql) {
        parseOrSqlError(sql);
        Parser.split(sql);
    }

    @Property(tries = 300)
    void mutatedClientQueriesNeverCrash(@ForAll @IntRange(min = 0, max = 10_000) final int which,
                                        @ForAll @IntRange(min = 0, max = 100_000) final int cut,
                                        @ForAll("soup") final String insert) throws Exception {
        final List<String> all = new ArrayList<>();
        for (String f : List.of("psql15-describe.sql", "pgjdbc-42.7.13.sql", "pgbench15.sql")) {
            all.addAll(Parser.split(ClientQueriesTest.read(f)));
        }
        final String s = all.get(which % all.size());
        final int at = cut % (s.length() + 1);
        parseOrSqlError(s.substring(0, at) + " " + insert + " " + s.substring(Math.min(s.length(), at + insert.length())));
        parseOrSqlError(s.substring(0, at));
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        final String[] deep = {"select " + "(".repeat(20_000) + "1" + ")".repeat(20_000),
            "select " + "- ".repeat(20_000) + "1", "select " + "not ".repeat(20_000) + "true",
            "select " + "array[".repeat(20_000) + "1" + "]".repeat(20_000),
            "select * from " + "(".repeat(20_000) + "select 1" + ")".repeat(20_000) + " s",
            "select " + "(select ".repeat(5_000) + "1" + ")".repeat(5_000),
            "select " + "f(".repeat(20_000) + ")".repeat(20_000)};
        for (String sql : deep) {
            final SqlException e = assertThrows(SqlException.class, () -> Parser.parse(sql));
            assertEquals("54001", e.sqlState(), sql.substring(0, 30));
        }
        // moderate nesting is fine
        assertEquals(1, Parser.parse("select " + "(".repeat(200) + "1" + ")".repeat(200)).size());
        assertEquals(1, Parser.parse("select " + "1 + ".repeat(20_000) + "1").size());
    }

    private static void parseOrSqlError(final String sql) {
        try {
            Parser.parse(sql);
        } catch (SqlException e) {
            if (e.sqlState() == null || e.sqlState().length() != 5 || e.position() < 0
                    || e.position() > sql.codePointCount(0, sql.length()) + 1) {
                throw new AssertionError("bad error " + e.sqlState() + " " + e.getMessage() + " @" + e.position(), e);
            }
        }
    }
}
