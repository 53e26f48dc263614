package io.stratum.compute.engine;

import static io.stratum.compute.engine.SqlClient.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cost-based planner through a session over a real store: ANALYZE's statistics, predicate pushdown,
 * join order, hash-join build sides, index nested loops and index-versus-sequential choice, each checked by
 * the plan EXPLAIN prints and by the rows the query returns.
 */
class PlannerTest extends EngineClassTest {
    @Override
    void schema() {
        // 20 regions (id % 4 = 0 'big'), 400 customers (5 per region... round robin), 4,000 orders
        c.q("create table region (rid int primary key, rname text)");
        c.q("create table cust (cid int primary key, rid int, seg text)");
        c.q("create table ord (oid int primary key, cid int, odate date, amount numeric(10,2), prio text)");
        c.q("insert into region select g, case when g % 4 = 0 then 'big' else 'small' end from generate_series(1, 20) g");
        c.q("insert into cust select g, 1 + g % 20, case when g % 10 = 0 then 'rare' else 'common' end"
            + " from generate_series(1, 400) g");
        c.q("insert into ord select g, 1 + g % 400, date '2020-01-01' + g % 1000, g % 97, case when g % 3 = 0 then 'HIGH'"
            + " else 'LOW' end from generate_series(1, 4000) g");
        c.q("create index ord_cid on ord (cid)");
        c.q("create index ord_odate on ord (odate)");
        c.q("analyze");
    }

    private List<String> plan(final String sql) {
        return c.q("explain " + sql).column(0);
    }

    private static String text(final List<String> plan) {
        return String.join("\n", plan);
    }

    /** The plan's lines naming a scan, in EXPLAIN order (outer side first). */
    private static List<String> scans(final List<String> plan) {
        final List<String> out = new ArrayList<>();
        for (final String l : plan) {
            if (l.contains("Scan")) {
                out.add(l.replaceAll("^[ ->]*", ""));
            }
        }
        return out;
    }

    @Test
    void aggregatesOverDifferentCaseExpressionsStayApart() {
        // two CASE expressions used to print the same "CASE ... END" and were merged into one aggregate
        assertEquals(List.of(row("1333", "2667")), c.rows("select sum(case when prio = 'HIGH' then 1 else 0 end),"
            + " sum(case when prio <> 'HIGH' then 1 else 0 end) from ord"));
        assertEquals(List.of(row("HIGH", "1332", "1333"), row("LOW", "2666", "2667")), c.rows("select prio,"
            + " count(*) - 1, count(*) from ord group by prio, case when prio = 'x' then 1 end order by 1"));
    }

    @Test
    void singleTablePredicatesArePushedIntoTheirScans() {
        final List<String> p = plan("select count(*) from region, cust, ord where region.rid = cust.rid and cust.cid = ord.cid"
            + " and rname = 'big' and seg = 'rare' and amount > 90");
        final String t = text(p);
        assertTrue(t.contains("Filter: (region.rname = 'big'::text)"), t);
        assertTrue(t.contains("Filter: (cust.seg = 'rare'::text)"), t);
        assertTrue(t.contains("Filter: (ord.amount > "), t);
        assertEquals(List.of(row("0")), c.rows("select count(*) from region, cust, ord where region.rid = cust.rid"
            + " and cust.cid = ord.cid and rname = 'big' and seg = 'rare'"));
        assertEquals(List.of(row("1000")), c.rows("select count(*) from region, cust, ord where region.rid = cust.rid"
            + " and cust.cid = ord.cid and rname = 'big'"));
    }

    @Test
    void joinOrderStartsFromTheSmallestFilteredItemAndBuildsOnTheSmallerSide() {
        // written largest first: the plan must not build its hash table on ord
        final String sql = "select rname, count(*), sum(amount) from ord, cust, region where ord.cid = cust.cid"
            + " and cust.rid = region.rid and rname = 'big' group by rname";
        final List<String> p = plan(sql);
        final String t = text(p);
        assertTrue(t.contains("Hash Join"), t);
        // a hash table is built on a join's right input (EXPLAIN's second child): never on ord, the largest;
        // 100 customers in big regions: probing ord's index 100 times beats scanning it
        final List<String> s = scans(p);
        assertTrue(!t.contains("Seq Scan on ord") || s.get(0).equals("Seq Scan on ord"), t);
        assertTrue(t.contains("Index Scan using ord_cid on ord"), t);
        final String sum = c.one("select sum(amount) from ord where cid in (select cid from cust where rid in"
            + " (select rid from region where rname = 'big'))");
        assertEquals(List.of(row("big", "1000", sum)), c.rows(sql));
    }

    @Test
    void indexNestedLoopForASelectiveOuterSide() {
        final String sql = "select cust.cid, oid from cust, ord where cust.cid = ord.cid and cust.cid = 7 order by oid";
        final String t = text(plan(sql));
        assertTrue(t.contains("Nested Loop"), t);
        assertTrue(t.contains("Index Scan using ord_cid on ord"), t);
        assertTrue(t.contains("Index Cond: (cid = cust.cid)"), t);
        final List<List<String>> rows = c.rows(sql);
        assertEquals(10, rows.size());
        assertEquals(row("7", "6"), rows.get(0));
        assertEquals(row("7", "3606"), rows.get(9));
    }

