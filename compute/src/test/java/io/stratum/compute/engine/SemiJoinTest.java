package io.stratum.compute.engine;

import static io.stratum.compute.engine.SqlClient.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IN, EXISTS, NOT EXISTS and NOT IN decorrelated into semi and anti joins: the join shape EXPLAIN prints,
 * the forms PostgreSQL keeps as subplans (and so do we), and the rows, with NULLs and duplicates on both
 * sides. {@code SemiJoinPropertyTest} compares random cases with the subplan form.
 */
class SemiJoinTest extends EngineClassTest {
    @Override
    void schema() {
        c.q("create table cust (cid int primary key, rid int, seg text)");
        c.q("create table ord (oid int primary key, cid int, amount int)");
        c.q("insert into cust select g, 1 + g % 20, case when g % 10 = 0 then 'rare' else 'common' end"
            + " from generate_series(1, 400) g");
        // customers 1..200 have orders (20 each), 201..400 none
        c.q("insert into ord select g, 1 + g % 200, g % 97 from generate_series(1, 4000) g");
        c.q("create index ord_cid on ord (cid)");
        c.q("create table o (id int, g int)");
        c.q("create table i (id int, g int)");
        c.q("insert into o values (1, 1), (2, 1), (3, 2), (4, null), (null, 3), (5, 5)");
        c.q("insert into i values (1, 1), (1, 1), (3, 2), (3, 7), (null, 2)");
        c.q("analyze");
    }

    private String plan(final String sql) {
        return String.join("\n", c.q("explain " + sql).column(0));
    }

    @Test
    void existsIsAHashSemiJoinOnItsEqualityAndKeepsOtherConditionsAsItsFilter() {
        final String sql = "select count(*) from cust where exists (select 1 from ord where ord.cid = cust.cid"
            + " and ord.amount > 90 and ord.oid <> cust.cid)";
        final String p = plan(sql);
        assertTrue(p.contains("Semi Join"), p);
        assertFalse(p.contains("SubPlan"), p);
        assertTrue(p.contains("Join Filter: (ord.oid <> cust.cid)"), p);
        assertTrue(p.contains("Filter: (ord.amount > 90)"), p); // the inner-only conjunct stays in the inner scan
        assertEquals(c.one("select count(*) from cust where exists (select 1 from ord where ord.cid = cust.cid"
            + " and ord.amount > 90 and ord.oid <> cust.cid) or false"), c.one(sql));
    }

    @Test
    void notExistsIsAnAntiJoin() {
        final String sql = "select count(*) from cust where not exists (select * from ord where ord.cid = cust.cid)";
        final String p = plan(sql);
        assertTrue(p.contains("Anti Join"), p);
        assertFalse(p.contains("SubPlan"), p);
        assertEquals("200", c.one(sql));
    }

    @Test
    void aSelectiveOuterSideProbesTheInnerIndex() {
        final String sql = "select cid from cust where cid < 4 and exists (select 1 from ord where ord.cid = cust.cid)"
            + " order by cid";
        final String p = plan(sql);
        assertTrue(p.contains("Nested Loop Semi Join"), p);
        assertTrue(p.contains("Index Scan using ord_cid on ord") && p.contains("Index Cond: (cid = cust.cid)"), p);
        assertEquals(List.of(row("1"), row("2"), row("3")), c.rows(sql));
        final String anti = "select cid from cust where cid in (1, 250) and not exists (select 1 from ord where ord.cid = cust.cid)";
        assertTrue(plan(anti).contains("Nested Loop Anti Join"), plan(anti));
        assertEquals(List.of(row("250")), c.rows(anti));
    }

    @Test
    void inIsASemiJoinAndDuplicatesNeverMultiplyOuterRows() {
        final String sql = "select id from o where id in (select id from i) order by id";
        final String p = plan(sql);
        assertTrue(p.contains("Hash Semi Join") && p.contains("Hash Cond: (o.id = i.id)"), p);
        assertEquals(List.of(row("1"), row("3")), c.rows(sql));
        // IN over a grouped subquery: a semi join against the derived table
        final String grouped = "select id from o where g in (select max(g) from i group by id) order by id";
        assertTrue(plan(grouped).contains("Semi Join"), plan(grouped));
        assertEquals(List.of(row("1"), row("2"), row("3")), c.rows(grouped));
        assertEquals("200", c.one("select count(*) from cust where cid = any (select cid from ord)"));
    }

