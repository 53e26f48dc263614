package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Filters a sequential scan decides on encoded bytes (integer and date comparisons, text = / <> / IN, their
 * ANDs and ORs) select the same rows as the same filter evaluated on decoded values ({@code (p) IS TRUE} is
 * never tested on bytes): random predicates over int2/int4/int8/date/text/varchar columns with NULLs, and a
 * column added after most rows were written (those tuples read its default).
 */
class ScanFilterPropertyTest {
    private static EngineFixture fx;
    private static SqlClient c;

    @BeforeContainer
    static void setUp() {
        fx = EngineFixture.inTempDir("scan-filter");
        c = fx.client();
        c.q("create table t (a int2, b int, c bigint, d date, s text, v varchar(10), n numeric)");
        c.q("insert into t select case when g % 7 = 0 then null else (g % 7 - 3)::int2 end,"
            + " case when g % 5 = 0 then null else g % 5 - 2 end, case when g % 11 = 0 then null else g % 4 - 1 end,"
            + " case when g % 13 = 0 then null else date '2000-01-01' + g % 6 end,"
            + " case when g % 9 = 0 then null else 'x' || (g % 4) end, case when g % 8 = 0 then null else 'y' || (g % 3) end,"
            + " g % 3 from generate_series(1, 300) g");
        c.q("alter table t add column z int default 1");
        c.q("insert into t select (g % 3)::int2, g % 4, g, date '2000-01-02', 'x' || g % 2, 'y1', 1, g % 3 - 1"
            + " from generate_series(1, 40) g");
    }

    @AfterContainer
    static void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    @Provide
    Arbitrary<String> atom() {
        final Arbitrary<String> op = Arbitraries.of("=", "<>", "<", "<=", ">", ">=");
        final Arbitrary<String> intCol = Arbitraries.of("a", "b", "c", "z");
        final Arbitrary<String> k = Arbitraries.of("-2", "-1", "0", "1", "2", "null", "3000000000");
        final Arbitrary<String> cmpConst = net.jqwik.api.Combinators.combine(intCol, op, k, Arbitraries.of(true, false))
            .as((col, o, v, flip) -> flip ? v + " " + o + " " + col : col + " " + o + " " + v);
        final Arbitrary<String> cmpCols = net.jqwik.api.Combinators.combine(intCol, op, intCol).as((x, o, y) -> x + " " + o + " " + y);
        final Arbitrary<String> date = net.jqwik.api.Combinators.combine(op, Arbitraries.integers().between(0, 7))
            .as((o, dd) -> "d " + o + " date '2000-01-01' + " + dd);
        final Arbitrary<String> dateTs = op.map(o -> "d " + o + " timestamp '2000-01-03 12:00'");
        final Arbitrary<String> text = net.jqwik.api.Combinators.combine(Arbitraries.of("s", "v"), Arbitraries.of("=", "<>"),
            Arbitraries.of("'x1'", "'x2'", "'y1'", "'y2'", "''", "null")).as((col, o, v) -> col + " " + o + " " + v);
        final Arbitrary<String> in = net.jqwik.api.Combinators.combine(Arbitraries.of("s", "v", "b", "a"),
            Arbitraries.of(" in ", " not in "), Arbitraries.of("('x1', 'x3')", "('y0', 'y2', 'x0')", "('x1', null)"))
            .as((col, o, l) -> col + o + (col.equals("b") || col.equals("a") ? l.replace("'x1'", "1").replace("'x3'", "-1")
                .replace("'y0'", "0").replace("'y2'", "2").replace("'x0'", "-2") : l));
        final Arbitrary<String> numeric = op.map(o -> "n " + o + " 1");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, cmpConst), net.jqwik.api.Tuple.of(2, cmpCols),
            net.jqwik.api.Tuple.of(2, date), net.jqwik.api.Tuple.of(1, dateTs), net.jqwik.api.Tuple.of(3, text),
            net.jqwik.api.Tuple.of(2, in), net.jqwik.api.Tuple.of(1, numeric));
    }

    @Provide
    Arbitrary<String> predicate() {
        return Arbitraries.recursive(this::atom, p -> net.jqwik.api.Combinators.combine(p, Arbitraries.of(" and ", " or "), p)
            .as((x, o, y) -> "(" + x + o + y + ")"), 0, 3);
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void bytesAndDecodedValuesSelectTheSameRows(@ForAll("predicate") final String p, @ForAll("predicate") final String q) {
        final String where = p + " and " + q;
        final String decoded = c.one("select count(*) || ':' || coalesce(sum(c), 0) from t where (" + p + ") is true and ("
            + q + ") is true");
        assertEquals(decoded, c.one("select count(*) || ':' || coalesce(sum(c), 0) from t where " + where), where);
    }
}
