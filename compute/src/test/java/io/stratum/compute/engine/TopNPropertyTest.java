package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * {@code ORDER BY ... LIMIT n OFFSET m} (a top-N heap below the limit) returns exactly rows m..m+n of the
 * same query's full sort: random keys over columns with many ties and NULLs, both directions, both NULL
 * placements, junk sort keys (an ORDER BY expression that is not in the select list).
 */
class TopNPropertyTest {
    private static EngineFixture fx;
    private static SqlClient c;

    @BeforeContainer
    static void setUp() {
        fx = EngineFixture.inTempDir("top-n");
        c = fx.client();
        c.q("create table t (id int, a int, b text, n numeric)");
        c.q("insert into t select g, case when g % 6 = 0 then null else g % 5 end,"
            + " case when g % 7 = 0 then null else 'k' || (g % 3) end, (g % 4) / 2.0 from generate_series(1, 400) g");
    }

    @AfterContainer
    static void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    @Property(tries = 120)
    void aLimitedSortIsTheFullSortCut(@ForAll @From("keys") final String keys,
                                      @ForAll @IntRange(min = 0, max = 60) final int limit,
                                      @ForAll @IntRange(min = 0, max = 420) final int offset) {
        final List<List<String>> all = c.rows("select id, a, b from t order by " + keys);
        final List<List<String>> cut = c.rows("select id, a, b from t order by " + keys + " limit " + limit
            + " offset " + offset);
        final int from = Math.min(offset, all.size());
        assertEquals(all.subList(from, Math.min(all.size(), from + limit)), cut, keys);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> keys() {
        final net.jqwik.api.Arbitrary<String> one = net.jqwik.api.Combinators.combine(
            net.jqwik.api.Arbitraries.of("a", "b", "n", "a + 1", "length(b)"),
            net.jqwik.api.Arbitraries.of("", " asc", " desc"),
            net.jqwik.api.Arbitraries.of("", " nulls first", " nulls last")).as((k, d, nl) -> k + d + nl);
        return one.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(", ", l));
    }
}