    @Test
    void statisticsChooseBetweenIndexAndSequentialScans() {
        // a range over almost every row: the sequential scan is cheaper than 4,000 index fetches
        final String wide = text(plan("select count(*) from ord where odate > date '2020-01-05'"));
        assertTrue(wide.contains("Seq Scan on ord") && !wide.contains("Index Scan"), wide);
        // a narrow range and a unique key: the index
        assertTrue(text(plan("select count(*) from ord where odate between date '2020-03-01' and date '2020-03-03'"))
            .contains("Index Scan using ord_odate"));
        assertTrue(text(plan("select * from ord where oid = 17")).contains("Index Scan using ord_pkey"));
        assertEquals("12", c.one("select count(*) from ord where odate between date '2020-03-01' and date '2020-03-03'"));
        assertEquals("3980", c.one("select count(*) from ord where odate > date '2020-01-05'"));
    }

    @Test
    void multiColumnAndNonEquiJoinConditionsStayCorrect() {
        // a cross-item condition that is not an equality becomes the join's filter; a cycle of edges too
        final String sql = "select count(*) from cust a, cust b, region r where a.rid = r.rid and b.rid = r.rid"
            + " and a.rid = b.rid and a.cid < b.cid and r.rname = 'big'";
        assertEquals("950", c.one(sql)); // 5 big regions, 20 customers each: 5 * 20 * 19 / 2
        final String t = text(plan(sql));
        assertTrue(t.contains("Join Filter: ") && t.contains("(a.cid < b.cid)"), t);
        // an equality the hash condition enforces is not checked again
        for (final String l : plan(sql)) {
            if (l.contains("Join Filter")) {
                assertFalse(l.contains("(b.rid = r.rid)") || l.contains("(a.rid = r.rid)"), t);
            }
        }
        // a comma join with no edge at all is a nested loop, and the select list keeps FROM order
        assertEquals(List.of(row("1", "big", "4")), c.rows("select r1.rid, r2.rname, r2.rid from region r1, region r2"
            + " where r1.rid = 1 and r2.rid = 4"));
        assertEquals(List.of(row("4", "big", "3", "4", "common")), c.rows("select * from region r2, cust where r2.rid = 4"
            + " and cust.cid = 3 and cust.cid + 1 = r2.rid"));
    }

    @Test
    void analyzeReplansCachedStatements() {
        c.q("create table grow (k int primary key, v int)");
        c.q("create index grow_v on grow (v)");
        c.q("insert into grow select g, g % 2 from generate_series(1, 2000) g");
        c.q("analyze grow");
        final String sql = "select count(*) from grow where v = 1";
        assertFalse(text(plan(sql)).contains("Index Scan"), text(plan(sql))); // half the rows: sequential
        assertEquals("1000", c.one(sql));
        c.q("update grow set v = k where k > 2");
        c.q("analyze grow");
        assertTrue(text(plan(sql)).contains("Index Scan using grow_v"), text(plan(sql)));
        assertEquals("1", c.one(sql));
    }

    @Test
    void explainAnalyzeCountsRowsAndTimesPerNode() {
        final List<String> p = plan("analyze select count(*) from cust, ord where cust.cid = ord.cid and seg = 'rare'");
        final String t = text(p);
        assertTrue(p.get(0).contains("(actual time="), t);
        String cust = null;
        for (final String l : p) {
            cust = l.contains("Seq Scan on cust") ? l : cust;
        }
        assertTrue(cust != null && cust.contains("rows=40 loops=1"), t);
        assertTrue(t.contains("Rows Removed by Filter: 360"), t);
        assertTrue(p.get(p.size() - 1).startsWith("Execution Time: "), t);
        assertEquals("400", c.one("select count(*) from cust, ord where cust.cid = ord.cid and seg = 'rare'"));
    }

    @Test
    void scansDecodeOnlyTheColumnsTheQueryNames() {
        // the other columns are not decoded: what the query reads must still be right, including names used
        // only in a subquery, in ORDER BY, and whole-row references
        assertEquals("1361", c.one("select count(*) from ord where prio = 'HIGH' or amount = 0"));
        assertEquals("41", c.one("select count(*) from cust c where exists (select 1 from ord o where o.cid = c.cid"
            + " and o.amount > 95)"));
        assertEquals(List.of(row("2020-01-02"), row("2020-01-03")), c.rows("select odate from ord where oid < 3 order by oid"));
        assertEquals("(1,2,common)", c.one("select c from cust c where c.rid = 2 and c.cid < 20"));
        assertEquals(List.of(row("1", "2", "common")), c.rows("select * from cust where rid = 2 and cid < 20"));
    }
}
