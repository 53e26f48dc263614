package io.stratum.compute.fuzz;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.parser.Parser;
import io.stratum.wal.fuzz.FuzzTries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The SQL parser on character-level mutations of the statements real clients send (psql, pgJDBC, pgbench:
 * the corpus under {@code sql/clients}) and on random text including NULs, lone surrogates, quotes and
 * dollar tags: it answers a tree or an {@link SqlException} with a SQLSTATE, never another exception, and
 * within a bounded time. (The token-level soup is {@code sql.parser.RobustnessTest}.)
 */
@AddLifecycleHook(FuzzTries.class)
class SqlParserFuzzTest {
    private static final long MAX_NANOS = 2_000_000_000L;
    private static final List<String> CORPUS = corpus();
    private static final String SPECIAL = "'\"$();,.:[]{}*/-+=<>!~@#%^&|`?\\\n\t\0 eEuU&xXbB0123456789";

    private static List<String> corpus() {
        final List<String> all = new ArrayList<>();
        for (final String f : List.of("psql15-describe.sql", "psql15-tab-complete.sql", "pgjdbc-42.7.13.sql",
            "pgjdbc-metadata.sql", "pgjdbc-typeinfo.sql", "pgbench15.sql")) {
            try (InputStream in = SqlParserFuzzTest.class.getResourceAsStream("/sql/clients/" + f)) {
                all.addAll(Parser.split(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (final IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return all;
    }

    /** One edit: delete, insert or replace a run of characters at a position. */
    record Edit(int kind, int at, int length, String text) {
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        final Arbitrary<String> text = Arbitraries.oneOf(
            Arbitraries.strings().withChars(SPECIAL).ofMaxLength(6),
            Arbitraries.strings().all().ofMaxLength(4),
            Arbitraries.of("'", "$$", "$a$", "E'\\", "/*", "*/", "--", "U&'", "\"", "::", "(", ")", "[", "\\x00"));
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, 12), text)
            .as(Edit::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 400, seed = "13")
    void mutatedClientStatements(@ForAll("edits") final List<Edit> edits,
                                 @ForAll final int which) {
        String s = CORPUS.get(Math.floorMod(which, CORPUS.size()));
        for (final Edit e : edits) {
            final int at = e.at() % (s.length() + 1);
            final int end = Math.min(s.length(), at + e.length());
            s = switch (e.kind()) {
                case 0 -> s.substring(0, at) + s.substring(end);
                case 1 -> s.substring(0, at) + e.text() + s.substring(at);
                default -> s.substring(0, at) + e.text() + s.substring(end);
            };
        }
        parseBounded(s);
    }

    @Property(tries = 300, seed = "13")
    void randomText(@ForAll("randomSql") final String sql) {
        parseBounded(sql);
    }

    @Provide
    Arbitrary<String> randomSql() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200),
            Arbitraries.strings().withChars(SPECIAL).ofMaxLength(200),
            Arbitraries.strings().withChars(SPECIAL + "selctfromwhaindup").ofMaxLength(300));
    }

    static void parseBounded(final String sql) {
        final long start = System.nanoTime();
        try {
            Parser.parse(sql);
        } catch (final SqlException e) {
            if (e.sqlState() == null || e.sqlState().length() != 5) {
                throw new AssertionError("an SqlException without a SQLSTATE: " + e.getMessage(), e);
            }
        }
        Parser.split(sql);
        final long took = System.nanoTime() - start;
        if (took > MAX_NANOS) {
            throw new AssertionError("parsing took " + took / 1_000_000 + " ms: " + sql);
        }
    }
}