    @Test
    void notInIsANullAwareAntiJoin() {
        final String p = plan("select id from o where id not in (select id from i)");
        assertTrue(p.contains("Hash Anti Join") && p.contains("Null Aware: true"), p);
        // a NULL among the inner values: no row passes
        assertEquals(List.of(), c.rows("select id from o where id not in (select id from i)"));
        assertEquals(List.of(), c.rows("select id from o where id <> all (select id from i)"));
        // without it: outer NULLs never pass, the rest unless matched
        assertEquals(List.of(row("2"), row("4"), row("5")), c.rows("select id from o where id not in (select id from i"
            + " where id is not null) order by id"));
        assertEquals(List.of(row("2"), row("4"), row("5")), c.rows("select id from o where not (id in (select id from i"
            + " where id is not null)) order by id"));
        // an empty subquery: every row passes, NULLs too
        assertEquals("6", c.one("select count(*) from o where id not in (select id from i where false)"));
    }

    @Test
    void formsPostgresqlKeepsAsSubplansStaySubplans() {
        for (final String where : List.of(
            "exists (select 1 from i)", // not correlated: evaluated once
            "exists (select 1 from i where i.id = o.id limit 0)",
            "exists (select max(g) from i where i.id = o.id)",
            "exists (select 1 from i where i.id = o.id group by i.g)",
            "g in (select g from i where i.id = o.id)", // correlated IN
            "exists (select 1 from i where i.id = o.id) or o.g = 5")) {
            final String p = plan("select id from o where " + where);
            assertTrue(p.contains("SubPlan") && !p.contains("Semi Join") && !p.contains("Anti Join"), where + "\n" + p);
        }
        // a constant positive LIMIT is dropped, as PostgreSQL does for EXISTS
        assertTrue(plan("select id from o where exists (select 1 from i where i.id = o.id limit 1)").contains("Semi Join"));
    }

    @Test
    void uncorrelatedSublinksUnderOrKeepPostgresqlsNullSemantics() {
        // not pulled up (under OR): the subquery's values are read once per statement
        assertEquals(List.of(row("1"), row("3"), row("5")), c.rows("select id from o where id in (select id from i)"
            + " or g = 5 order by id"));
        assertEquals(List.of(row("5")), c.rows("select id from o where id not in (select id from i) or g = 5"));
        assertEquals(List.of(row("2"), row("4"), row("5")), c.rows("select id from o where id not in (select id from i"
            + " where id is not null) or false order by id"));
        assertEquals(List.of(row("2"), row("3"), row("4"), row("5")), c.rows("select id from o where id > any"
            + " (select id from i) or false order by id"));
        assertEquals("6", c.one("select count(*) from o where id <> all (select id from i where false) or false"));
    }

    @Test
    void nullsOnBothSidesOfACorrelation() {
        assertEquals(List.of(row("1"), row("3")), c.rows("select id from o where exists (select 1 from i where i.id = o.id)"
            + " order by id"));
        assertEquals(List.of(row("2"), row("4"), row("5"), java.util.Collections.singletonList(null)), c.rows("select id from o where not exists"
            + " (select 1 from i where i.id = o.id) order by id"));
        // correlation on two keys and a non-equality one; nested subqueries inside and outside
        assertEquals(List.of(row("1"), row("3")), c.rows("select id from o where exists (select 1 from i where i.id = o.id"
            + " and i.g = o.g and i.g >= o.g) order by id"));
        assertEquals(List.of(row("3")), c.rows("select id from o where exists (select 1 from i where i.g = o.g and i.id = o.id"
            + " and exists (select 1 from o o2 where o2.g = i.g and o2.id = 3))"));
        assertEquals(List.of(row("2")), c.rows("select id from o where id not in (select id from i where id is not null)"
            + " and exists (select 1 from i where i.g = o.g)"));
    }
}
