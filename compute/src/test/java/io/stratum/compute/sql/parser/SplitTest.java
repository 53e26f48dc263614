package io.stratum.compute.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Parser.split: top-level semicolons only, whatever the quoting and comments. */
class SplitTest {
    @Test
    void examples() {
        assertEquals(List.of("select 1", "select 2"), Parser.split("select 1; select 2"));
        assertEquals(List.of("select 1", "select 2"), Parser.split("select 1;\n\n select 2;\n"));
        assertEquals(List.of(), Parser.split(" ;; ; "));
        assertEquals(List.of(), Parser.split("-- only a comment;\n/* and ; another */ ;"));
        assertEquals(List.of("select ';'"), Parser.split("select ';'"));
        assertEquals(List.of("select 'it''s;'"), Parser.split("select 'it''s;'"));
        assertEquals(List.of("select E'\\';'"), Parser.split("select E'\\';'"));
        assertEquals(List.of("select 'a\\'", "select 2"), Parser.split("select 'a\\'; select 2"));
        assertEquals(List.of("select \"a;b\""), Parser.split("select \"a;b\""));
        assertEquals(List.of("select $$;$$", "x"), Parser.split("select $$;$$; x"));
        assertEquals(List.of("select $tag$ ; $$ ; $tag$"), Parser.split("select $tag$ ; $$ ; $tag$"));
        assertEquals(List.of("select $1", "select $2"), Parser.split("select $1; select $2"));
        assertEquals(List.of("select 1 -- ;", "select 2"), Parser.split("select 1 -- ;\n; select 2"));
        assertEquals(List.of("select 2"), Parser.split("/* c */ -- d\n select 2"));
        assertEquals(List.of("select /* ; /* ; */ ; */ 1"), Parser.split("select /* ; /* ; */ ; */ 1"));
        assertEquals(List.of("create rule r as on insert to t do (select 1; select 2)"),
                Parser.split("create rule r as on insert to t do (select 1; select 2)"));
        assertEquals(List.of("select 'unterminated;"), Parser.split("select 'unterminated;"));
        assertEquals(List.of("select a$b", "c"), Parser.split("select a$b; c"));
        assertEquals(List.of("select date'x;'"), Parser.split("select date'x;'"));
    }

    @Test
    void splitAgreesWithParseOnClientFiles() throws Exception {
        for (String f : List.of("psql15-describe.sql", "pgjdbc-42.7.13.sql", "pgjdbc-metadata.sql", "pgjdbc-typeinfo.sql")) {
            final String sql = ClientQueriesTest.read(f);
            assertEquals(Parser.split(sql).size(), Parser.parse(sql).size(), f);
        }
    }

    /** Fragments that hide semicolons from a naive splitter. */
    private static final List<String> ATOMS = List.of("1", "'a;b'", "'it''s;'", "E'x\\';y'", "e'\\\\'", "$$a;b$$",
            "$t$ ; $$ ; $t$", "\"q;x\"", "\"a\"\"b;\"", "/* c; /* n; */ ; */ 2", "-- c;\n 3", "(1, ';')", "B'01'",
            "x.y", "$1", "U&'d;'", "'a'\n';b'");

    @Provide
    Arbitrary<List<String>> statements() {
        final Arbitrary<String> stmt = Arbitraries.of(ATOMS).list().ofMinSize(1).ofMaxSize(5)
                .map(atoms -> "select " + String.join(" || ", atoms));
        return stmt.list().ofMinSize(0).ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of(";", " ; ", ";\n", "; -- x;\n", "; /* ; */ ", ";;", " ;\t;  ");
    }

    @Property(tries = 200)
    void splitFindsExactlyTheStatements(@ForAll("statements") final List<String> stmts,
                                        @ForAll("separators") final String sep) {
        final StringBuilder sb = new StringBuilder();
        for (String s : stmts) {
            sb.append(s).append(sep);
        }
        final List<String> expected = new ArrayList<>();
        for (String s : stmts) {
            expected.add(s.strip());
        }
        assertEquals(expected, Parser.split(sb.toString()));
        // and each piece is a statement the parser accepts, as one
        for (String s : Parser.split(sb.toString())) {
            assertEquals(1, Parser.parse(s).size(), s);
        }
    }

    /** Short texts over the characters that matter to splitting: the fast path answers as the scan would. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("ab1 ;;'\"$-/*()\n\tE\\").ofMinLength(0).ofMaxLength(14);
    }

    @Property(tries = 2000)
    void fastPathAgreesWithTheScan(@ForAll("texts") final String sql) {
        assertEquals(Parser.scan(sql), Parser.split(sql), sql);
    }

    @Test
    void fastPathCases() {
        assertEquals(List.of("UPDATE t SET v = v + -1 WHERE id = 2"), Parser.split("UPDATE t SET v = v + -1 WHERE id = 2;"));
        assertEquals(List.of("END"), Parser.split("END;\n"));
        assertEquals(List.of("select (1;"), Parser.split("select (1;"));
        assertEquals(List.of("select 1 -- x;"), Parser.split("select 1 -- x;"));
    }
}
