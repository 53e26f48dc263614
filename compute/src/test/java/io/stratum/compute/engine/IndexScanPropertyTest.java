package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * After a random sequence of INSERT / UPDATE / DELETE (HOT and non-HOT updates, rows moving in and out of a
 * partial index's predicate), a scan of an expression index ({@code lower(s)}, {@code (n % 5)}) or of a partial
 * index ({@code (n) WHERE flag}, {@code (lower(s)) WHERE n > 10}) returns exactly the rows a sequential scan
 * with the same predicate returns; EXPLAIN shows the index is the one used.
 */
class IndexScanPropertyTest {
    private static EngineFixture fx;
    private static SqlClient c;
    private static int round;

    @BeforeContainer
    static void setUp() {
        fx = EngineFixture.inTempDir("index-scan");
        c = fx.client();
    }

    @AfterContainer
    static void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    @BeforeTry
    void freshTable() {
        round++;
        c.q("drop table if exists t");
        c.q("create table t (id int, s text, n int, flag boolean, pad text)");
        c.q("create index t_lower on t (lower(s))");
        c.q("create index t_mod on t ((n % 5))");
        c.q("create index t_flag on t (n) where flag");
        c.q("create index t_big on t (lower(s)) where n > 10");
        // enough rows that an index scan beats a sequential one
        c.q("insert into t select g, 'Base' || g, 1000 + g, false, 'x' from generate_series(1, 400) g");
    }

    private static final List<String> WORDS = List.of("'a'", "'A'", "'b'", "'B'", "NULL", "'c'");

    Arbitrary<String> op() {
        final Arbitrary<String> word = Arbitraries.of(WORDS);
        final Arbitrary<Integer> n = Arbitraries.integers().between(-2, 16);
        final Arbitrary<Integer> id = Arbitraries.integers().between(1, 12);
        final Arbitrary<String> bool = Arbitraries.of("true", "false", "NULL");
        final Arbitrary<String> insert = Combinators.combine(id, word, n, bool)
            .as((i, w, v, f) -> "insert into t values (" + i + ", " + w + ", " + v + ", " + f + ", 'x')");
        final Arbitrary<String> setS = Combinators.combine(word, id).as((w, i) -> "update t set s = " + w + " where id = " + i);
        final Arbitrary<String> setN = Combinators.combine(n, id).as((v, i) -> "update t set n = " + v + " where id = " + i);
        final Arbitrary<String> setFlag = Combinators.combine(bool, id).as((f, i) -> "update t set flag = " + f + " where id = " + i);
        final Arbitrary<String> hot = id.map(i -> "update t set pad = pad || 'y' where id = " + i);
        final Arbitrary<String> delete = id.map(i -> "delete from t where id = " + i);
        return Arbitraries.oneOf(insert, insert, setS, setN, setFlag, hot, delete);
    }

    @Provide
    Arbitrary<List<String>> ops() {
        return op().list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<String[]> query() {
        final Arbitrary<String> word = Arbitraries.of("a", "b", "c");
        final Arbitrary<Integer> n = Arbitraries.integers().between(-2, 16);
        return Arbitraries.oneOf(
            word.map(w -> new String[] {"lower(s) = '" + w + "'", "lower(s) || '' = '" + w + "'", "t_lower"}),
            Arbitraries.integers().between(0, 4).map(k -> new String[] {"n % 5 = " + k, "(n % 5) + 0 = " + k, "t_mod"}),
            n.map(v -> new String[] {"n = " + v + " and flag", "n + 0 = " + v + " and flag", "t_flag"}),
            Combinators.combine(word, n).as((w, v) -> new String[] {"lower(s) = '" + w + "' and n > 10 and n < " + v,
                "lower(s) || '' = '" + w + "' and n + 0 > 10 and n < " + v, "t_big"}));
    }

    @Property(tries = 150)
    void indexScansReturnWhatSequentialScansReturn(@ForAll("ops") final List<String> ops, @ForAll("query") final String[] q) {
        for (final String op : ops) {
            c.q(op);
        }
        final String plan = String.join("\n", c.q("explain select id from t where " + q[0]).column(0));
        assertTrue(plan.contains("Index Scan using " + q[2] + " on t"), plan);
        final String sql = "select id, s, n, flag from t where %s order by id, s, n, flag";
        assertEquals(c.rows(String.format(sql, q[1])), c.rows(String.format(sql, q[0])), q[0] + " after " + ops);
    }
}
