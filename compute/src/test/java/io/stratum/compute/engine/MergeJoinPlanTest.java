package io.stratum.compute.engine;

import static io.stratum.compute.engine.SqlClient.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Merge joins through a session over a real store: chosen by cost for the FROM list's joins when both inputs can be
 * read in the join key's order by their primary keys and ORDER BY asks for that order (PostgreSQL 15 picks the same Merge Join over two
 * index scans on this data, with and without the LIMIT), not chosen where a hash join is cheaper, forced by
 * enable_hashjoin / enable_nestloop = off for the FROM list's joins and for explicit outer joins, and the
 * FULL JOIN whose conditions are neither merge- nor hash-joinable refused as PostgreSQL refuses it.
 */
class MergeJoinPlanTest extends EngineClassTest {
    @Override
    void schema() {
        c.q("create table ma (id int primary key, v int)");
        c.q("create table mb (id int primary key, w int)");
        c.q("insert into ma select i, i % 100 from generate_series(1, 20000) i");
        c.q("insert into mb select i, i % 7 from generate_series(1, 20000, 2) i");
        c.q("analyze");
    }

    private String plan(final String sql) {
        return String.join("\n", c.q("explain " + sql).column(0));
    }

    @Test
    void bothInputsInKeyOrderByIndexGiveAMergeJoinWithNoSort() {
        final String sql = "select ma.id, mb.w from ma, mb where ma.id = mb.id order by ma.id limit 5";
        final String p = plan(sql);
        assertTrue(p.contains("Merge Join"), p);
        assertTrue(p.contains("Merge Cond: (ma.id = mb.id)"), p); // the larger input outer, as PostgreSQL has it
        assertTrue(p.contains("Index Scan using ma_pkey on ma"), p);
        assertTrue(p.contains("Index Scan using mb_pkey on mb"), p);
        assertFalse(p.contains("Sort"), p);
        assertEquals(List.of(row("1", "1"), row("3", "3"), row("5", "5"), row("7", "0"), row("9", "2")), c.rows(sql));
        // the order is the merge's: the same rows as the hash join and its sort return
        // ordered by the other side's key, past the first rows: the same rows as the hash join and its sort return
        final String other = "select ma.id, ma.v, mb.w from ma, mb where ma.id = mb.id order by mb.id limit 20 offset 100";
        final String q = plan(other);
        assertTrue(q.contains("Merge Join") && !q.contains("Sort"), q);
        final List<List<String>> merged = c.rows(other);
        c.q("set enable_mergejoin = off");
        try {
            // the next cheapest plan in that order: the index scan of mb driving an index nested loop into ma
            final String n = plan(other);
            assertTrue(n.contains("Nested Loop") && n.contains("Index Cond: (id = mb.id)") && !n.contains("Sort"), n);
            c.q("set enable_nestloop = off");
            final String h = plan(other);
            assertTrue(h.contains("Hash Join") && h.contains("Sort"), h);
            assertEquals(c.rows(other), merged);
            assertEquals(List.of("201", "1", "5"), merged.get(0));
        } finally {
            c.q("reset enable_mergejoin");
            c.q("reset enable_nestloop");
        }
    }

    @Test
    void withoutAnOrderToKeepTheHashJoinStays() {
        final String p = plan("select count(*) from ma join mb on ma.id = mb.id");
        assertTrue(p.contains("Hash Join"), p);
        assertFalse(p.contains("Merge"), p);
    }

    @Test
    void hashJoinsAndNestedLoopsOffForceMergeJoins() {
        c.q("set enable_hashjoin = off");
        c.q("set enable_nestloop = off");
        try {
            final String inner = plan("select ma.v, mb.w from ma, mb where ma.v = mb.w");
            assertTrue(inner.contains("Merge Join") && inner.contains("Sort Key: ma.v") && inner.contains("Sort Key: mb.w"), inner);
            final String left = plan("select ma.v, mb.w from ma left join mb on ma.v = mb.w and ma.id < mb.id");
            assertTrue(left.contains("Merge Left Join"), left);
            assertTrue(left.contains("Merge Cond: (ma.v = mb.w)"), left);
            assertTrue(left.contains("Join Filter: (ma.id < mb.id)"), left);
            final String full = plan("select * from ma full join mb on ma.id = mb.id");
            assertTrue(full.contains("Merge Full Join"), full);
            // a full join with a join filter: a merge join cannot return its unmatched rows, so the hash join stays
            final String filtered = plan("select * from ma full join mb on ma.id = mb.id and ma.v < mb.w");
            assertTrue(filtered.contains("Hash Full Join"), filtered);
            final List<String> analyzed = c.q("explain analyze select count(*) from ma right join mb on ma.id = mb.id - 1")
                .column(0);
            final String a = String.join("\n", analyzed);
            assertTrue(a.matches("(?s).*Merge Right Join .*actual time=.* rows=10000 loops=1.*"), a);
            assertEquals(List.of(row("10000", "9999")), c.rows("select count(*), count(ma.id) from ma right join mb"
                + " on ma.id = mb.id - 1"));
        } finally {
            c.q("reset enable_hashjoin");
            c.q("reset enable_nestloop");
        }
        // the cached plan of the same text is made again under the settings now in force
        assertTrue(plan("select ma.v, mb.w from ma, mb where ma.v = mb.w").contains("Hash Join"));
    }

    @Test
    void fullJoinWithoutJoinableConditionsIsRefused() {
        final io.stratum.compute.session.SqlException e = c.exception("select count(*) from ma full join mb on ma.id < mb.id");
        assertEquals("0A000", e.sqlState());
        assertEquals("FULL JOIN is only supported with merge-joinable or hash-joinable join conditions", e.getMessage());
        assertEquals(List.of(row("30000")), c.rows("select count(*) from ma full join mb on false"));
    }
}
