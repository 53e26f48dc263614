package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A sublink decorrelated into a semi or anti join returns exactly the rows of the same sublink evaluated as
 * a subplan per row ({@code (p) OR false} is never rewritten; a condition that is always true makes the
 * subquery correlated), and so does the uncorrelated subplan that reads its values once: random small tables with NULLs and duplicate
 * values on both sides, random IN / NOT IN / EXISTS / NOT EXISTS forms (keyed, unkeyed, several keys, an
 * outer side of two items, nested sublinks).
 */
class SemiJoinPropertyTest {
    private static EngineFixture fx;
    private static SqlClient c;

    private static final List<String> FORMS = List.of(
        "exists (select 1 from t2 where t2.c = t1.a%s)",
        "not exists (select 1 from t2 where t2.c = t1.a%s)",
        "t1.a in (select c from t2 where true%s)",
        "t1.a not in (select c from t2 where true%s)",
        "t1.b + 1 = any (select d from t2 where true%s)",
        "t1.b <> all (select d from t2 where true%s)",
        "exists (select 1 from t2 where t2.c = t1.a and t2.d < t1.b%s)",
        "not exists (select 1 from t2 where t2.d > t1.b%s)",
        "exists (select 1 from t2 where t2.d = t1.b and t2.c = t1.a%s)",
        "not exists (select 1 from t2 where t2.d = t1.b and t2.c = t1.a%s limit 3)",
        "exists (select 1 from t2 where t2.c = x.a and t2.d = t1.b%s)",
        "not exists (select 1 from t2 where t2.c = t1.a%s and not exists (select 1 from t1 z where z.b = t2.d))",
        "t1.a in (select c from t2 where exists (select 1 from t1 z where z.a = t2.d)%s)",
        "t1.a in (select max(c) from t2 where true%s group by d)");
    private static final List<String> EXTRAS = List.of("", " and t2.d is not null", " and t2.d > 1", " and t2.c is null");

    @BeforeContainer
    static void setUp() {
        fx = EngineFixture.inTempDir("semi-join");
        c = fx.client();
        c.q("create table t1 (a int, b int)");
        c.q("create table t2 (c int, d int)");
    }

    @AfterContainer
    static void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    @Property(tries = 150)
    void aSemiJoinReturnsTheSubplansRows(@ForAll @From("rows") final List<Integer[]> outer,
                                         @ForAll @From("rows") final List<Integer[]> inner,
                                         @ForAll @From("forms") final String form,
                                         @ForAll @From("extras") final String extra) {
        load("t1", outer);
        load("t2", inner);
        final String p = String.format(form, extra);
        final String from = p.contains("x.") ? "t1, t1 x where t1.a = x.b and " : "t1 where ";
        final String sql = "select t1.a, t1.b from " + from;
        // the reference: the subquery made correlated (by a condition always true), so it runs again per row
        final String perRow = String.format(form, extra + " and t1.a is not distinct from t1.a");
        final List<String> want = sorted(c.rows(sql + "(" + perRow + ") or false"));
        assertEquals(want, sorted(c.rows(sql + p)), p);
        // and uncorrelated under an OR: read once (a hash set for IN / NOT IN)
        assertEquals(want, sorted(c.rows(sql + "(" + p + ") or false")), p + " or false");
        final String plan = String.join("\n", c.q("explain " + sql + p).column(0));
        assertTrue(plan.contains("Semi Join") || plan.contains("Anti Join"), plan);
    }

    private static void load(final String table, final List<Integer[]> rows) {
        c.q("truncate " + table);
        if (rows.isEmpty()) {
            return;
        }
        final StringBuilder sb = new StringBuilder("insert into " + table + " values ");
        for (int i = 0; i < rows.size(); i++) {
            sb.append(i > 0 ? ", " : "").append('(').append(rows.get(i)[0]).append(", ").append(rows.get(i)[1]).append(')');
        }
        c.q(sb.toString());
    }

    private static List<String> sorted(final List<List<String>> rows) {
        final List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(String.valueOf(r)));
        out.sort(null);
        return out;
    }

    @Provide
    Arbitrary<List<Integer[]>> rows() {
        final Arbitrary<Integer> v = Arbitraries.integers().between(0, 4).injectNull(0.2);
        return v.list().ofSize(2).map(l -> l.toArray(new Integer[0])).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> forms() {
        return Arbitraries.of(FORMS);
    }

    @Provide
    Arbitrary<String> extras() {
        return Arbitraries.of(EXTRAS);
    }
}
